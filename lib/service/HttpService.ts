import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FontLibrary } from "./FontLibrary.js";
import { unknownJob, type JobService } from "./JobService.js";
import type { Metrics } from "./Metrics.js";
import { readBody } from "./readBody.js";
import { parseRenderRequest, type RenderRequest } from "./RenderRequest.js";
import { RequestError } from "./RequestError.js";
import type { ServiceLimits } from "./ServiceLimits.js";

/** What a client that was told to come back later waits, in seconds. */
const retryAfter = 5;
/** Job ids are UUIDs; anything else is no job, and never reaches the job store. */
const jobPath = /^\/jobs\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\/audio)?$/;

export interface HttpServiceOptions {
  fonts: FontLibrary;
  jobs: JobService;
  limits: ServiceLimits;
  metrics: Metrics;
  /** When set, every route but /health wants `Authorization: Bearer <token>`. */
  token?: string;
  /** Where failures the service did not expect are reported, stack and all. */
  log: (line: string) => void;
}

/**
 * The HTTP API (node:http): `POST /render` answers with the audio, `POST /jobs` queues a render
 * and answers its id, `GET /jobs/:id` and `GET /jobs/:id/audio` follow it, `GET /fonts`,
 * `GET /health` and `GET /metrics` describe the service. Every refusal is a JSON `{ "error" }`
 * with its status; whatever happens to one request, the next is served.
 */
export class HttpService {
  private readonly server: Server;
  private readonly tokenDigest: Buffer | undefined;
  private stopping = false;
  /** Render requests past the queue check whose body is still coming: they count as waiting. */
  private admitting = 0;

  constructor(private readonly options: HttpServiceOptions) {
    const { limits } = options;
    this.tokenDigest = options.token === undefined ? undefined : digest(`Bearer ${options.token}`);
    const requestTimeout = limits.requestTimeoutSeconds * 1000;
    this.server = createServer({
      requestTimeout,
      headersTimeout: Math.min(requestTimeout, 20_000),
      keepAliveTimeout: limits.idleTimeoutSeconds * 1000,
      // The timeouts above are checked this often (Node's default, 30 s, would stretch them).
      connectionsCheckingInterval: 1000,
    });
    this.server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      response.on("finish", () => options.metrics.answered(response.statusCode));
      this.handle(request, response).catch((error: unknown) => this.fail(response, error));
    });
  }

  /** Starts listening; resolves with the address (the port chosen when `port` is 0). */
  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /**
   * Stops taking connections, answers the requests under way (renders included), then closes
   * the job service, which lets local jobs finish.
   */
  async close(): Promise<void> {
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await closed;
    await this.options.jobs.close();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { fonts, jobs, limits, metrics } = this.options;
    if (this.stopping) response.setHeader("Connection", "close");
    const url = URL.canParse(request.url ?? "", "http://service") ? new URL(request.url ?? "", "http://service") : undefined;
    if (url === undefined) throw new RequestError(400, `the request's target cannot be read as a URL: ${request.url}`);
    const route = `${request.method} ${url.pathname}`;
    if (url.pathname !== "/health") this.authorize(request);
    if (route === "GET /health") {
      const healthy = await jobs.healthy();
      sendJson(response, healthy ? 200 : 503, { status: healthy ? "ok" : "unavailable", mode: jobs.mode, fonts: fonts.names });
      return;
    }
    if (this.stopping) throw new RequestError(503, "the service is stopping", { retryAfter });
    const job = jobPath.exec(url.pathname);
    if (route === "POST /render") {
      const result = await jobs.render(await this.renderRequest(request, url));
      sendAudio(response, result.audio, result.mediaType);
    } else if (route === "POST /jobs") {
      const id = await jobs.submit(await this.renderRequest(request, url));
      response.setHeader("Location", `/jobs/${id}`);
      sendJson(response, 202, { id, state: "queued", status: `/jobs/${id}`, audio: `/jobs/${id}/audio` });
    } else if (job !== null && request.method === "GET") {
      if (job[2] === undefined) {
        const status = await jobs.status(job[1]);
        if (status === undefined) throw unknownJob(job[1], limits.resultTtlSeconds);
        sendJson(response, 200, status);
      } else {
        const { audio, mediaType } = await jobs.audio(job[1]);
        sendAudio(response, audio, mediaType);
      }
    } else if (route === "GET /fonts") {
      sendJson(response, 200, { fonts: fonts.summaries });
    } else if (route === "GET /metrics") {
      const [queued, running] = await Promise.all([jobs.queued(), jobs.running()]);
      response.writeHead(200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" });
      response.end(metrics.text({ queued, running }));
    } else {
      const allowed = allowedMethods(url.pathname);
      if (allowed === undefined) throw new RequestError(404, `no such route: ${url.pathname}; the routes are POST /render, POST /jobs, GET /jobs/ID, GET /jobs/ID/audio, GET /fonts, GET /health, GET /metrics`);
      response.setHeader("Allow", allowed);
      throw new RequestError(405, `${url.pathname} takes ${allowed}, not ${request.method}`);
    }
  }

  /** A render request, refused before its body is read when the queue is full. */
  private async renderRequest(request: IncomingMessage, url: URL): Promise<RenderRequest> {
    const { fonts, jobs, limits } = this.options;
    if ((await jobs.queued()) + this.admitting >= limits.maxQueue) {
      throw new RequestError(503, `the queue is full (${limits.maxQueue} renders waiting); try again later`, { retryAfter });
    }
    this.admitting++;
    try {
      const body = await readBody(request, limits.maxMidiBytes);
      return parseRenderRequest(url.searchParams, body, fonts, limits);
    } finally {
      this.admitting--;
    }
  }

  /** @throws RequestError (401) unless the request carries the token. */
  private authorize(request: IncomingMessage): void {
    if (this.tokenDigest === undefined) return;
    // Digests of equal length, compared in constant time: the answer's timing tells nothing.
    if (!timingSafeEqual(digest(request.headers.authorization ?? ""), this.tokenDigest)) {
      throw new RequestError(401, "this service wants a token: send 'Authorization: Bearer <token>'");
    }
  }

  private fail(response: ServerResponse, error: unknown): void {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (error instanceof RequestError) {
      if (error.status === 401) response.setHeader("WWW-Authenticate", "Bearer");
      if (error.retryAfter !== undefined) response.setHeader("Retry-After", String(error.retryAfter));
      sendJson(response, error.status, { error: error.message });
      return;
    }
    const e = error instanceof Error ? error : new Error(String(error));
    this.options.log(`internal error: ${e.stack ?? e.message}`);
    sendJson(response, 500, { error: `internal error: ${e.message}` });
  }
}

function allowedMethods(pathname: string): string | undefined {
  if (pathname === "/render" || pathname === "/jobs") return "POST";
  if (jobPath.test(pathname) || ["/fonts", "/health", "/metrics"].includes(pathname)) return "GET";
  return undefined;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  response.end(text);
}

function sendAudio(response: ServerResponse, audio: Uint8Array, mediaType: string): void {
  response.writeHead(200, { "Content-Type": mediaType, "Content-Length": audio.length });
  response.end(audio);
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
