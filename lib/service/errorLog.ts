/** How long the same error stays quiet after it was logged, in milliseconds. */
const quietPeriod = 60_000;

/**
 * A handler for the errors of a connection that retries (a Redis outage repeats the same one at
 * every reconnection): it logs an error, then the same message again only after a minute.
 */
export function errorLog(log: (line: string) => void, what: string): (error: Error) => void {
  const lastLogged = new Map<string, number>();
  return (error) => {
    const now = Date.now();
    if (now - (lastLogged.get(error.message) ?? -Infinity) < quietPeriod) return;
    lastLogged.set(error.message, now);
    log(`${what}: ${error.message}`);
  };
}
