import type { Progress } from '../../../shared/contract/files';

/**
 * Bytes and files done against a total, with a speed smoothed over about a
 * second (an instant rate jumps with every chunk) and the time left at it.
 */
export class ProgressMeter {
  bytes = 0;
  files = 0;
  private rate = 0;
  private lastT: number;
  private lastBytes = 0;

  constructor(
    public totalBytes: number,
    public totalFiles: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastT = now();
  }

  add(n: number): void {
    this.bytes += n;
  }

  file(): void {
    this.files++;
  }

  reset(totalBytes: number, totalFiles: number): void {
    this.bytes = 0;
    this.files = 0;
    this.totalBytes = totalBytes;
    this.totalFiles = totalFiles;
    this.rate = 0;
    this.lastBytes = 0;
    this.lastT = this.now();
  }

  snapshot(): Progress {
    const t = this.now();
    const dt = (t - this.lastT) / 1000;
    if (dt >= 0.2) {
      const instant = (this.bytes - this.lastBytes) / dt;
      // EWMA with a ~1 s time constant.
      const a = Math.min(1, dt);
      this.rate = this.rate === 0 ? instant : this.rate * (1 - a) + instant * a;
      this.lastT = t;
      this.lastBytes = this.bytes;
    }
    const left = Math.max(0, this.totalBytes - this.bytes);
    // The smoothed speed of a transfer that stopped only tends to zero: under a byte a second it is zero,
    // and the time left unknown rather than millions of years.
    const rate = this.rate >= 1 ? this.rate : 0;
    return {
      bytes: this.bytes,
      totalBytes: this.totalBytes,
      files: this.files,
      totalFiles: this.totalFiles,
      bytesPerSecond: rate,
      etaSeconds: left === 0 ? 0 : rate > 0 ? left / rate : null,
    };
  }
}

/** Calls `fn` at most every `ms`, and once more with the last call when asked to flush. */
export function throttle(fn: () => void, ms: number, now: () => number = Date.now): { call(): void; flush(): void } {
  let last = 0;
  return {
    call() {
      const t = now();
      if (t - last >= ms) {
        last = t;
        fn();
      }
    },
    flush() {
      last = now();
      fn();
    },
  };
}
