import type { ActionResult, ContainerAction } from '../../../../shared/contract/containers';
import { ACTION_LABEL } from './actions';

export interface BatchOutcome {
  action: ContainerAction;
  results: ActionResult[];
  names: Record<string, string>;
}

/** Each container's result of a batch action: one failure never hides the other successes. */
export function BatchResults({ outcome, onClose }: { outcome: BatchOutcome; onClose(): void }) {
  const failed = outcome.results.filter((r) => !r.ok).length;
  const label = ACTION_LABEL[outcome.action];
  return (
    <section className="batch-results" aria-label="Batch results">
      <header>
        <strong>
          {label}: {outcome.results.length - failed} succeeded{failed ? `, ${failed} failed` : ''}
        </strong>
        <button type="button" className="icon-button" aria-label="Close batch results" onClick={onClose}>
          ×
        </button>
      </header>
      <ul>
        {outcome.results.map((r) => (
          <li key={r.id} className={r.ok ? 'ok' : 'failed'}>
            <span aria-hidden="true">{r.ok ? '✓' : '✗'}</span> {outcome.names[r.id] ?? r.id.slice(0, 12)}
            {r.ok ? ' — done' : ` — ${r.error?.message ?? 'failed'}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
