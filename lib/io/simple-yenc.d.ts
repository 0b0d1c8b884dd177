// The one function of simple-yenc (which ships no types) that the Node entry uses.
declare module "simple-yenc" {
  /** Decodes a yEnc (or "dynEncode") string into its bytes. */
  export function decode(encoded: string): Uint8Array;
}
