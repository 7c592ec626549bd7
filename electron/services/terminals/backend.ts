import type { TerminalSignal } from '../../../shared/contract/terminals';
import { drainedOrClosed } from '../streams';

/** What a terminal session needs from whatever runs behind it (exec, pty, attach). */
export interface TerminalBackend {
  write(bytes: Buffer): Promise<void>;
  resize(cols: number, rows: number): Promise<void>;
  signal(signal: TerminalSignal): Promise<void>;
  /** Ends the session: kills its processes (attach: detaches). Resolves once done. */
  close(): Promise<void>;
  /** Flow control: stop / restart reading output, so the process blocks on its writes. */
  pause(): void;
  resume(): void;
}

export interface BackendSink {
  data(bytes: Buffer): void;
  /** Called once, when the process is gone or the stream ended. */
  end(exitCode: number | null, reason: string): void;
}

/** Writes to a stream, waiting for 'drain' when its buffer is full (input backpressure). */
export function writeWithDrain(stream: NodeJS.WritableStream & { destroyed?: boolean }, bytes: Buffer): Promise<void> {
  if (stream.destroyed) return Promise.resolve();
  if (stream.write(bytes)) return Promise.resolve();
  return drainedOrClosed(stream);
}
