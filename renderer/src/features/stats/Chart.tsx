import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { clockTime, describePoint, indexOfTime, relativeTime, stepIndex, TIME_INCRS, timeRange, yTop } from './chart-scale';
import { useSchemeKey } from './use-scheme';

export interface ChartSeries {
  name: string;
  values: number[];
  /** A CSS custom property defined in stats.css, e.g. `--chart-cpu`: the theme decides the colour. */
  color: string;
}

export interface ChartProps {
  label: string;
  /** Sample times, ms since epoch, oldest first; one per value of every series. */
  times: number[];
  series: ChartSeries[];
  /** A value in full, with its unit (tooltip, caption, screen reader). */
  format(v: number): string;
  /** A value on the y axis (short). */
  axisFormat(v: number): string;
  /** Tick steps for the y axis, in the values' unit. */
  incrs: readonly number[];
  /** The smallest y top, so an all-zero series still has a scale. */
  floor: number;
  /** A horizontal line drawn across the plot, e.g. the memory limit. */
  limit?: { value: number; label: string };
}

const HEIGHT = 130;
const AXIS_FONT_PX = 11;

type Palette = { axis: string; grid: string; limit: string; series: string[] };

function readPalette(el: HTMLElement, series: ChartSeries[]): Palette {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    axis: v('--chart-axis', '#666'),
    grid: v('--chart-grid', 'rgba(127,127,127,0.25)'),
    limit: v('--chart-limit', '#c62828'),
    series: series.map((s) => v(s.color, '#2563eb')),
  };
}

/**
 * A time-series chart on uPlot (canvas): a relative time axis ending at the
 * newest sample, a y axis in the values' unit, a crosshair with a tooltip on
 * hover, and the same readout by keyboard (arrows move the inspected point,
 * announced through a live region). The textual values stay in the caption.
 */
export function Chart(props: ChartProps) {
  const hintId = useId();
  const plotRef = useRef<HTMLDivElement>(null);
  const uRef = useRef<uPlot | null>(null);
  const palette = useRef<Palette>({ axis: '#666', grid: '#ccc', limit: '#c62828', series: [] });
  const propsRef = useRef(props);
  propsRef.current = props;
  /** The sample time the keyboard inspects (ms), kept while new samples slide the chart. */
  const keyTime = useRef<number | null>(null);
  const [idx, setIdx] = useState<number | null>(null);
  const [announced, setAnnounced] = useState('');
  /** The labels uPlot last drew on each axis: the canvas has no text a screen reader or a test could read. */
  const [axisText, setAxisText] = useState<[string[], string[]]>([[], []]);
  const noteAxis = (axis: 0 | 1, labels: string[]) => {
    setAxisText((prev) => (prev[axis].join('|') === labels.join('|') ? prev : axis === 0 ? [labels, prev[1]] : [prev[0], labels]));
    return labels;
  };
  const noteAxisRef = useRef(noteAxis);
  noteAxisRef.current = noteAxis;
  const scheme = useSchemeKey();

  const newest = props.times[props.times.length - 1] ?? 0;
  const data = useMemo<uPlot.AlignedData>(
    () => [props.times.map((t) => (t - newest) / 1000), ...props.series.map((s) => s.values)],
    [props.times, props.series, newest],
  );
  const dataRef = useRef(data);
  dataRef.current = data;
  const seriesKey = props.series.map((s) => `${s.name}:${s.color}`).join('|');

  // One uPlot per chart for the component's life (or a change of series); data and size update it in place.
  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    const p = propsRef.current;
    palette.current = readPalette(el, p.series);
    const family = getComputedStyle(el).fontFamily;
    const font = `${AXIS_FONT_PX}px ${family}`;
    const axisCommon = {
      font,
      stroke: () => palette.current.axis,
      grid: { stroke: () => palette.current.grid, width: 1 },
      ticks: { stroke: () => palette.current.grid, width: 1, size: 4 },
    };
    const opts: uPlot.Options = {
      width: Math.max(120, el.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: {
        drag: { x: false, y: false, setScale: false },
        points: { size: 7, fill: (u, si) => palette.current.series[si - 1] ?? palette.current.axis },
      },
      scales: {
        x: { time: false, range: (u) => timeRange(u.data[0][0]) },
        y: {
          range: (u, _min, max) => [0, yTop(max, propsRef.current.limit?.value, propsRef.current.floor)],
        },
      },
      axes: [
        { ...axisCommon, incrs: [...TIME_INCRS], space: 64, size: 28, values: (_u, splits) => noteAxisRef.current(0, splits.map(relativeTime)) },
        {
          ...axisCommon,
          incrs: () => [...propsRef.current.incrs],
          space: 28,
          size: 70,
          values: (_u, splits) => noteAxisRef.current(1, splits.map((v) => propsRef.current.axisFormat(v))),
        },
      ],
      series: [
        {},
        ...p.series.map((s, i) => ({
          label: s.name,
          stroke: () => palette.current.series[i] ?? palette.current.axis,
          width: 1.5,
          points: { show: false },
        })),
      ],
      hooks: {
        setCursor: [(u) => setIdx(u.cursor.idx ?? null)],
        draw: [
          () => {
            // New samples moved the chart: a keyboard reader stays on the sample it chose (the cursor keeps its pixel otherwise).
            if (keyTime.current !== null) place(indexOfTime(propsRef.current.times, keyTime.current), false);
          },
          (u) => {
            const lim = propsRef.current.limit;
            if (!lim) return;
            const ctx = u.ctx;
            const y = Math.round(u.valToPos(lim.value, 'y', true)) + 0.5;
            const r = uPlot.pxRatio;
            ctx.save();
            ctx.strokeStyle = palette.current.limit;
            ctx.fillStyle = palette.current.limit;
            ctx.lineWidth = r;
            ctx.setLineDash([4 * r, 3 * r]);
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
            ctx.font = `${AXIS_FONT_PX * r}px ${family}`;
            ctx.textAlign = 'right';
            ctx.textBaseline = 'bottom';
            ctx.fillText(lim.label, u.bbox.left + u.bbox.width - 4 * r, y - 2 * r);
            ctx.restore();
          },
        ],
      },
    };
    const u = new uPlot(opts, dataRef.current, el);
    uRef.current = u;
    // The mouse takes over from the keyboard.
    const mouse = () => {
      keyTime.current = null;
    };
    u.over.addEventListener('mousemove', mouse);
    // The pane is resizable and can go full page: follow its width.
    const ro = new ResizeObserver(() => {
      const w = Math.max(120, el.clientWidth);
      if (w !== u.width) u.setSize({ width: w, height: HEIGHT });
    });
    ro.observe(el);
    return () => {
      u.over.removeEventListener('mousemove', mouse);
      ro.disconnect();
      u.destroy();
      uRef.current = null;
    };
  }, [seriesKey]);

  useEffect(() => {
    const u = uRef.current;
    if (!u) return;
    u.setData(data);
  }, [data, props.limit?.value]);

  useEffect(() => {
    const u = uRef.current;
    const el = plotRef.current;
    if (!u || !el) return;
    palette.current = readPalette(el, propsRef.current.series);
    u.redraw(false, true);
  }, [scheme]);

  function valuesAt(i: number) {
    const p = propsRef.current;
    return p.series.map((s) => ({ name: s.name, text: p.format(s.values[i] ?? 0) }));
  }

  function describe(i: number): string {
    const x = dataRef.current[0][i] ?? 0;
    return describePoint(x, propsRef.current.times[i] ?? 0, valuesAt(i));
  }

  /** Puts the crosshair on sample i (keyboard), and says its values when `announce`. Reads refs only: uPlot's hooks call the first render's copy. */
  function place(i: number, announce: boolean) {
    const u = uRef.current;
    if (!u || i < 0) return;
    const d = dataRef.current;
    const top = Math.max(0, ...d.slice(1).map((s) => (s[i] as number | null | undefined) ?? 0));
    keyTime.current = propsRef.current.times[i] ?? null;
    const left = u.valToPos(d[0][i] ?? 0, 'x');
    // Already there (a redraw with no change): moving again would only loop through the hooks.
    if (u.cursor.idx !== i || u.cursor.left !== left) u.setCursor({ left, top: u.valToPos(top, 'y') });
    if (announce) setAnnounced(describe(i));
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape' && keyTime.current !== null) {
      // Ours only while a point is inspected; otherwise Escape means what it means around the chart.
      e.preventDefault();
      e.stopPropagation();
      hide();
      return;
    }
    const current = keyTime.current === null ? null : indexOfTime(props.times, keyTime.current);
    const next = stepIndex(current, e.key, props.times.length);
    if (next === undefined) return;
    e.preventDefault();
    place(next, true);
  }

  function hide() {
    keyTime.current = null;
    uRef.current?.setCursor({ left: -10, top: -10 });
  }

  const last = props.series.map((s) => `${s.name} ${props.format(s.values[s.values.length - 1] ?? 0)}`).join(', ');
  const u = uRef.current;
  const shown = idx !== null && idx < props.times.length ? idx : null;
  let tipLeft = 0;
  let flip = false;
  if (u && shown !== null) {
    const x = u.valToPos(data[0][shown] ?? 0, 'x');
    tipLeft = u.over.offsetLeft + x;
    flip = x > u.over.clientWidth / 2;
  }
  return (
    <figure className="stats-chart">
      <figcaption>
        <strong>{props.label}</strong> <span className="muted">{captionValues(props)}</span>
        {props.limit && <span className="muted"> · {props.limit.label}</span>}
      </figcaption>
      <div className="stats-plot-wrap">
        <div
          ref={plotRef}
          className="stats-plot"
          role="img"
          aria-label={`${props.label} chart: ${last}`}
          aria-describedby={hintId}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onBlur={() => keyTime.current !== null && hide()}
        />
        {shown !== null && (
          <div role="tooltip" className={`stats-tip${flip ? ' flip' : ''}`} style={{ left: tipLeft }}>
            <div className="stats-tip-time">
              {relativeTime(data[0][shown] ?? 0)} <span className="muted">{clockTime(props.times[shown] ?? 0)}</span>
            </div>
            {props.series.map((s) => (
              <div key={s.name}>
                <span className="stats-swatch" style={{ background: `var(${s.color})` }} aria-hidden="true" /> {s.name}{' '}
                <strong>{props.format(s.values[shown] ?? 0)}</strong>
              </div>
            ))}
          </div>
        )}
      </div>
      <span id={hintId} className="visually-hidden">
        {axisText[0].length > 0 && `Time axis ${axisText[0].join(', ')}. `}
        {axisText[1].length > 0 && `Value axis ${axisText[1].join(', ')}. `}
        Left and right arrows read the values over time; Home and End go to the oldest and newest.
      </span>
      <span role="status" className="visually-hidden">
        {announced}
      </span>
    </figure>
  );
}

/** The caption's newest values; a lone series named as the chart ("CPU") is not named twice. */
function captionValues(p: ChartProps): string {
  const only = p.series.length === 1 && p.series[0]!.name === p.label;
  return p.series.map((s) => `${only ? '' : `${s.name} `}${p.format(s.values[s.values.length - 1] ?? 0)}`).join(', ');
}
