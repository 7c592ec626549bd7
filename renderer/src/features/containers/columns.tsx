import type { ContainerRow, ContainerState } from '../../../../shared/contract/containers';
import { tagsFromLabels } from '../../../../shared/contract/labels';
import { extensions } from '../../app/extensions';
import { nav } from '../../app/navigation';
import { useNow } from '../../components/clock';
import type { TableColumn } from '../../components/table/DataTable';
import { describeStatus, lastError, portText, uptime } from './view-model';

const STATE_ORDER: Record<ContainerState, number> = {
  running: 0,
  restarting: 1,
  paused: 2,
  created: 3,
  removing: 4,
  exited: 5,
  dead: 6,
};

/** Status sorts by state, then by how long it has been so (the most recent first). */
function statusRank(row: ContainerRow): number {
  const since = row.state === 'exited' || row.state === 'dead' ? row.finishedAt : row.startedAt;
  return STATE_ORDER[row.state] * 1e13 - (since ?? 0) / 1e3;
}

const parseWidth = (w: string) => {
  const n = Number.parseInt(w, 10);
  return Number.isFinite(n) && n > 0 ? n : 90;
};

/** The containers table's columns; extension columns (CPU, memory…) sit after Status, where they are read with the state. */
export function containerColumns(): TableColumn<ContainerRow>[] {
  const base: TableColumn<ContainerRow>[] = [
    {
      id: 'name',
      header: 'Name',
      size: 190,
      minSize: 110,
      required: true,
      rowHeader: true,
      sortValue: (r) => r.name,
      cell: (r) => (
        <button type="button" className="link" title={`Details of ${r.name} (${r.id.slice(0, 12)})`} onClick={() => nav.openDetails(r.id)}>
          {r.name}
        </button>
      ),
    },
    { id: 'image', header: 'Image', size: 170, sortValue: (r) => r.image, cell: (r) => <span title={r.image}>{r.image}</span> },
    {
      id: 'state',
      header: 'State',
      size: 110,
      sortValue: (r) => STATE_ORDER[r.state],
      cell: (r) => (
        <>
          <span className={`badge state-${r.state}`}>{r.state}</span>
          {r.health && <span className={`badge health-${r.health}`}>{r.health}</span>}
        </>
      ),
    },
    { id: 'status', header: 'Status', size: 160, sortValue: statusRank, cell: (r) => <StatusText row={r} /> },
  ];
  const extra: TableColumn<ContainerRow>[] = extensions.columns.map((c) => ({
    id: c.id,
    header: c.header,
    size: parseWidth(c.width),
    className: 'num',
    sortValue: c.sortValue,
    cell: (r) => c.render(r),
  }));
  const rest: TableColumn<ContainerRow>[] = [
    {
      id: 'uptime',
      header: 'Uptime',
      size: 90,
      sortValue: (r) => (r.state === 'running' && r.startedAt ? -r.startedAt : null),
      cell: (r) => <Uptime row={r} />,
    },
    { id: 'restarts', header: 'Restarts', size: 96, className: 'num', sortValue: (r) => r.restartCount ?? null, cell: (r) => r.restartCount ?? '' },
    {
      id: 'error',
      header: 'Last error',
      size: 170,
      className: 'error-text',
      sortValue: lastError,
      cell: (r) => {
        const e = lastError(r);
        return <span title={e}>{e}</span>;
      },
    },
    {
      id: 'ports',
      header: 'Ports',
      size: 150,
      sortValue: (r) => r.ports[0]?.hostPort ?? r.ports[0]?.containerPort ?? null,
      cell: (r) => <Ports row={r} />,
    },
    {
      id: 'tags',
      header: 'Tags',
      size: 150,
      sortValue: (r) => tagsFromLabels(r.labels).join(' '),
      cell: (r) =>
        tagsFromLabels(r.labels).map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        )),
    },
    {
      id: 'created',
      header: 'Created',
      size: 176,
      sortValue: (r) => r.createdAt,
      cell: (r) => (r.createdAt ? new Date(r.createdAt).toLocaleString() : ''),
    },
  ];
  return [...base, ...extra, ...rest];
}

function Ports({ row }: { row: ContainerRow }) {
  return (
    <>
      {row.ports.map((p) =>
        p.hostPort && (row.state === 'running' || row.state === 'paused') ? (
          <a
            key={portText(p)}
            href={`http://localhost:${p.hostPort}`}
            target="_blank"
            rel="noreferrer noopener"
            // The name starts with the visible text, so speech input can say what is seen.
            aria-label={`${portText(p)}: open localhost:${p.hostPort} (container port ${p.containerPort}/${p.protocol})`}
          >
            {portText(p)}
          </a>
        ) : (
          <span key={portText(p)} className="muted">
            {portText(p)}
          </span>
        ),
      )}
    </>
  );
}

function StatusText({ row }: { row: ContainerRow }) {
  const now = useNow();
  return <>{describeStatus(row, now)}</>;
}

function Uptime({ row }: { row: ContainerRow }) {
  const now = useNow();
  return <>{uptime(row, now)}</>;
}
