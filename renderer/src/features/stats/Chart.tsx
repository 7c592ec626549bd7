import { useId } from 'react';

/**
 * A small line chart in inline SVG: one or two series over the same time
 * axis, scaled to the largest value shown (or a fixed maximum such as a limit).
 */
export function Chart(props: {
  label: string;
  series: Array<{ name: string; values: number[]; color: string }>;
  max?: number;
  format(v: number): string;
}) {
  const titleId = useId();
  const W = 300;
  const H = 60;
  const n = Math.max(2, ...props.series.map((s) => s.values.length));
  const peak = props.max ?? Math.max(1e-9, ...props.series.flatMap((s) => s.values));
  const last = props.series.map((s) => `${s.name} ${props.format(s.values[s.values.length - 1] ?? 0)}`).join(', ');
  return (
    <figure className="stats-chart">
      <figcaption id={titleId}>
        <strong>{props.label}</strong> <span className="muted">{last}</span>
      </figcaption>
      <svg role="img" aria-label={`${props.label} chart: ${last}`} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" width="100%" height={H}>
        <line x1="0" y1={H - 0.5} x2={W} y2={H - 0.5} className="stats-axis" />
        {props.series.map((s) => {
          const offset = n - s.values.length;
          const pts = s.values
            .map((v, i) => `${(((i + offset) / (n - 1)) * W).toFixed(1)},${(H - 1 - (Math.min(v, peak) / peak) * (H - 4)).toFixed(1)}`)
            .join(' ');
          return <polyline key={s.name} points={pts} fill="none" stroke={s.color} strokeWidth="1.5" vectorEffect="non-scaling-stroke" />;
        })}
      </svg>
      <span className="muted stats-peak">max {props.format(peak)}</span>
    </figure>
  );
}
