import { useEffect, useState } from 'react';
import type { ActivityFilter, ActivityOutcome, ActivityRecord } from '../../../../shared/contract/activity';
import { BerthError } from '../../../../shared/contract/errors';
import { api } from '../../api/connection';
import { useChannel } from '../../api/hooks';
import { ErrorDetails } from '../../components/ErrorDetails';
import './activity.css';

const LIMIT = 500;

const OUTCOME_WORDS: Record<ActivityOutcome, string> = { ok: 'succeeded', error: 'failed', refused: 'refused', cancelled: 'cancelled' };

/** A full engine id is 64 hex characters: shortened as the engine's own tools do. Anything else (a name, an image reference) is shown whole. */
const shortId = (id: string) => (/^[0-9a-f]{64}$/.test(id) ? id.slice(0, 12) : id);

/** Each parameter on its own, whole: a command line or an image reference is never cut (the log already bounds their size). */
function Params({ params }: { params: Record<string, unknown> | undefined }) {
  const entries = Object.entries(params ?? {}).filter(([, v]) => v !== undefined);
  if (!entries.length) return null;
  return (
    <dl className="activity-params">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>
            <code>{typeof v === 'string' ? v : JSON.stringify(v)}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
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
                <td title={e.target ? [e.target.id, e.target.engine].filter(Boolean).join(' on ') : undefined}>
                  {e.target && (
                    <>
                      <span className="activity-target">{e.target.name ?? shortId(e.target.id)}</span>
                      {e.target.engine && <span className="muted activity-engine">{e.target.engine}</span>}
                    </>
                  )}
                </td>
                <td>{OUTCOME_WORDS[e.outcome]}</td>
                <td>{e.durationMs !== undefined ? `${e.durationMs} ms` : ''}</td>
                <td className="activity-details">
                  {e.error && <p className={e.outcome === 'cancelled' ? 'muted activity-message' : 'error-text activity-message'}>{e.error}</p>}
                  <ErrorDetails text={e.details} />
                  <Params params={e.params} />
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
