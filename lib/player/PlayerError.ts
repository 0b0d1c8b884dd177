/**
 * Thrown (or rejected with) when the player cannot do what it was asked: the audio thread could
 * not load the font, refused a song, or failed while rendering. The message says which, and why.
 */
export class PlayerError extends Error {
  override readonly name = "PlayerError";
}
