import { ErrorIcon, SuccessIcon } from '../../components/icons';
import { STEP_LABELS, stepStateText, type EditProgress } from './summary';

/** The steps of an edit that replaces the container, ticked off as the service reports them. */
export function EditSteps({ progress }: { progress: EditProgress }) {
  if (!progress.steps.length) return null;
  return (
    <div className={`create-edit-steps${progress.failed ? ' failed' : ''}`}>
      {progress.failed && <p className="create-edit-steps-head">The edit was not applied.</p>}
      <ol aria-label="Replacing the container">
        {progress.steps.map((s) => {
          const state = progress.states[s] ?? (progress.failed ? 'not-run' : 'waiting');
          return (
            <li key={s} className={`create-edit-step ${state}`}>
              <span className="create-edit-step-mark" aria-hidden="true">
                {state === 'done' ? <SuccessIcon size={15} /> : state === 'failed' ? <ErrorIcon size={15} /> : null}
              </span>
              {STEP_LABELS[s]} <span className="muted">— {stepStateText(progress, s)}</span>
            </li>
          );
        })}
      </ol>
      {progress.left && <p role="status">{progress.left}</p>}
    </div>
  );
}
