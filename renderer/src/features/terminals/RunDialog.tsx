import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ContainerRow } from '../../../../shared/contract/containers';
import type { ClientChannel } from '../../../../shared/rpc/client';
import { api } from '../../api/connection';
import { Dialog } from '../../components/Dialog';
import { notify } from '../../components/notifications';
import { applyRunEvent, describeExit, initialRun, type RunState } from './run-state';
import './terminals.css';

/** Which containers the dialog is open for; set by the row and selection actions. */
let target: ContainerRow[] | null = null;
const listeners = new Set<() => void>();
export function openRunDialog(rows: ContainerRow[]) {
  target = rows;
  listeners.forEach((l) => l());
}
function closeRunDialog() {
  target = null;
  listeners.forEach((l) => l());
}

export function RunDialogOverlay() {
  const rows = useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => target,
  );
  return rows ? <RunDialog key={rows.map((r) => r.id).join()} rows={rows} /> : null;
}

function RunDialog({ rows }: { rows: ContainerRow[] }) {
  const [script, setScript] = useState('');
  const [timeout, setTimeoutSecs] = useState(60);
  const [user, setUser] = useState('');
  const [workingDir, setWorkingDir] = useState('');
  const [state, setState] = useState<RunState | null>(null);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const channel = useRef<ClientChannel<{ type: 'cancel'; container?: string }> | null>(null);
  const running = state !== null && !state.done;

  useEffect(() => () => channel.current?.close(), []);

  const names = Object.fromEntries(rows.map((r) => [r.id, r.name]));
  const common = () => ({
    containers: rows.map((r) => r.id),
    script,
    user: user.trim() || undefined,
    workingDir: workingDir.trim() || undefined,
  });

  const run = () => {
    setError(null);
    if (!script.trim()) return setError({ field: 'script', message: 'Type a command to run.' });
    const decoders = new Map<string, TextDecoder>();
    let s = initialRun(rows.map((r) => r.id), names);
    setState(s);
    channel.current = api.open('runner.run', { ...common(), timeoutSeconds: timeout }, {
      onEvent(ev, bytes) {
        s = applyRunEvent(s, ev, bytes, decoders);
        setState(s);
      },
      onEnd(err) {
        if (err) {
          setError({ field: err.field, message: err.message });
          s = { ...s, done: true };
          setState(s);
        }
      },
    });
  };

  const runInBackground = async () => {
    setError(null);
    if (!script.trim()) return setError({ field: 'script', message: 'Type a command to run.' });
    try {
      const jobs = await api.call('runner.startBackground', common());
      notify('info', `Started ${jobs.length} background job${jobs.length === 1 ? '' : 's'}: see Terminals → Background jobs.`);
      closeRunDialog();
    } catch (e) {
      const err = e as { field?: string; message: string };
      setError({ field: err.field, message: err.message });
    }
  };

  const cancel = () => void channel.current?.push({ type: 'cancel' }).catch(() => undefined);
  const close = () => {
    channel.current?.close();
    closeRunDialog();
  };

  const title = rows.length === 1 ? `Run command in ${rows[0]!.name}` : `Run command in ${rows.length} containers`;
  return (
    <Dialog
      title={title}
      wide
      onClose={close}
      actions={
        <>
          {running ? (
            <button type="button" className="danger" onClick={cancel}>
              Cancel
            </button>
          ) : (
            <>
              <button type="button" onClick={() => void runInBackground()}>
                Run in background
              </button>
              <button type="button" className="primary" onClick={run}>
                Run
              </button>
            </>
          )}
          <button type="button" onClick={close}>
            Close
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor="run-script">Command or script</label>
        <textarea
          id="run-script"
          className="run-script"
          value={script}
          spellCheck={false}
          onChange={(e) => setScript(e.target.value)}
          aria-invalid={error?.field === 'script'}
          placeholder={'e.g. ls -la /app\n(several lines run as one sh script)'}
        />
        {error?.field === 'script' && <span className="field-error">{error.message}</span>}
      </div>
      <div className="row-fields">
        <div className="field">
          <label htmlFor="run-timeout">Timeout (seconds, 0 for none)</label>
          <input id="run-timeout" type="number" min={0} max={86400} value={timeout} onChange={(e) => setTimeoutSecs(Math.max(0, Number(e.target.value) || 0))} />
        </div>
        <div className="field">
          <label htmlFor="run-user">User (optional)</label>
          <input id="run-user" value={user} onChange={(e) => setUser(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="run-workdir">Working directory (optional)</label>
          <input id="run-workdir" value={workingDir} onChange={(e) => setWorkingDir(e.target.value)} />
        </div>
      </div>
      {error && error.field !== 'script' && (
        <p className="error-text" role="alert">
          {error.message}
        </p>
      )}
      {state && (
        <div className="run-results" aria-label="Results">
          {state.runs.map((r) => (
            <section key={r.ref} className="run-result" aria-label={`Result for ${r.name}`}>
              <header>
                <h3>{r.name}</h3>
                <span role="status" className={r.outcome && r.outcome !== 'exited' ? 'error-text' : r.exitCode ? 'error-text' : undefined}>
                  {describeExit(r)}
                </span>
                {r.state === 'running' && (
                  <button type="button" onClick={() => void channel.current?.push({ type: 'cancel', container: r.ref }).catch(() => undefined)}>
                    Cancel {r.name}
                  </button>
                )}
              </header>
              <div className="run-streams">
                <div>
                  <span className="muted">stdout</span>
                  <pre aria-label={`stdout of ${r.name}`}>{r.stdout.dropped ? '…' : ''}{r.stdout.text}</pre>
                </div>
                <div>
                  <span className="muted">stderr</span>
                  <pre className="stderr" aria-label={`stderr of ${r.name}`}>{r.stderr.dropped ? '…' : ''}{r.stderr.text}</pre>
                </div>
              </div>
            </section>
          ))}
        </div>
      )}
    </Dialog>
  );
}
