import type { LogStream } from '../../../../shared/contract/logs';

export interface LogLine {
  /** Increases by one per line received; stable key for the virtual list. */
  seq: number;
  source: number;
  stream: LogStream;
  /** The engine's timestamp as sent, e.g. 2024-05-01T10:00:00.1234Z; null for a piece of a cut line. */
  ts: string | null;
  /** The text with its ANSI codes, without the timestamp and line end. */
  text: string;
}

/**
 * Why 50,000 lines and 32 M characters: a window the DOM-virtualised view
 * scrolls and searches instantly; the whole log stays available through
 * Download, which streams from the engine.
 */
export const MAX_LINES = 50_000;
export const MAX_CHARS = 32 * 1024 * 1024;

const TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z /;

/** Sort key of a timestamp: nanoseconds padded to 9 digits, so strings compare in time order. */
export function timeKey(ts: string | null): string {
  if (!ts) return '';
  const dot = ts.indexOf('.', 19);
  return `${ts.slice(0, 19)}.${dot > 0 ? ts.slice(dot + 1, -1).padEnd(9, '0') : '000000000'}`;
}

export function parseLine(raw: string): { ts: string | null; text: string } {
  const body = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
  // Fast path by character positions (a million lines pass through here); the regex confirms odd cases.
  if (body.charCodeAt(4) === 45 && body.charCodeAt(10) === 84 && body.charCodeAt(13) === 58) {
    const space = body.indexOf(' ', 19);
    if (space > 19 && body.charCodeAt(space - 1) === 90 && space < 32) {
      return { ts: body.slice(0, space), text: body.slice(space + 1) };
    }
  }
  const m = TS.exec(body);
  if (!m) return { ts: null, text: body };
  return { ts: m[0].trimEnd(), text: body.slice(m[0].length) };
}

/**
 * The view's window of lines: appends at the end, forgets the oldest past the
 * limits. Trims in batches so appending stays O(1) amortised.
 */
export class LogBuffer {
  lines: LogLine[] = [];
  private chars = 0;
  private seq = 0;
  /** Lines forgotten from the front since the start (the window moved). */
  dropped = 0;

  constructor(
    private readonly maxLines = MAX_LINES,
    private readonly maxChars = MAX_CHARS,
  ) {}

  /** Adds the lines of one `lines` event (bytes already decoded; whole lines, each ending in LF). */
  append(source: number, stream: LogStream, text: string): void {
    let start = 0;
    while (start < text.length) {
      let nl = text.indexOf('\n', start);
      if (nl < 0) nl = text.length;
      const p = parseLine(text.slice(start, nl));
      this.lines.push({ seq: this.seq++, source, stream, ...p });
      this.chars += p.text.length;
      start = nl + 1;
    }
    this.trim();
  }

  /** Orders lines by time, stable: the backlogs of several containers arrive one after another. */
  sortByTime(): void {
    const keyed = this.lines.map((l, i) => ({ l, i, k: timeKey(l.ts) }));
    keyed.sort((a, b) => (a.k && b.k && a.k !== b.k ? (a.k < b.k ? -1 : 1) : a.i - b.i));
    this.lines = keyed.map((x) => x.l);
  }

  clear(): void {
    this.lines = [];
    this.chars = 0;
    this.dropped = 0;
  }

  get size(): number {
    return this.lines.length;
  }

  private trim(): void {
    const overLines = this.lines.length - this.maxLines;
    if (overLines <= 0 && this.chars <= this.maxChars) return;
    // Trim a little more than needed so the next appends do not trim again at once.
    let cut = Math.max(0, overLines + Math.floor(this.maxLines / 20));
    let chars = this.chars;
    for (let i = 0; i < cut; i++) chars -= this.lines[i]!.text.length;
    while (chars > this.maxChars && cut < this.lines.length - 1) chars -= this.lines[cut++]!.text.length;
    this.lines.splice(0, cut);
    this.chars = chars;
    this.dropped += cut;
  }
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** The text as the user reads it: ANSI escapes removed, a trailing CR dropped. */
export function plainText(text: string): string {
  return text.replace(ANSI, '').replace(/\r$/, '');
}

export type Matcher = (plain: string) => Array<[number, number]>;

/** A search as typed: plain (case-insensitive) or a regular expression; an invalid regex is reported, not thrown. */
export function makeMatcher(query: string, regex: boolean): { match: Matcher | null; error?: string } {
  if (!query) return { match: null };
  let re: RegExp;
  try {
    re = regex ? new RegExp(query, 'gi') : new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  } catch (e) {
    return { match: null, error: e instanceof Error ? e.message : 'Invalid regular expression' };
  }
  return {
    match(plain) {
      const out: Array<[number, number]> = [];
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(plain)) && out.length < 1000) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        out.push([m.index, m.index + m[0].length]);
      }
      return out;
    },
  };
}
