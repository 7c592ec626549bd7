/**
 * A sweep that runs one pass at a time. A call while a pass runs asks for one
 * more pass after it, not a second one beside it, and waits for the end: for
 * sweeps set off by events that come in bursts (the engine connecting, a new
 * entry to clean up), where a pass that started before the latest event may
 * have missed it.
 */
export class SerialSweep {
  private running: Promise<void> | undefined;
  private again = false;

  /** @param mayRepeat asked before each extra pass (e.g. only while the engine is connected) */
  constructor(
    private readonly pass: () => Promise<void>,
    private readonly mayRepeat: () => boolean = () => true,
  ) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again && this.mayRepeat());
    })().finally(() => (this.running = undefined));
    return this.running;
  }
}
