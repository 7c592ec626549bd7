import { useId, useMemo, useState, useSyncExternalStore } from 'react';
import { BerthError } from '../../../../shared/contract/errors';
import { nav } from '../../app/navigation';
import { Dialog } from '../../components/Dialog';
import { useContainers } from '../containers/store';
import { useHostShellAllowed } from './host-shell';
import {
  fieldOfError,
  fieldProblem,
  HOST_TARGET,
  toCreateInput,
  type FieldProblems,
  type NewTerminalField,
  type NewTerminalFields,
} from './new-terminal-form';
import { terminals } from './registry';

/** Whether the dialog is open, and for which container first; set by the view's button and the palette. */
let request: { target?: string } | null = null;
const listeners = new Set<() => void>();
export function openNewTerminal(target?: string) {
  request = { target };
  listeners.forEach((l) => l());
}
function closeNewTerminal() {
  request = null;
  listeners.forEach((l) => l());
}

export function NewTerminalOverlay() {
  const r = useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => request,
  );
  return r ? <NewTerminalDialog initialTarget={r.target} /> : null;
}

const SHELLS = ['auto', '/bin/sh', '/bin/bash', '/bin/ash', '/bin/zsh'];

function NewTerminalDialog({ initialTarget }: { initialTarget?: string }) {
  const { rows } = useContainers();
  const hostShell = useHostShellAllowed();
  const running = useMemo(() => rows.filter((r) => r.state === 'running').sort((a, b) => a.name.localeCompare(b.name)), [rows]);
  const [fields, setFields] = useState<NewTerminalFields>(() => ({
    target: initialTarget ?? running[0]?.id ?? '',
    shell: 'auto',
    user: '',
    workingDir: '',
  }));
  const [touched, setTouched] = useState<Partial<Record<NewTerminalField, boolean>>>({});
  const [refused, setRefused] = useState<FieldProblems>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  // The first container arrives after the dialog opened (a cold start): take it.
  const target = fields.target || (running[0]?.id ?? '');
  const current: NewTerminalFields = { ...fields, target };
  const host = target === HOST_TARGET;
  const gone = !!target && !host && !running.some((r) => r.id === target);

  const problem = (f: NewTerminalField): string | undefined => {
    if (f === 'target' && gone) return 'That container is not running any more: choose another.';
    return refused[f] ?? (touched[f] ? fieldProblem(f, current) : undefined);
  };
  const set = (f: NewTerminalField, value: string) => {
    setFields((x) => ({ ...x, target, [f]: value }));
    setRefused((r) => ({ ...r, [f]: undefined }));
    setGeneral(null);
  };
  const touch = (f: NewTerminalField) => setTouched((t) => ({ ...t, [f]: true }));

  const submit = async () => {
    setTouched({ target: true, shell: true, user: true, workingDir: true });
    if (gone) return;
    const r = toCreateInput(current, { cols: 100, rows: 30 });
    if (!r.ok) return;
    setBusy(true);
    try {
      await terminals.create(r.input);
      closeNewTerminal();
      nav.showView('terminals');
    } catch (e) {
      const err = e instanceof BerthError ? e : new BerthError('internal', (e as Error).message);
      const at = fieldOfError(err.field);
      if (at) setRefused({ [at]: err.message });
      else setGeneral(err.message);
    } finally {
      setBusy(false);
    }
  };

  const err = (f: NewTerminalField) => {
    const p = problem(f);
    return {
      'aria-invalid': p ? true : undefined,
      'aria-describedby': p ? `${id}-${f}-error` : undefined,
      message: p ? (
        <span id={`${id}-${f}-error`} className="field-error">
          {p}
        </span>
      ) : null,
    };
  };
  const t = err('target');
  const s = err('shell');
  const u = err('user');
  const w = err('workingDir');

  return (
    <Dialog
      title="New terminal"
      onClose={closeNewTerminal}
      actions={
        <>
          <button type="submit" form={`${id}-form`} className="primary" disabled={busy}>
            {busy ? 'Opening…' : 'Open terminal'}
          </button>
          <button type="button" onClick={closeNewTerminal}>
            Cancel
          </button>
        </>
      }
    >
      <form
        id={`${id}-form`}
        className="new-terminal-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-target`}>Container</label>
          <select
            id={`${id}-target`}
            value={target}
            aria-invalid={t['aria-invalid']}
            aria-describedby={t['aria-describedby']}
            onChange={(e) => set('target', e.target.value)}
            onBlur={() => touch('target')}
          >
            {!target && <option value="">{running.length ? 'Choose a container' : 'No container is running'}</option>}
            {gone && <option value={target}>(stopped)</option>}
            {running.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
            {hostShell && <option value={HOST_TARGET}>This machine (host shell)</option>}
          </select>
          {t.message}
        </div>
        <fieldset className="new-terminal-exec" disabled={host}>
          <div className="field">
            <label htmlFor={`${id}-shell`}>Shell</label>
            <input
              id={`${id}-shell`}
              list={`${id}-shells`}
              value={fields.shell}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={s['aria-invalid']}
              aria-describedby={s['aria-describedby'] ?? `${id}-shell-help`}
              onChange={(e) => set('shell', e.target.value)}
              onBlur={() => touch('shell')}
            />
            <datalist id={`${id}-shells`}>
              {SHELLS.map((x) => (
                <option key={x} value={x} />
              ))}
            </datalist>
            {s.message ?? (
              <span id={`${id}-shell-help`} className="field-help">
                “auto” takes bash where the image has it, else sh.
              </span>
            )}
          </div>
          <div className="row-fields">
            <div className="field">
              <label htmlFor={`${id}-user`}>User (optional)</label>
              <input
                id={`${id}-user`}
                value={fields.user}
                spellCheck={false}
                autoComplete="off"
                placeholder="the image’s user"
                aria-invalid={u['aria-invalid']}
                aria-describedby={u['aria-describedby']}
                onChange={(e) => set('user', e.target.value)}
                onBlur={() => touch('user')}
              />
              {u.message}
            </div>
            <div className="field">
              <label htmlFor={`${id}-workdir`}>Working directory (optional)</label>
              <input
                id={`${id}-workdir`}
                value={fields.workingDir}
                spellCheck={false}
                autoComplete="off"
                placeholder="the image’s directory"
                aria-invalid={w['aria-invalid']}
                aria-describedby={w['aria-describedby']}
                onChange={(e) => set('workingDir', e.target.value)}
                onBlur={() => touch('workingDir')}
              />
              {w.message}
            </div>
          </div>
        </fieldset>
        {host && <p className="field-help">A host shell runs on the machine serving Berth, as the user running it.</p>}
        {general && (
          <p className="error-text" role="alert">
            Could not open the terminal: {general}
          </p>
        )}
      </form>
    </Dialog>
  );
}
