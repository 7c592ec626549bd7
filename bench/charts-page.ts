/**
 * Runs in Chromium (bundled by charts.bench.ts): the two candidate stats
 * charts side by side, driven the way the Stats tab drives them, one new
 * sample a second sliding a window of N.
 */
import uPlot from 'uplot';

export interface ChartUnderTest {
  update(xs: number[], ys: number[]): void;
  destroy(): void;
}

const W = 560;
const H = 130;

/** Our own chart as it was: one SVG polyline scaled to the peak (no axes, no hover). */
function svgChart(host: HTMLElement, xs: number[], ys: number[]): ChartUnderTest {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('width', '100%');
  svg.setAttribute('height', String(H));
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', '#2563eb');
  line.setAttribute('vector-effect', 'non-scaling-stroke');
  svg.append(line);
  host.append(svg);
  const update = (_xs: number[], v: number[]) => {
    const n = Math.max(2, v.length);
    let peak = 1e-9;
    for (const y of v) if (y > peak) peak = y;
    let pts = '';
    for (let i = 0; i < v.length; i++) pts += `${((i / (n - 1)) * W).toFixed(1)},${(H - 1 - (v[i]! / peak) * (H - 4)).toFixed(1)} `;
    line.setAttribute('points', pts);
  };
  update(xs, ys);
  return { update, destroy: () => svg.remove() };
}

/** uPlot configured as Chart.tsx configures it: two axes with grid, one series, cursor, no legend. */
function uplotChart(host: HTMLElement, xs: number[], ys: number[]): ChartUnderTest {
  const u = new uPlot(
    {
      width: W,
      height: H,
      legend: { show: false },
      cursor: { drag: { x: false, y: false, setScale: false } },
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(max, 1) * 1.1] } },
      axes: [{ space: 64, size: 28 }, { space: 28, size: 70 }],
      series: [{}, { stroke: '#2563eb', width: 1.5, points: { show: false } }],
    },
    [xs, ys],
    host,
  );
  return { update: (x, y) => u.setData([x, y]), destroy: () => u.destroy() };
}

export const KINDS = { svg: svgChart, uplot: uplotChart };

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));

function series(n: number, offset: number): [number[], number[]] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    xs.push(i - n + 1);
    ys.push(50 + 40 * Math.sin((i + offset) / 7) + ((i * 7919 + offset) % 13));
  }
  return [xs, ys];
}

/** Builds a chart of n points, then slides it `updates` times; wall-clock ms of the first paint and of each update's script. */
async function run(kind: keyof typeof KINDS, n: number, updates: number): Promise<{ createMs: number; updateMs: number[] }> {
  const host = document.createElement('div');
  host.style.width = `${W}px`;
  document.body.append(host);
  const [xs, ys] = series(n, 0);
  const t0 = performance.now();
  const chart = KINDS[kind](host, xs, ys);
  await frame();
  const createMs = performance.now() - t0;
  const updateMs: number[] = [];
  for (let k = 1; k <= updates; k++) {
    const [x, y] = series(n, k);
    const s = performance.now();
    chart.update(x, y);
    // uPlot commits in a microtask; include it.
    await Promise.resolve();
    updateMs.push(performance.now() - s);
    await frame();
  }
  chart.destroy();
  host.remove();
  return { createMs, updateMs };
}

(window as unknown as { chartBench: typeof run }).chartBench = run;
