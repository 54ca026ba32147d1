// Compiled (not run) by `make -C bindings-wasm test`: both builds have one shape. The wasm
// package, resolved through its own `exports`, is assigned to the interface the addon's
// typings declare for the whole module.
import type { HooksealModule } from '../../bindings-node/index.d.ts';
import * as wasm from 'hookseal-wasm';
import wasmDefault from 'hookseal-wasm';

const asModule: HooksealModule = wasm;
const asDefault: HooksealModule = wasmDefault;
const verify: (body: string, headers: Record<string, string>) => { id: string | null } = (b, h) =>
  new wasm.Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').verify(b, h);
void [asModule, asDefault, verify];
