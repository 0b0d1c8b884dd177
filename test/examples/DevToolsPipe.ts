/**
 * Chromium's DevTools protocol over the pipe that `--remote-debugging-pipe` opens: commands go
 * to the browser's file descriptor 3 and answers come from its 4, each message JSON ended by a
 * NUL byte. Enough of the protocol for a test to look at a page: attach to it, evaluate in it,
 * capture it.
 */
import type { Readable, Writable } from "node:stream";

interface Answer {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

export class DevToolsPipe {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  private pending = Buffer.alloc(0);

  constructor(
    private readonly commands: Writable,
    answers: Readable,
  ) {
    answers.on("data", (chunk: Buffer) => this.read(chunk));
    answers.on("close", () => this.closed());
  }

  /** Sends `method` (to the page attached as `sessionId`, or to the browser) and resolves with its result. */
  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.commands.write(JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) }) + "\0");
    });
  }

  /** A session on the browser's first page. */
  async attachToPage(): Promise<string> {
    const { targetInfos } = (await this.send("Target.getTargets")) as { targetInfos: { targetId: string; type: string }[] };
    const page = targetInfos.find((target) => target.type === "page");
    if (page === undefined) throw new Error("Chromium has no page to attach to");
    const { sessionId } = (await this.send("Target.attachToTarget", { targetId: page.targetId, flatten: true })) as { sessionId: string };
    return sessionId;
  }

  /** The value of `expression` in the page, as JSON carries it. */
  async evaluate(sessionId: string, expression: string): Promise<unknown> {
    const { result, exceptionDetails } = (await this.send("Runtime.evaluate", { expression, returnByValue: true }, sessionId)) as {
      result: { value?: unknown };
      exceptionDetails?: { text: string };
    };
    if (exceptionDetails !== undefined) throw new Error(`evaluating ${expression} in the page threw: ${exceptionDetails.text}`);
    return result.value;
  }

  /** The page's viewport as it is now, a PNG file. */
  async captureScreenshot(sessionId: string): Promise<Buffer> {
    const { data } = (await this.send("Page.captureScreenshot", { format: "png" }, sessionId)) as { data: string };
    return Buffer.from(data, "base64");
  }

  private read(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (let end = this.pending.indexOf(0); end >= 0; end = this.pending.indexOf(0)) {
      const message = JSON.parse(this.pending.subarray(0, end).toString()) as Answer;
      this.pending = this.pending.subarray(end + 1);
      // Events (no id) are not asked for and are let pass.
      const waiter = message.id === undefined ? undefined : this.waiting.get(message.id);
      if (waiter === undefined) continue;
      this.waiting.delete(message.id!);
      if (message.error !== undefined) waiter.reject(new Error(`DevTools: ${message.error.message}`));
      else waiter.resolve(message.result ?? {});
    }
  }

  private closed(): void {
    for (const waiter of this.waiting.values()) waiter.reject(new Error("Chromium closed its DevTools pipe"));
    this.waiting.clear();
  }
}
