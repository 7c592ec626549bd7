/**
 * Runs the policy check and the engine's create one at a time per engine, so
 * two creates cannot each pass the nesting rule against a list without the
 * other. Starts stay outside: they are the slow part.
 */
export class CreateQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
