/**
 * Resolves with the first SIGTERM or SIGINT (Ctrl-C), for a long-running command to stop
 * gracefully; a second one calls `now`, for when waiting is not wanted.
 */
export function stopSignal(now: () => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (received) now();
      received = true;
      resolve(signal);
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
}
