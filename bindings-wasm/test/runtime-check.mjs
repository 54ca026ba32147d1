// Run by deno-bun.test.mjs under Deno and Bun: imports the hookseal-wasm entry named on the
// command line (a path relative to this file, or the package name), runs checks.mjs on it and
// prints one line of JSON.
import { check } from './checks.mjs';

const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const specifier = args[0];
const hookseal = await import(specifier);
const summary = { specifier, resolved: import.meta.resolve(specifier), ...check(hookseal) };
console.log(JSON.stringify(summary));
