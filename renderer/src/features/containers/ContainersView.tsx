import { useDeferredValue, useMemo, useState } from 'react';
import type { ContainerAction, ContainerRow, ContainerState } from '../../../../shared/contract/containers';
import { extensions } from '../../app/extensions';
import { useNav } from '../../app/navigation';
import { usePersistentState } from '../../app/persisted';
import { ACTION_LABEL, runAction, runBatch } from './actions';
import { reportBatch } from './BatchResults';
import { ContainerTable } from './ContainerTable';
import { DeleteDialog } from './DeleteDialog';
import { DetailsPanel } from './DetailsPanel';
import { useContainers } from './store';
import { DEFAULT_FILTER, DEFAULT_SORT, FILTER_KEY, SORT_KEY, isFilter, isSort } from './view-state';
import { matchesFilter, sortRows, tagSuggestions, type Filter, type SortKey, type SortSpec } from './view-model';

const STATE_OPTIONS: Array<{ value: Filter['state']; label: string }> = [
  { value: 'all', label: 'All states' },
  { value: 'active', label: 'Running or paused' },
  { value: 'running', label: 'Running' },
  { value: 'paused', label: 'Paused' },
  { value: 'exited', label: 'Exited' },
  { value: 'created', label: 'Created' },
  { value: 'restarting', label: 'Restarting' },
  { value: 'dead', label: 'Dead' },
];

const BATCH_ACTIONS: ContainerAction[] = ['start', 'stop', 'restart', 'pause', 'unpause', 'kill'];

export function ContainersView() {
  const { rows, loaded } = useContainers();
  const navState = useNav();
  // Kept across view switches and reloads: per tab for the filter, per profile for the sort.
  const [filter, setFilter] = usePersistentState<Filter>(FILTER_KEY, 'session', isFilter, DEFAULT_FILTER);
  const [sort, setSort] = usePersistentState<SortSpec>(SORT_KEY, 'local', isSort, DEFAULT_SORT);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [deleting, setDeleting] = useState<ContainerRow[] | null>(null);
  // Typing stays responsive with thousands of rows: filtering follows a beat behind.
  const deferredFilter = useDeferredValue(filter);

  const shown = useMemo(
    () => sortRows(rows.filter((r) => matchesFilter(r, deferredFilter)), sort),
    [rows, deferredFilter, sort],
  );
  const suggestions = useMemo(() => tagSuggestions(rows), [rows]);
  // Selection only counts rows that still exist and are shown.
  const selectedRows = useMemo(() => shown.filter((r) => selected.has(r.id)), [shown, selected]);

  const onSort = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));

  const batch = async (action: ContainerAction, targets: ContainerRow[], opts = {}) => {
    const names = Object.fromEntries(targets.map((r) => [r.id, r.name]));
    const results = await runBatch(targets, action, opts);
    reportBatch({ action, results, names });
    if (action === 'remove') setSelected(new Set());
  };

  return (
    <div className="containers-view">
      <div className="toolbar" role="search" aria-label="Filter containers">
        <input
          type="search"
          aria-label="Filter containers by text"
          aria-keyshortcuts="/"
          title="Filter (/)"
          data-filter
          placeholder="Filter by name, image, port, tag…"
          value={filter.text}
          onChange={(e) => setFilter({ ...filter, text: e.target.value })}
        />
        <select
          aria-label="Filter by state"
          value={filter.state}
          onChange={(e) => setFilter({ ...filter, state: e.target.value as ContainerState | 'all' | 'active' })}
        >
          {STATE_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <input
          type="search"
          aria-label="Filter by tag or label"
          placeholder="Tag or label=value"
          list="tag-suggestions"
          value={filter.tag}
          onChange={(e) => setFilter({ ...filter, tag: e.target.value })}
        />
        <datalist id="tag-suggestions">
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <span className="count" role="status" aria-live="polite">
          {loaded ? `${shown.length} of ${rows.length} containers` : 'Loading containers…'}
        </span>
      </div>

      {selectedRows.length > 0 && (
        <div className="batch-bar" role="toolbar" aria-label="Batch actions">
          <span>{selectedRows.length} selected</span>
          {BATCH_ACTIONS.map((a) => (
            <button key={a} type="button" onClick={() => void batch(a, selectedRows)}>
              {ACTION_LABEL[a]} selected
            </button>
          ))}
          {extensions.selectionActions.map((x) => (
            <button key={x.id} type="button" onClick={() => x.run(selectedRows)}>
              {x.label}
            </button>
          ))}
          <button type="button" className="danger" onClick={() => setDeleting(selectedRows)}>
            Delete selected
          </button>
          <button type="button" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      )}

      <div className="containers-main">
        <ContainerTable
          rows={shown}
          total={rows.length}
          loaded={loaded}
          sort={sort}
          onSort={onSort}
          selected={selected}
          onSelect={(id, on) =>
            setSelected((s) => {
              const next = new Set(s);
              if (on) next.add(id);
              else next.delete(id);
              return next;
            })
          }
          onSelectAll={(on) => setSelected(on ? new Set(shown.map((r) => r.id)) : new Set())}
          onDelete={(row) => setDeleting([row])}
        />
        {navState.details && <DetailsPanel id={navState.details.id} tab={navState.details.tab} />}
      </div>

      {deleting && (
        <DeleteDialog
          rows={deleting}
          onCancel={() => setDeleting(null)}
          onConfirm={(opts) => {
            const targets = deleting;
            setDeleting(null);
            if (targets.length === 1) void runAction(targets[0]!, 'remove', opts);
            else void batch('remove', targets, opts);
          }}
        />
      )}
    </div>
  );
}
