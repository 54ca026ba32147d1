// What the Node benchmark scripts share beyond timing: finding the packages they compare
// (devDependencies of bindings-node and bindings-wasm, outside bench/'s resolution path),
// cold import times in fresh processes, and writing bench/results/<name>.json.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, type } from 'node:os';
import { fileURLToPath } from 'node:url';

export const ROOT = new URL('../../', import.meta.url);
export const NODE_PACKAGE = new URL('bindings-node/', ROOT);
export const WASM_PACKAGE = new URL('bindings-wasm/', ROOT);

// Conditions Node would pick for an `import` from Node, in the order a package may list them.
const CONDITIONS = ['node', 'import', 'default'];

function pickExport(target) {
  if (typeof target === 'string') return target;
  if (target === null || typeof target !== 'object') return null;
  for (const [condition, value] of Object.entries(target)) {
    if (condition === '.' || CONDITIONS.includes(condition)) {
      const found = pickExport(value);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The file URL an `import` of package `name` resolves to from inside `from` (a package folder
 * URL): bench/ is no package of its own, so bare names would not resolve from here.
 */
export function resolvePackage(name, from = NODE_PACKAGE) {
  const dir = new URL(`node_modules/${name}/`, from);
  const manifest = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8'));
  const exported = manifest.exports && pickExport(manifest.exports['.'] ?? manifest.exports);
  return new URL(exported ?? manifest.module ?? manifest.main ?? 'index.js', dir).href;
}

/** `import(name)` of a package that bindings-node (or `from`) depends on. */
export async function importPackage(name, from = NODE_PACKAGE) {
  return import(resolvePackage(name, from));
}

/** The version in a package's package.json, for the report. */
export function packageVersion(name, from = NODE_PACKAGE) {
  const manifest = new URL(`node_modules/${name}/package.json`, from);
  return JSON.parse(readFileSync(manifest, 'utf8')).version;
}

/**
 * Milliseconds for `await import(url)` in a fresh Node process (process start excluded),
 * `runs` times per entry of `modules` (`{ name: url }`). Resolves to `{ name: [ms, ...] }`.
 */
export function importTimes(modules, runs = 7) {
  const out = {};
  for (const [name, url] of Object.entries(modules)) {
    const code =
      'const t = performance.now(); await import(process.argv[1]); ' +
      'console.log(performance.now() - t);';
    try {
      out[name] = [];
      for (let r = 0; r < runs; r++) {
        const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', code, url], {
          encoding: 'utf8',
          env: { ...process.env, NODE_OPTIONS: '' },
        });
        out[name].push(Number(stdout.trim().split('\n').pop()));
      }
    } catch (err) {
      // A package that does not import is reported as not measured; the run goes on.
      console.warn(`import time of ${name} not measured: ${err.message.split('\n')[0]}`);
      delete out[name];
    }
  }
  return out;
}

/** `make -C bindings-wasm size`, read now (the module keeps shrinking), as numbers. */
export function wasmSize() {
  let text;
  try {
    text = execFileSync('make', ['--no-print-directory', '-s', '-C', 'bindings-wasm', 'size'], {
      cwd: fileURLToPath(ROOT),
      encoding: 'utf8',
    });
  } catch (err) {
    return { text: `not measured: ${err.message.split('\n')[0]}` };
  }
  const match = /(\d+) B module \+ (\d+) B JavaScript .*gzipped: (\d+) B \(budget (\d+)\)/.exec(
    text,
  );
  if (!match) return { text: text.trim() };
  const [moduleGz, glueGz, totalGz, budget] = match.slice(1).map(Number);
  const raw = readFileSync(new URL('dist/hookseal_wasm_bg.wasm', WASM_PACKAGE)).length;
  return { moduleGz, glueGz, totalGz, budget, moduleRaw: raw, text: text.trim() };
}

function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? '',
    cores: cpu.length,
    os: `${type()} ${release()}`,
    load_average: loadavg(),
  };
}

function nowText() {
  const iso = new Date().toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Writes bench/results/<name>.json with the machine and the time added; returns its path. */
export function writeResults(name, data) {
  const dir = new URL('bench/results/', ROOT);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${name}.json`, dir);
  const payload = { date: nowText(), machine: machine(), ...data };
  writeFileSync(file, `${JSON.stringify(payload, null, 1)}\n`);
  return fileURLToPath(file);
}
