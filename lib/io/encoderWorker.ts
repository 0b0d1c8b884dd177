/**
 * The body of the thread an {@link EncoderThread} starts: it creates the encoder its setup asks
 * for, then encodes each chunk the render sends, in order, and sends back the bytes of each.
 * It imports only the encoders, not the Node entry: no block renderer loads here.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { AudioEncoder, EncoderSetup } from "./AudioEncoder.js";
import { createEncoder } from "./createEncoder.js";
import type { EncoderReply, EncoderRequest } from "./EncoderThread.js";

const port = parentPort!;
// Copied rather than transferred: an encoder may hand out views that share a buffer.
const post = (reply: EncoderReply): void => port.postMessage(reply);
const fail = (error: unknown): void => {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: "error", name: e.name, message: e.message });
};

let encoder: AudioEncoder | undefined;
try {
  encoder = await createEncoder(workerData as EncoderSetup);
  post({ type: "ready" });
} catch (error) {
  fail(error);
}

port.on("message", (request: EncoderRequest) => {
  if (encoder === undefined) return;
  try {
    if (request.type === "chunk") {
      post({ type: "bytes", bytes: encoder.encode(request.channels, request.frames) });
    } else {
      const bytes = encoder.finish(request.totalFrames);
      post({ type: "end", bytes, rewrite: encoder.rewrite() });
      port.close();
    }
  } catch (error) {
    encoder = undefined;
    fail(error);
  }
});
