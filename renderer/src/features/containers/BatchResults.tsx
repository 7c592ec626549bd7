import type { ActionResult, ContainerAction } from '../../../../shared/contract/containers';
import { notifyResults } from '../../components/notifications';
import { ACTION_LABEL } from './actions';

export interface BatchOutcome {
  action: ContainerAction;
  results: ActionResult[];
  names: Record<string, string>;
}

/**
 * Each container's result of a batch action, one line each (one failure never
 * hides the other successes), shown as a toast that collapses into the
 * notification centre after a few seconds.
 */
export function reportBatch(outcome: BatchOutcome): void {
  const failed = outcome.results.filter((r) => !r.ok).length;
  const label = ACTION_LABEL[outcome.action];
  notifyResults(
    `${label}: ${outcome.results.length - failed} succeeded${failed ? `, ${failed} failed` : ''}`,
    outcome.results.map((r) => ({
      ok: r.ok,
      text: `${outcome.names[r.id] ?? r.id.slice(0, 12)}${r.ok ? ' — done' : ` — ${r.error?.message ?? 'failed'}`}`,
    })),
  );
}
