/**
 * Turns log payloads into whole lines, each `TIMESTAMP SP TEXT LF`.
 *
 * The engine's json-file driver cuts lines longer than 16 KiB into partial
 * messages, and with timestamps on it prefixes every partial message with its
 * own timestamp. For non-TTY containers each frame is one message, so a frame
 * that continues an unfinished line has its timestamp dropped here; TTY
 * output has no frames, so stray timestamps inside long lines are removed by
 * pattern. Lines longer than `maxLine` are cut into pieces, so memory stays
 * bounded whatever a container prints.
 */
export const TIMESTAMP_PREFIX = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) /;
const TIMESTAMP_INSIDE = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{1,9}Z /g;
/** Why: the engine's partial-message size; TTY lines shorter than this cannot carry a split timestamp. */
const ENGINE_PARTIAL_SIZE = 16 * 1024;
const NL = 0x0a;

export class LineAssembler {
  private parts: Buffer[] = [];
  private partLen = 0;

  constructor(
    private readonly maxLine: number,
    private readonly opts: { tty: boolean; timestamps: boolean },
  ) {}

  get buffered(): number {
    return this.partLen;
  }

  /** One engine message (a frame) or, for TTY, one raw chunk. */
  push(payload: Buffer, onLine: (line: Buffer) => void, isFrame = false): void {
    let data = payload;
    if (isFrame && this.opts.timestamps && this.partLen > 0) {
      const m = TIMESTAMP_PREFIX.exec(data.subarray(0, 40).toString('latin1'));
      if (m) data = data.subarray(m[0].length);
    }
    let start = 0;
    while (start < data.length) {
      const nl = data.indexOf(NL, start);
      if (nl < 0) {
        this.append(data.subarray(start), onLine);
        return;
      }
      this.append(data.subarray(start, nl + 1), onLine);
      this.emit(onLine);
      start = nl + 1;
    }
  }

  /** The unfinished last line, if any (end of stream). */
  flush(onLine: (line: Buffer) => void): void {
    if (this.partLen > 0) {
      this.parts.push(Buffer.from('\n'));
      this.partLen += 1;
      this.emit(onLine);
    }
  }

  private append(piece: Buffer, onLine: (line: Buffer) => void): void {
    if (!piece.length) return;
    // No copy: a slice pins its chunk only until the line is batched and sent (bounded by the batch size).
    this.parts.push(piece);
    this.partLen += piece.length;
    if (this.partLen >= this.maxLine && piece[piece.length - 1] !== NL) {
      this.parts.push(Buffer.from('\n'));
      this.partLen += 1;
      this.emit(onLine);
    }
  }

  private emit(onLine: (line: Buffer) => void): void {
    let line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.partLen);
    this.parts = [];
    this.partLen = 0;
    if (this.opts.tty && this.opts.timestamps && line.length > ENGINE_PARTIAL_SIZE) line = stripInnerTimestamps(line);
    onLine(line);
  }
}

/** Removes timestamps the engine inserted inside one long TTY line (never the leading one). */
export function stripInnerTimestamps(line: Buffer): Buffer {
  const text = line.toString('utf8');
  const lead = TIMESTAMP_PREFIX.exec(text)?.[0] ?? '';
  const rest = text.slice(lead.length).replace(TIMESTAMP_INSIDE, '');
  return Buffer.from(lead + rest, 'utf8');
}

/** The engine's timestamp as [seconds, nanoseconds], for ordering and `since`. */
export function parseEngineTimestamp(ts: string): [number, number] | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(ts);
  if (!m) return null;
  const secs = Date.parse(`${m[1]}Z`) / 1000;
  if (!Number.isFinite(secs)) return null;
  return [secs, Number((m[2] ?? '').padEnd(9, '0'))];
}

export function lineTimestamp(line: Buffer): string | null {
  const m = TIMESTAMP_PREFIX.exec(line.subarray(0, 40).toString('latin1'));
  return m ? m[0].trimEnd() : null;
}

/** ms since epoch → the engine's `since` parameter ("seconds.nanoseconds"). */
export function sinceParam(ms: number): string {
  const secs = Math.floor(ms / 1000);
  return `${secs}.${String((ms - secs * 1000) * 1_000_000).padStart(9, '0')}`;
}

/** [s, ns] → "seconds.nanoseconds". */
export function sinceFromTimestamp([s, ns]: [number, number]): string {
  return `${s}.${String(ns).padStart(9, '0')}`;
}

export function compareTimestamps(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

let cachedSecondsText = '';
let cachedSeconds = 0;

/**
 * The engine timestamp at the start of a line as [seconds, nanoseconds],
 * read from the bytes without building strings per line (a million-line log
 * is a million of these). null when the line does not start with one.
 */
export function fastLineTimestamp(line: Buffer): [number, number] | null {
  if (line.length < 21 || line[4] !== 0x2d || line[10] !== 0x54 || line[13] !== 0x3a) return null;
  const secondsText = line.toString('latin1', 0, 19);
  if (secondsText !== cachedSecondsText) {
    const secs = Date.parse(`${secondsText}Z`) / 1000;
    if (!Number.isFinite(secs)) return null;
    cachedSecondsText = secondsText;
    cachedSeconds = secs;
  }
  let i = 19;
  let nanos = 0;
  if (line[i] === 0x2e) {
    let digits = 0;
    i++;
    while (i < line.length && line[i]! >= 0x30 && line[i]! <= 0x39 && digits < 9) {
      nanos = nanos * 10 + (line[i]! - 0x30);
      digits++;
      i++;
    }
    for (; digits < 9; digits++) nanos *= 10;
  }
  if (line[i] !== 0x5a) return null;
  return [cachedSeconds, nanos];
}
