/**
 * The pure parts of the stats charts: axis labels, tick steps, the y range and
 * the keyboard's moves. Kept apart from the canvas so they are tested fast.
 */

const MINUS = '\u2212';

/** Seconds before the newest sample, as the time axis labels them: "now", "−30 s", "−2 min", "−1:30". */
export function relativeTime(secondsAgo: number): string {
  const s = Math.round(Math.abs(secondsAgo));
  if (s === 0) return 'now';
  if (s < 60) return `${MINUS}${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0 ? `${MINUS}${m} min` : `${MINUS}${m}:${String(rest).padStart(2, '0')}`;
}

/** A clock time, 24-hour, local: the tooltip gives it beside the relative time. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** Tick steps for the time axis, in seconds: round to what a clock shows. */
export const TIME_INCRS: readonly number[] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/** Tick steps for bytes: 1, 2, 5 … times powers of 1024, so labels read "256 MiB", not "268.4 MB". */
export const BYTE_INCRS: readonly number[] = (() => {
  const out: number[] = [];
  for (let k = 0; k <= 4; k++) for (const m of [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]) out.push(m * 1024 ** k);
  return out;
})();

/** Tick steps for percentages. */
export const PERCENT_INCRS: readonly number[] = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 400, 800, 1600];

/** The visible time span in seconds before "now": all samples, but never less than a minute, so a fresh chart is not stretched. */
export function timeRange(oldest: number | undefined): [number, number] {
  return [Math.min(oldest ?? 0, -60), 0];
}

/**
 * The top of the y axis: the highest value shown (or the limit, when one is
 * drawn) with a little headroom, never zero (a flat-zero series still gets an axis).
 */
export function yTop(dataMax: number | null | undefined, limit: number | undefined, floor: number): number {
  const top = Math.max(Number.isFinite(dataMax) ? (dataMax as number) : 0, limit ?? 0, floor);
  return top * 1.1;
}

/** The point the keyboard moves to from `idx` (null: none inspected yet), or undefined when the key is not ours. */
export function stepIndex(idx: number | null, key: string, length: number): number | undefined {
  if (length === 0) return undefined;
  const last = length - 1;
  switch (key) {
    case 'ArrowLeft':
      return idx === null ? last : Math.max(0, idx - 1);
    case 'ArrowRight':
      return idx === null ? last : Math.min(last, idx + 1);
    case 'PageUp':
      return idx === null ? Math.max(0, last - 10) : Math.max(0, idx - 10);
    case 'PageDown':
      return idx === null ? last : Math.min(last, idx + 10);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return undefined;
  }
}

/** The index of the sample taken at `t` (ms), or the nearest one: where a keyboard reader stays while new samples arrive. */
export function indexOfTime(times: readonly number[], t: number): number {
  if (times.length === 0) return -1;
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(times[lo - 1]! - t) <= Math.abs(times[lo]! - t)) return lo - 1;
  return lo;
}

/** One point in words, for the tooltip's heading and the screen reader: "−12 s (21:15:03): in 1 KiB/s, out 0 B/s". */
export function describePoint(secondsAgo: number, t: number, values: ReadonlyArray<{ name: string; text: string }>): string {
  return `${relativeTime(secondsAgo)} (${clockTime(t)}): ${values.map((v) => `${v.name} ${v.text}`).join(', ')}`;
}

/** Axis labels are short: "1 KiB" rather than "1.0 KiB". */
export function shortNumber(text: string): string {
  return text.replace(/\.0(?=\s)/, '');
}
