import type { HeaderRewrite } from "./AudioEncoder.js";

/**
 * The bytes of a whole file: its encoded parts back to back, with the header bytes its encoder
 * learned only at the end written over the start.
 */
export function wholeFile(parts: readonly Uint8Array[], rewrite: HeaderRewrite | undefined): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  if (rewrite !== undefined) bytes.set(rewrite.bytes, rewrite.offset);
  return bytes;
}
