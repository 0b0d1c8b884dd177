import type { IncomingMessage } from "node:http";
import { RequestError } from "./RequestError.js";

/**
 * A render's body: the MIDI file's own bytes. A form upload is refused with a 400 before it is
 * read, since its bytes are a form around the file, not the file; a body known to be larger than
 * `maxBytes` is refused with a 413, from its Content-Length before reading or while reading a
 * chunked body. The rest of a refused body is read and dropped (the request's time limit bounds
 * how long), so that the client, still sending, gets the answer instead of a reset connection.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = (): RequestError => new RequestError(413, `body: larger than this service's limit of ${maxBytes} bytes for a MIDI file`);
  return new Promise((resolve, reject) => {
    const mediaType = request.headers["content-type"]?.split(";")[0].trim().toLowerCase();
    if (mediaType?.startsWith("multipart/")) {
      request.resume();
      reject(
        new RequestError(
          400,
          `body: a form upload (${mediaType}) is not read; send the MIDI file's own bytes as the body, e.g. curl --data-binary @song.mid -H 'Content-Type: audio/midi'`,
        ),
      );
      return;
    }
    if (Number(request.headers["content-length"]) > maxBytes) {
      request.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (refused) return;
      if (size > maxBytes) {
        refused = true;
        chunks.length = 0;
        reject(tooLarge());
      } else {
        chunks.push(chunk);
      }
    });
    request.on("end", () => resolve(Buffer.concat(chunks, size)));
    request.on("close", () => reject(new RequestError(400, "body: the connection closed before the whole body came")));
  });
}
