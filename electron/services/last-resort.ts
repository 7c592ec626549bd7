/**
 * The last line of defence of a host process. Every engine request and every
 * handler is meant to fail inside its own promise; when something still
 * escapes (a library throwing from a socket callback, say), ending the process
 * would take every terminal session, transfer and client connection with it.
 * So the host logs what escaped, with a count, and keeps serving: the call
 * that caused it has already failed or will time out on its own.
 *
 * Installed once by each host's entry point, never by the services (tests
 * want an escaped error to fail loudly).
 */
export function keepServingOnEscapedErrors(log: (line: string) => void = (l) => console.error(l)): () => void {
  let escaped = 0;
  const report = (kind: string) => (e: unknown) => {
    escaped++;
    const what = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
    log(`[berth] ${kind} #${escaped} escaped its call and was contained; still serving. ${what}`);
  };
  const onException = report('uncaught exception');
  const onRejection = report('unhandled rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
