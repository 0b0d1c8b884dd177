/**
 * meltysynth-native/service: the render service's pool, for a server's own program. A
 * {@link RenderPool} keeps a folder's fonts loaded in each of its threads across renders, and
 * renders to the bytes of a whole file in any format off the calling thread. It runs on piscina,
 * which this entry loads (the Node entry does not).
 */
export { FontFolderError } from "./FontFolderError.js";
export { FontLibrary } from "./FontLibrary.js";
export type { FontSummary } from "./FontLibrary.js";
export { RenderPool } from "./RenderPool.js";
export type { PoolRender, RenderResult as PoolResult } from "./RenderPool.js";
export { RequestError } from "./RequestError.js";
