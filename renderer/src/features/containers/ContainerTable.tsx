import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef, useState, type DragEvent } from 'react';
import type { ContainerRow } from '../../../../shared/contract/containers';
import { tagsFromLabels } from '../../../../shared/contract/labels';
import { extensions } from '../../app/extensions';
import { nav } from '../../app/navigation';
import { useNow } from '../../components/clock';
import { ACTION_LABEL, runAction, usePending } from './actions';
import { actionsFor, describeStatus, lastError, portText, uptime, type SortKey, type SortSpec } from './view-model';

/** Row height in px; rows are fixed-height so the virtualiser needs no measuring. */
const ROW_HEIGHT = 44;
/** Rows rendered beyond the viewport on each side: smooth scrolling, and still ~40 rows in the DOM. */
const OVERSCAN = 8;

interface Column {
  id: string;
  header: string;
  width: string;
  sort?: SortKey;
}

const BASE_COLUMNS: Column[] = [
  { id: 'name', header: 'Name', width: '190px', sort: 'name' },
  { id: 'image', header: 'Image', width: '170px', sort: 'image' },
  { id: 'state', header: 'State', width: '110px', sort: 'state' },
  { id: 'status', header: 'Status', width: '160px' },
  { id: 'uptime', header: 'Uptime', width: '90px', sort: 'uptime' },
  { id: 'restarts', header: 'Restarts', width: '80px', sort: 'restarts' },
  { id: 'error', header: 'Last error', width: '170px', sort: 'exit' },
  { id: 'ports', header: 'Ports', width: '150px', sort: 'ports' },
  { id: 'tags', header: 'Tags', width: '150px' },
  { id: 'created', header: 'Created', width: '140px', sort: 'created' },
];

export function ContainerTable(props: {
  rows: ContainerRow[];
  total: number;
  /** Whether the first list has arrived (until then, no message claims the engine is empty). */
  loaded: boolean;
  sort: SortSpec;
  onSort(key: SortKey): void;
  selected: ReadonlySet<string>;
  onSelect(id: string, on: boolean): void;
  onSelectAll(on: boolean): void;
  onDelete(row: ContainerRow): void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const pending = usePending();
  const virtualizer = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (i) => props.rows[i]!.id,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const allSelected = props.rows.length > 0 && props.rows.every((r) => props.selected.has(r.id));
  const someSelected = !allSelected && props.rows.some((r) => props.selected.has(r.id));
  // Extension columns (CPU, memory…) sit right after Status, where they are read together with the state.
  const at = BASE_COLUMNS.findIndex((c) => c.id === 'status') + 1;
  const extra = extensions.columns.map((c) => ({ id: c.id, header: c.header, width: c.width }));
  const columns: Column[] = [...BASE_COLUMNS.slice(0, at), ...extra, ...BASE_COLUMNS.slice(at)];

  return (
    <div className="table-scroll" ref={scrollRef}>
      <table className="containers" aria-label="Containers" aria-rowcount={props.rows.length + 1}>
        <colgroup>
          <col style={{ width: '40px' }} />
          {columns.map((c) => (
            <col key={c.id} style={{ width: c.width }} />
          ))}
          <col style={{ width: 'var(--actions-width, 360px)' }} />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">
              <input
                type="checkbox"
                aria-label={`Select all ${props.rows.length} shown containers`}
                checked={allSelected}
                ref={(el) => {
                  if (el) el.indeterminate = someSelected;
                }}
                onChange={(e) => props.onSelectAll(e.target.checked)}
              />
            </th>
            {columns.map((c) => {
              const key = c.sort;
              const sorted = key !== undefined && props.sort.key === key;
              return (
                <th
                  key={c.id}
                  scope="col"
                  aria-sort={sorted ? (props.sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {key ? (
                    <button type="button" className="sort" onClick={() => props.onSort(key)}>
                      {c.header}
                      <span aria-hidden="true">{sorted ? (props.sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
            <th scope="col" className="actions">Actions</th>
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td style={{ height: padTop }} colSpan={columns.length + 2} />
            </tr>
          )}
          {items.map((v) => {
            const row = props.rows[v.index]!;
            return (
              <Row
                key={row.id}
                row={row}
                index={v.index}
                selected={props.selected.has(row.id)}
                pending={pending.get(row.id)}
                onSelect={props.onSelect}
                onDelete={props.onDelete}
              />
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td style={{ height: padBottom }} colSpan={columns.length + 2} />
            </tr>
          )}
        </tbody>
      </table>
      {props.rows.length === 0 && (
        <p className="empty">
          {!props.loaded
            ? 'Waiting for the container list…'
            : props.total === 0
              ? 'No containers on this engine yet.'
              : 'No containers match the filter.'}
        </p>
      )}
    </div>
  );
}

const Row = memo(function Row(props: {
  row: ContainerRow;
  index: number;
  selected: boolean;
  pending: string | undefined;
  onSelect(id: string, on: boolean): void;
  onDelete(row: ContainerRow): void;
}) {
  const { row } = props;
  const [dropping, setDropping] = useState(false);
  const tags = tagsFromLabels(row.labels);
  const error = lastError(row);
  const busy = props.pending !== undefined;
  const dropHandler = (dt: DataTransfer) => extensions.rowDrop.find((h) => h.accepts(dt));
  const onDragOver = (e: DragEvent) => {
    if (!dropHandler(e.dataTransfer)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setDropping(true);
  };
  return (
    <tr
      aria-rowindex={props.index + 2}
      aria-selected={props.selected}
      data-state={row.state}
      className={`${props.selected ? 'selected' : ''} ${dropping ? 'drop-target' : ''}`}
      onDragEnter={onDragOver}
      onDragOver={onDragOver}
      onDragLeave={() => setDropping(false)}
      onDrop={(e) => {
        const h = dropHandler(e.dataTransfer);
        setDropping(false);
        if (!h) return;
        e.preventDefault();
        h.drop(row, e.dataTransfer);
      }}
    >
      <td>
        <input
          type="checkbox"
          aria-label={`Select ${row.name}`}
          checked={props.selected}
          onChange={(e) => props.onSelect(row.id, e.target.checked)}
        />
      </td>
      <th scope="row" className="name">
        <button type="button" className="link" title={`Details of ${row.name} (${row.id.slice(0, 12)})`} onClick={() => nav.openDetails(row.id)}>
          {row.name}
        </button>
      </th>
      <td className="truncate" title={row.image}>
        {row.image}
      </td>
      <td>
        <span className={`badge state-${row.state}`}>{row.state}</span>
        {row.health && <span className={`badge health-${row.health}`}>{row.health}</span>}
      </td>
      <td className="truncate">
        <StatusText row={row} />
      </td>
      {extensions.columns.map((c) => (
        <td key={c.id}>{c.render(row)}</td>
      ))}
      <td>
        <Uptime row={row} />
      </td>
      <td className="num">{row.restartCount ?? ''}</td>
      <td className="truncate error-text" title={error}>
        {error}
      </td>
      <td className="truncate">
        {row.ports.map((p) =>
          p.hostPort && (row.state === 'running' || row.state === 'paused') ? (
            <a
              key={portText(p)}
              href={`http://localhost:${p.hostPort}`}
              target="_blank"
              rel="noreferrer noopener"
              aria-label={`Open localhost:${p.hostPort} (container port ${p.containerPort}/${p.protocol})`}
            >
              {portText(p)}
            </a>
          ) : (
            <span key={portText(p)} className="muted">
              {portText(p)}
            </span>
          ),
        )}
      </td>
      <td className="truncate">
        {tags.map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
      </td>
      <td>{row.createdAt ? new Date(row.createdAt).toLocaleString() : ''}</td>
      <td className="actions">
        <div className="row-actions">
        {actionsFor(row.state).map((a) => (
          <button
            key={a}
            type="button"
            disabled={busy}
            aria-busy={props.pending === a}
            title={`${ACTION_LABEL[a]} ${row.name}`}
            onClick={() => void runAction(row, a)}
          >
            {props.pending === a ? `${ACTION_LABEL[a]}…` : ACTION_LABEL[a]}
          </button>
        ))}
        {extensions.rowActions
          .filter((x) => !x.visible || x.visible(row))
          .map((x) => (
            <button key={x.id} type="button" title={`${x.label}: ${row.name}`} onClick={() => x.run(row)}>
              {x.label}
            </button>
          ))}
        <button type="button" className="danger" disabled={busy} title={`Delete ${row.name}`} onClick={() => props.onDelete(row)}>
          Delete
        </button>
        </div>
      </td>
    </tr>
  );
});

function StatusText({ row }: { row: ContainerRow }) {
  const now = useNow();
  return <>{describeStatus(row, now)}</>;
}

function Uptime({ row }: { row: ContainerRow }) {
  const now = useNow();
  return <>{uptime(row, now)}</>;
}
