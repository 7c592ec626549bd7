import { useEffect, useState } from 'react';
import type { ActivityFilter, ActivityOutcome, ActivityRecord } from '../../../../shared/contract/activity';
import { BerthError } from '../../../../shared/contract/errors';
import { api } from '../../api/connection';
import { useChannel } from '../../api/hooks';
import './activity.css';

const LIMIT = 500;

function summarise(params: Record<string, unknown> | undefined): string {
  if (!params || !Object.keys(params).length) return '';
  const s = JSON.stringify(params);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Everything Berth did, newest first, filtered by container, action and outcome; new entries appear live. */
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
          Container <input type="search" value={container} onChange={(e) => setContainer(e.target.value)} placeholder="name or id" aria-keyshortcuts="/" data-filter />
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
      <div className="table-scroll">
        <table className="activity-table" aria-label="Activity log">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Action</th>
              <th scope="col">Container</th>
              <th scope="col">Outcome</th>
              <th scope="col">Duration</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={`${e.ts}-${i}`} className={`activity-${e.outcome}`}>
                <td>{new Date(e.ts).toLocaleString()}</td>
                <td>{e.action}</td>
                <td title={e.target?.id}>{e.target?.name ?? e.target?.id.slice(0, 12) ?? ''}</td>
                <td>{e.outcome === 'ok' ? 'succeeded' : e.outcome === 'error' ? 'failed' : 'cancelled'}</td>
                <td>{e.durationMs !== undefined ? `${e.durationMs} ms` : ''}</td>
                <td className="activity-details">
                  {e.error && <span className="error-text">{e.error} </span>}
                  <code>{summarise(e.params)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!loading && !entries.length && <p className="empty">Nothing recorded{key !== '{}' ? ' matches these filters' : ' yet'}.</p>}
      </div>
    </section>
  );
}
