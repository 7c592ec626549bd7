import { useEffect, useMemo, useState } from 'react';
import type { ContainerRow } from '../../../../shared/contract/containers';
import type { StatsSample } from '../../../../shared/contract/stats';
import { api } from '../../api/connection';
import { useChannel } from '../../api/hooks';
import { Chart, type ChartSeries } from './Chart';
import { formatBytes } from '../../components/format';
import { BYTE_INCRS, PERCENT_INCRS, shortNumber } from './chart-scale';
import { formatPercent, rate } from './format';
import './stats.css';

/** Why 300: the service keeps five minutes at one sample a second; the chart shows the same. */
const KEEP = 300;

const perSecond = (v: number) => `${formatBytes(v)}/s`;
const axisBytes = (v: number) => shortNumber(formatBytes(v));
const axisRate = (v: number) => `${axisBytes(v)}/s`;
const axisPercent = (v: number) => `${Number(v.toFixed(1))} %`;

/**
 * The memory limit set on the container (bytes), or undefined when it has none:
 * the engine then reports the host's memory as the limit, which is no line to draw.
 */
function useMemoryLimit(row: ContainerRow): number | undefined {
  const [limit, setLimit] = useState<number>();
  useEffect(() => {
    const abort = new AbortController();
    api
      .call('containers.inspect', { id: row.id }, { signal: abort.signal })
      .then((d) => setLimit(d.limits.memoryBytes > 0 ? d.limits.memoryBytes : undefined))
      // Without inspect the charts still work, just without the limit line.
      .catch(() => {});
    return () => abort.abort();
  }, [row.id, row.startedAt]);
  return limit;
}

export function StatsTab({ row }: { row: ContainerRow }) {
  const [samples, setSamples] = useState<StatsSample[]>([]);
  const [idle, setIdle] = useState<string>();
  const memLimit = useMemoryLimit(row);
  useChannel('stats.watch', { ids: [row.id], history: true }, (ev) => {
    if (ev.type === 'history') setSamples(ev.samples.slice(-KEEP));
    else if (ev.type === 'samples') {
      setIdle(undefined);
      setSamples((prev) => [...prev, ...ev.samples].slice(-KEEP));
    } else if (ev.type === 'idle') setIdle(ev.reason);
  });
  const charts = useMemo(() => {
    const rates = (pick: (s: StatsSample) => number) =>
      samples.map((s, i) => rate(i ? { t: samples[i - 1]!.t, v: pick(samples[i - 1]!) } : undefined, { t: s.t, v: pick(s) }));
    const series = (...s: ChartSeries[]) => s;
    return {
      times: samples.map((s) => s.t),
      cpu: series({ name: 'CPU', values: samples.map((s) => s.cpuPercent), color: '--chart-cpu' }),
      mem: series({ name: 'used', values: samples.map((s) => s.memUsed), color: '--chart-mem' }),
      net: series({ name: 'in', values: rates((s) => s.netRx), color: '--chart-in' }, { name: 'out', values: rates((s) => s.netTx), color: '--chart-out' }),
      block: series(
        { name: 'read', values: rates((s) => s.blockRead), color: '--chart-read' },
        { name: 'write', values: rates((s) => s.blockWrite), color: '--chart-write' },
      ),
    };
  }, [samples]);
  const last = samples[samples.length - 1];
  return (
    <section className="stats" aria-label="Live stats">
      {idle && <p className="muted">{idle}</p>}
      {!last && !idle && <p className="muted">Waiting for the first sample…</p>}
      {last && (
        <>
          <dl className="stats-now">
            <dt>CPU</dt>
            <dd>{formatPercent(last.cpuPercent)} <span className="muted">of {last.onlineCpus} CPUs ({last.onlineCpus * 100} %)</span></dd>
            <dt>Memory</dt>
            <dd>
              {formatBytes(last.memUsed)} / {formatBytes(last.memLimit)} <span className="muted">({formatPercent(last.memPercent)})</span>
            </dd>
            <dt>Network</dt>
            <dd>
              ↓ {formatBytes(last.netRx)} ↑ {formatBytes(last.netTx)}
            </dd>
            <dt>Block I/O</dt>
            <dd>
              read {formatBytes(last.blockRead)}, written {formatBytes(last.blockWrite)}
            </dd>
            <dt>Processes</dt>
            <dd>{last.pids}</dd>
          </dl>
          <Chart label="CPU" times={charts.times} series={charts.cpu} format={formatPercent} axisFormat={axisPercent} incrs={PERCENT_INCRS} floor={1} />
          <Chart
            label="Memory"
            times={charts.times}
            series={charts.mem}
            format={formatBytes}
            axisFormat={axisBytes}
            incrs={BYTE_INCRS}
            floor={1024 * 1024}
            limit={memLimit === undefined ? undefined : { value: memLimit, label: `limit ${shortNumber(formatBytes(memLimit))}` }}
          />
          <Chart label="Network" times={charts.times} series={charts.net} format={perSecond} axisFormat={axisRate} incrs={BYTE_INCRS} floor={1024} />
          <Chart label="Block I/O" times={charts.times} series={charts.block} format={perSecond} axisFormat={axisRate} incrs={BYTE_INCRS} floor={1024} />
        </>
      )}
    </section>
  );
}
