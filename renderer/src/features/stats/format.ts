export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function formatPercent(n: number): string {
  return `${n >= 100 ? Math.round(n) : n.toFixed(1)} %`;
}

/** Per-second rates between two cumulative counters; 0 across a counter reset (a restart). */
export function rate(prev: { t: number; v: number } | undefined, cur: { t: number; v: number }): number {
  if (!prev || cur.t <= prev.t || cur.v < prev.v) return 0;
  return ((cur.v - prev.v) * 1000) / (cur.t - prev.t);
}
