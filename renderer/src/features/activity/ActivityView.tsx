import { Box, Copy, Filter } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { ActivityFilter, ActivityOutcome, ActivityRecord } from '../../../../shared/contract/activity';
import { BerthError } from '../../../../shared/contract/errors';
import { api } from '../../api/connection';
import { useChannel } from '../../api/hooks';
import { nav } from '../../app/navigation';
import { usePersistentState } from '../../app/persisted';
import { ErrorDetails } from '../../components/ErrorDetails';
import type { MenuEntry } from '../../components/menu/RowMenu';
import { notify } from '../../components/notifications';
import { DataTable } from '../../components/table/DataTable';
import { ACTIVITY_SORT_KEY, DEFAULT_ACTIVITY_SORT, activityColumns, activityIds, isActivitySort, isEngineId, shortId } from './columns';
import './activity.css';

const LIMIT = 500;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Everything Berth did, newest first unless sorted otherwise, filtered by container, action and outcome; new entries appear live. */
export function ActivityView() {
  const [container, setContainer] = useState('');
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState<'' | ActivityOutcome>('');
  const [entries, setEntries] = useState<ActivityRecord[]>([]);
  const [info, setInfo] = useState<{ truncated: boolean; skipped: number }>({ truncated: false, skipped: 0 });
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [reload, setReload] = useState(0);
  const debouncedContainer = useDebounced(container.trim(), 250);
  const debouncedAction = useDebounced(action.trim(), 250);
  const filter: ActivityFilter = {
    ...(debouncedContainer ? { container: debouncedContainer } : {}),
    ...(debouncedAction ? { action: debouncedAction } : {}),
    ...(outcome ? { outcome } : {}),
  };
  const key = JSON.stringify(filter);
  const [sort, setSort] = usePersistentState(ACTIVITY_SORT_KEY, 'local', isActivitySort, DEFAULT_ACTIVITY_SORT);
  const columns = useMemo(() => activityColumns(), []);
  const ids = useMemo(() => activityIds(entries), [entries]);

  const copy = (e: ActivityRecord) =>
    navigator.clipboard.writeText(JSON.stringify(e, null, 2)).then(
      () => notify('info', 'Copied the entry.'),
      () => notify('error', 'The browser refused access to the clipboard.'),
    );
  const menu = (e: ActivityRecord): MenuEntry[] => {
    const t = e.target;
    return [
      ...(t && isEngineId(t.id) ? [{ id: 'open', label: 'Open container', icon: <Box size={16} />, run: () => nav.openDetails(t.id) }] : []),
      ...(t ? [{ id: 'only-target', label: `Show only ${t.name ?? shortId(t.id)}`, icon: <Filter size={16} />, run: () => setContainer(t.name ?? t.id) }] : []),
      { id: 'only-action', label: `Show only ${e.action}`, icon: <Filter size={16} />, run: () => setAction(e.action) },
      { id: 'copy', label: 'Copy entry', icon: <Copy size={16} />, separated: true, run: () => void copy(e) },
    ];
  };

  useEffect(() => {
    const abort = new AbortController();
    setLoading(true);
    api
      .call('activity.list', { ...(JSON.parse(key) as ActivityFilter), limit: LIMIT }, { signal: abort.signal })
      .then((r) => {
        setEntries(r.entries);
        setInfo({ truncated: r.truncated, skipped: r.skipped });
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof BerthError ? e.message : String(e));
      })
      .finally(() => setLoading(false));
    return () => abort.abort();
  }, [key, reload]);

  useChannel('activity.watch', JSON.parse(key) as ActivityFilter, (r) => setEntries((prev) => [r, ...prev].slice(0, LIMIT)));

  return (
    <section className="activity" aria-label="Activity">
      <div className="toolbar activity-toolbar">
        <h2>Activity</h2>
        <label>
          Container <input type="search" value={container} onChange={(e) => setContainer(e.target.value)} placeholder="name, id or engine" aria-keyshortcuts="/" data-filter />
        </label>
        <label>
          Action <input type="search" value={action} onChange={(e) => setAction(e.target.value)} placeholder="e.g. start" />
        </label>
        <label>
          Outcome{' '}
          <select value={outcome} onChange={(e) => setOutcome(e.target.value as '' | ActivityOutcome)}>
            <option value="">Any</option>
            <option value="ok">Succeeded</option>
            <option value="error">Failed</option>
            <option value="refused">Refused</option>
            <option value="cancelled">Cancelled</option>
          </select>
        </label>
        <button type="button" onClick={() => setReload((n) => n + 1)}>
          Refresh
        </button>
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <p className="muted" role="status">
        {loading
          ? 'Loading…'
          : `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}${info.truncated ? ` (newest ${LIMIT} shown)` : ''}${
              info.skipped ? ` · ${info.skipped} unreadable ${info.skipped === 1 ? 'line' : 'lines'} skipped` : ''
            }`}
      </p>
      <DataTable<ActivityRecord>
        label="Activity log"
        noun="entries"
        storageKey="berth.table.activity"
        rows={entries}
        rowId={(e) => ids.get(e) ?? e.ts}
        rowName={(e) => `${e.action} at ${new Date(e.ts).toLocaleString()}`}
        columns={columns}
        sort={sort}
        onSortChange={setSort}
        measured
        onOpen={(e) => {
          if (e.target && isEngineId(e.target.id)) nav.openDetails(e.target.id);
        }}
        menu={menu}
        rowClassName={(e) => `activity-${e.outcome}`}
        empty={!loading && <p className="empty">Nothing recorded{key !== '{}' ? ' matches these filters' : ' yet'}.</p>}
      />
    </section>
  );
}
