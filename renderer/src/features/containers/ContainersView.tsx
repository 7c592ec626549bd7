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
import type { SortState } from '../../components/table/DataTable';
import { EMPTY_SELECTION, visibleSelection, type Selection } from '../../components/table/selection';
import { matchesFilter, tagSuggestions, type Filter } from './view-model';

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
  const [sort, setSort] = usePersistentState<SortState>(SORT_KEY, 'local', isSort, DEFAULT_SORT);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [deleting, setDeleting] = useState<ContainerRow[] | null>(null);
  // Typing stays responsive with thousands of rows: filtering follows a beat behind.
  const deferredFilter = useDeferredValue(filter);

  // The table sorts what it shows; the view only filters.
  const shown = useMemo(() => rows.filter((r) => matchesFilter(r, deferredFilter)), [rows, deferredFilter]);
  const suggestions = useMemo(() => tagSuggestions(rows), [rows]);
  // Selection only counts rows that still exist and are shown.
  const selectedRows = useMemo(() => {
    const ids = new Set(visibleSelection(selection, shown.map((r) => r.id)));
    return shown.filter((r) => ids.has(r.id));
  }, [shown, selection]);

  const batch = async (action: ContainerAction, targets: ContainerRow[], opts = {}) => {
    const names = Object.fromEntries(targets.map((r) => [r.id, r.name]));
    const results = await runBatch(targets, action, opts);
    reportBatch({ action, results, names });
    if (action === 'remove') setSelection(EMPTY_SELECTION);
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
          <button type="button" onClick={() => setSelection(EMPTY_SELECTION)}>
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
          onSortChange={setSort}
          selection={selection}
          onSelectionChange={setSelection}
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
