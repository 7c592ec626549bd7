import type { ContainerRow } from '../../../../shared/contract/containers';
import { useColumnStats } from './column-store';
import { formatBytes } from '../../components/format';
import { formatPercent } from './format';

export function CpuCell({ row }: { row: ContainerRow }) {
  const s = useColumnStats(row.id, row.state === 'running');
  if (row.state !== 'running') return <span className="muted">—</span>;
  return <span aria-label={s ? `CPU ${formatPercent(s.cpuPercent)}` : 'CPU not measured yet'}>{s ? formatPercent(s.cpuPercent) : '…'}</span>;
}

export function MemoryCell({ row }: { row: ContainerRow }) {
  const s = useColumnStats(row.id, row.state === 'running');
  if (row.state !== 'running') return <span className="muted">—</span>;
  if (!s) return <span aria-label="Memory not measured yet">…</span>;
  return (
    <span title={`${formatBytes(s.memUsed)} of ${formatBytes(s.memLimit)} (${formatPercent(s.memPercent)})`} aria-label={`Memory ${formatBytes(s.memUsed)}`}>
      {formatBytes(s.memUsed)}
    </span>
  );
}
