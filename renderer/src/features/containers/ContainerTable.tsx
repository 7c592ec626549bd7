import { Info, Pause, Pencil, Play, RotateCw, ScrollText, Skull, Square, SquareTerminal, Trash, Zap } from 'lucide-react';
import { useMemo, useState, type DragEvent, type ReactNode } from 'react';
import type { ContainerAction, ContainerRow } from '../../../../shared/contract/containers';
import { extensions } from '../../app/extensions';
import { nav } from '../../app/navigation';
import type { MenuEntry } from '../../components/menu/RowMenu';
import { DataTable, type SortState } from '../../components/table/DataTable';
import type { Selection } from '../../components/table/selection';
import { ACTION_LABEL, runAction, usePending } from './actions';
import { containerColumns } from './columns';
import { actionsFor } from './view-model';

/** Three compact actions and the "More actions" button: 4 × 30 px, gaps and padding. */
const ACTIONS_WIDTH = 142;

const ACTION_ICON: Record<ContainerAction, ReactNode> = {
  start: <Play size={16} />,
  stop: <Square size={16} />,
  restart: <RotateCw size={16} />,
  pause: <Pause size={16} />,
  unpause: <Play size={16} />,
  kill: <Skull size={16} />,
  remove: <Trash size={16} />,
};

/** The one action that flips a container between running and not: Stop while it runs, Start otherwise. */
function primaryAction(row: ContainerRow): 'start' | 'stop' | undefined {
  const a = actionsFor(row.state);
  return a.includes('stop') ? 'stop' : a.includes('start') ? 'start' : undefined;
}

export function ContainerTable(props: {
  rows: ContainerRow[];
  total: number;
  /** Whether the first list has arrived (until then, no message claims the engine is empty). */
  loaded: boolean;
  sort: SortState;
  onSortChange(sort: SortState): void;
  selection: Selection;
  onSelectionChange(sel: Selection): void;
  onDelete(row: ContainerRow): void;
}) {
  const pending = usePending();
  const columns = useMemo(() => containerColumns(), []);
  const [dropping, setDropping] = useState<string | null>(null);
  const terminal = extensions.rowActions.find((x) => x.id === 'terminal');

  const menu = (row: ContainerRow): MenuEntry[] => {
    const busy = pending.has(row.id);
    const primary = primaryAction(row);
    const lifecycle: MenuEntry[] = actionsFor(row.state)
      .filter((a) => a !== primary)
      .map((a) => ({ id: a, label: ACTION_LABEL[a], icon: ACTION_ICON[a], disabled: busy, run: () => void runAction(row, a) }));
    const ext: MenuEntry[] = extensions.rowActions
      .filter((x) => x.id !== 'terminal' && (!x.visible || x.visible(row)))
      .map((x) => ({ id: `ext-${x.id}`, label: x.label, icon: x.id.includes('edit') ? <Pencil size={16} /> : <Zap size={16} />, run: () => x.run(row) }));
    return [
      { id: 'details', label: 'Details', icon: <Info size={16} />, run: () => nav.openDetails(row.id) },
      ...lifecycle,
      ...ext,
      { id: 'delete', label: 'Delete', icon: ACTION_ICON.remove, danger: true, separated: true, disabled: busy, run: () => props.onDelete(row) },
    ];
  };

  const rowActions = (row: ContainerRow) => {
    const busy = pending.get(row.id);
    const primary = primaryAction(row);
    const showTerminal = terminal && (!terminal.visible || terminal.visible(row));
    return (
      <>
        {primary ? (
          <button
            type="button"
            className="icon-action"
            aria-label={ACTION_LABEL[primary]}
            data-tip={`${ACTION_LABEL[primary]} ${row.name}`}
            disabled={busy !== undefined}
            aria-busy={busy === primary}
            onClick={() => void runAction(row, primary)}
          >
            {ACTION_ICON[primary]}
          </button>
        ) : (
          <span className="icon-action-slot" />
        )}
        {showTerminal ? (
          <button type="button" className="icon-action" aria-label={terminal.label} data-tip={`Open a terminal in ${row.name}`} onClick={() => terminal.run(row)}>
            <SquareTerminal size={16} aria-hidden="true" />
          </button>
        ) : (
          <span className="icon-action-slot" />
        )}
        <button type="button" className="icon-action" aria-label="Logs" data-tip={`Logs of ${row.name}`} onClick={() => nav.openDetails(row.id, 'logs')}>
          <ScrollText size={16} aria-hidden="true" />
        </button>
      </>
    );
  };

  const dropHandler = (dt: DataTransfer) => extensions.rowDrop.find((h) => h.accepts(dt));
  const rowAttrs = (row: ContainerRow) => {
    const onDragOver = (e: DragEvent) => {
      if (!dropHandler(e.dataTransfer)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      setDropping(row.id);
    };
    return {
      'data-state': row.state,
      onDragEnter: onDragOver,
      onDragOver,
      onDragLeave: () => setDropping(null),
      onDrop: (e: DragEvent) => {
        const h = dropHandler(e.dataTransfer);
        setDropping(null);
        if (!h) return;
        e.preventDefault();
        h.drop(row, e.dataTransfer);
      },
    };
  };

  return (
    <DataTable<ContainerRow>
      label="Containers"
      noun="containers"
      storageKey="berth.table.containers"
      rows={props.rows}
      rowId={(r) => r.id}
      rowName={(r) => r.name}
      columns={columns}
      sort={props.sort}
      onSortChange={props.onSortChange}
      selection={props.selection}
      onSelectionChange={props.onSelectionChange}
      onOpen={(r) => nav.openDetails(r.id)}
      rowActions={rowActions}
      actionsWidth={ACTIONS_WIDTH}
      menu={menu}
      rowAttrs={rowAttrs}
      rowClassName={(r) => (dropping === r.id ? 'drop-target' : '')}
      rowVersion={(r) => `${pending.get(r.id) ?? ''}|${dropping === r.id ? 'drop' : ''}`}
      empty={
        <p className="empty">
          {!props.loaded
            ? 'Waiting for the container list…'
            : props.total === 0
              ? 'No containers on this engine yet.'
              : 'No containers match the filter.'}
        </p>
      }
    />
  );
}
