import { z } from 'zod';
import type { ActivityOutcome, ActivityRecord } from '../../../../shared/contract/activity';
import { ErrorDetails } from '../../components/ErrorDetails';
import type { SortState, TableColumn } from '../../components/table/DataTable';

export const ACTIVITY_SORT_KEY = 'berth.table.activity.sort';
export const DEFAULT_ACTIVITY_SORT: SortState = { id: 'time', desc: true };

const SortShape = z.object({ id: z.enum(['time', 'action', 'container', 'outcome', 'duration', 'details']), desc: z.boolean() });
export const isActivitySort = (v: unknown): v is SortState => SortShape.safeParse(v).success;

export const OUTCOME_WORDS: Record<ActivityOutcome, string> = { ok: 'succeeded', error: 'failed', refused: 'refused', cancelled: 'cancelled' };

/** A full engine id is 64 hex characters. */
export const isEngineId = (id: string) => /^[0-9a-f]{64}$/.test(id);
/** Shortened as the engine's own tools do; anything else (a name, an image reference) is shown whole. */
export const shortId = (id: string) => (isEngineId(id) ? id.slice(0, 12) : id);

/**
 * Log entries carry no id of their own. Each gets one from what it says, so
 * an entry keeps its row (and a Details opened in it) when the list is read
 * again; identical entries are told apart by their place counted from the
 * oldest, which new entries (added at the newest end) never shift.
 */
export function activityIds(entries: readonly ActivityRecord[]): Map<ActivityRecord, string> {
  const ids = new Map<ActivityRecord, string>();
  const seen = new Map<string, number>();
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    const base = JSON.stringify([e.ts, e.action, e.target?.id ?? '', e.outcome]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.set(e, n ? `${base}#${n}` : base);
  }
  return ids;
}

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

const targetName = (e: ActivityRecord) => (e.target ? (e.target.name ?? shortId(e.target.id)) : null);
const time = (e: ActivityRecord) => {
  const t = Date.parse(e.ts);
  return Number.isFinite(t) ? t : null;
};

/** The activity log's columns: the time names an entry; the details take the width the others leave. */
export function activityColumns(): TableColumn<ActivityRecord>[] {
  return [
    {
      id: 'time',
      header: 'Time',
      size: 176,
      minSize: 120,
      required: true,
      rowHeader: true,
      sortValue: time,
      cell: (e) => new Date(e.ts).toLocaleString(),
    },
    { id: 'action', header: 'Action', size: 170, sortValue: (e) => e.action, cell: (e) => e.action },
    {
      id: 'container',
      header: 'Container',
      size: 200,
      sortValue: targetName,
      cell: (e) =>
        e.target && (
          <span title={[e.target.id, e.target.engine].filter(Boolean).join(' on ')}>
            <span className="activity-target">{targetName(e)}</span>
            {e.target.engine && <span className="muted activity-engine">{e.target.engine}</span>}
          </span>
        ),
    },
    { id: 'outcome', header: 'Outcome', size: 100, className: 'activity-outcome', sortValue: (e) => OUTCOME_WORDS[e.outcome], cell: (e) => OUTCOME_WORDS[e.outcome] },
    {
      id: 'duration',
      header: 'Duration',
      size: 112,
      className: 'num',
      sortValue: (e) => e.durationMs ?? null,
      cell: (e) => (e.durationMs !== undefined ? `${e.durationMs} ms` : ''),
    },
    {
      id: 'details',
      header: 'Details',
      size: 300,
      minSize: 160,
      grow: true,
      className: 'activity-details',
      sortValue: (e) => e.error ?? e.details ?? null,
      cell: (e) => (
        <>
          {e.error && <p className={e.outcome === 'cancelled' ? 'muted activity-message' : 'error-text activity-message'}>{e.error}</p>}
          <ErrorDetails text={e.details} />
          <Params params={e.params} />
        </>
      ),
    },
  ];
}
