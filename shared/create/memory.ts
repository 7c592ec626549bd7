import { MEMORY_PATTERN } from '../contract/create';

const UNIT: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
};

/** Docker's RAMInBytes: binary units, "512m" = 512 MiB; a bare number is bytes. Undefined when not a size. */
export function parseMemory(text: string): number | undefined {
  const t = text.trim();
  if (!MEMORY_PATTERN.test(t)) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(t);
  if (!m) return undefined;
  const unit = (m[2] ?? '').toLowerCase().charAt(0);
  const factor = UNIT[unit];
  if (factor === undefined) return undefined;
  return Math.round(Number(m[1]) * factor);
}

/** The shortest exact Docker-style size: 536870912 → "512m", 1536 → "1536" stays bytes when not a whole KiB. */
export function formatMemory(bytes: number): string {
  for (const [suffix, factor] of [
    ['t', 1024 ** 4],
    ['g', 1024 ** 3],
    ['m', 1024 ** 2],
    ['k', 1024],
  ] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${suffix}`;
  }
  return String(bytes);
}

/** Human figure for messages: 6291456 → "6 MiB". */
export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}
