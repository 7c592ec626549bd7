export function formatPercent(n: number): string {
  return `${n >= 100 ? Math.round(n) : n.toFixed(1)} %`;
}

/** Per-second rates between two cumulative counters; 0 across a counter reset (a restart). */
export function rate(prev: { t: number; v: number } | undefined, cur: { t: number; v: number }): number {
  if (!prev || cur.t <= prev.t || cur.v < prev.v) return 0;
  return ((cur.v - prev.v) * 1000) / (cur.t - prev.t);
}
