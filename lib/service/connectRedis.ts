import { Redis, type RedisOptions } from "ioredis";
import { RedisConnectionError } from "./RedisConnectionError.js";
import { shownUrl } from "./shownUrl.js";

/** How long the first connection may take before the command gives up. */
const firstConnectionTimeout = 10_000;

/**
 * The connection options of a Redis URL, `redis://[user:password@]host[:port][/db]` (or
 * `rediss://` for TLS), for BullMQ to open its own connections with.
 * @throws RedisConnectionError for a URL that is not a Redis URL.
 */
export function redisOptions(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisConnectionError(url, "not a URL; give redis://HOST:PORT");
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new RedisConnectionError(shownUrl(url), "the URL must start with redis:// or rediss://");
  }
  const db = parsed.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d+$/.test(db)) throw new RedisConnectionError(shownUrl(url), `the database must be a number, got '${db}'`);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port: parsed.port === "" ? 6379 : Number(parsed.port),
    username: parsed.username === "" ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === "" ? undefined : decodeURIComponent(parsed.password),
    db: db === "" ? 0 : Number(db),
    tls: parsed.protocol === "rediss:" ? {} : undefined,
  };
}

/**
 * A connection of this process's own (for the audio and health checks) to the Redis server at
 * `url`, once it answers. After that first connection it reconnects whenever the server goes
 * away; a command waits meanwhile, until twenty reconnections have failed.
 * @throws RedisConnectionError when the server does not answer at first.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis({ ...redisOptions(url), lazyConnect: true, connectTimeout: firstConnectionTimeout });
  // Errors while reconnecting are expected: whoever uses the connection sees failed commands.
  // The first one says why the first connection failed ("Connection is closed" does not).
  let firstError: Error | undefined;
  redis.on("error", (error: Error) => (firstError ??= error));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new RedisConnectionError(shownUrl(url), (firstError ?? (error as Error)).message, { cause: firstError ?? error });
  }
  return redis;
}
