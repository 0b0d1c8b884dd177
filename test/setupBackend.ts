// CI's third pass runs the suite with MELTYSYNTH_BACKEND=wasm, so that every synthesizer that
// does not name its backend runs on the wasm one. Tests that import the engine alone
// (lib/index.ts, as a browser would) have no module compiled, and would be refused the backend
// the variable names: here it is compiled for every test file, as the package's Node entry does.
import { loadWasmModule } from "../lib/io/loadWasmModule.js";
import { environmentBackend } from "../lib/kernels/createBlockRenderer.js";

if (environmentBackend() === "wasm") loadWasmModule();
