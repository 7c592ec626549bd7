import { useState } from 'react';
import type { ContainerRow } from '../../../../shared/contract/containers';
import type { StatsSample } from '../../../../shared/contract/stats';
import { useChannel } from '../../api/hooks';
import { Chart } from './Chart';
import { formatBytes } from '../../components/format';
import { formatPercent, rate } from './format';
import './stats.css';

/** Why 300: the service keeps five minutes at one sample a second; the chart shows the same. */
const KEEP = 300;

export function StatsTab({ row }: { row: ContainerRow }) {
  const [samples, setSamples] = useState<StatsSample[]>([]);
  const [idle, setIdle] = useState<string>();
  useChannel('stats.watch', { ids: [row.id], history: true }, (ev) => {
    if (ev.type === 'history') setSamples(ev.samples.slice(-KEEP));
    else if (ev.type === 'samples') {
      setIdle(undefined);
      setSamples((prev) => [...prev, ...ev.samples].slice(-KEEP));
    } else if (ev.type === 'idle') setIdle(ev.reason);
  });
  const last = samples[samples.length - 1];
  const rates = (pick: (s: StatsSample) => number) =>
    samples.map((s, i) => rate(i ? { t: samples[i - 1]!.t, v: pick(samples[i - 1]!) } : undefined, { t: s.t, v: pick(s) }));
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
          <Chart label="CPU" series={[{ name: 'CPU', values: samples.map((s) => s.cpuPercent), color: '#2f81f7' }]} format={formatPercent} />
          <Chart
            label="Memory"
            series={[{ name: 'used', values: samples.map((s) => s.memUsed), color: '#a371f7' }]}
            format={formatBytes}
          />
          <Chart
            label="Network"
            series={[
              { name: 'in', values: rates((s) => s.netRx), color: '#3fb950' },
              { name: 'out', values: rates((s) => s.netTx), color: '#d29922' },
            ]}
            format={(v) => `${formatBytes(v)}/s`}
          />
          <Chart
            label="Block I/O"
            series={[
              { name: 'read', values: rates((s) => s.blockRead), color: '#3fb950' },
              { name: 'write', values: rates((s) => s.blockWrite), color: '#f85149' },
            ]}
            format={(v) => `${formatBytes(v)}/s`}
          />
        </>
      )}
    </section>
  );
}
