import { useCallback, useEffect, useId, useState, useSyncExternalStore } from 'react';
import type { SessionInfo } from '../../../../shared/contract/terminals';
import { api } from '../../api/connection';
import { notify } from '../../components/notifications';
import { detachedStatus, MAX_DETACHED_MINUTES, minutesText, parseDetachedMinutes } from './detached';
import { terminals } from './registry';

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * Sessions the services hold that no tab of this page shows (the browser that
 * opened them closed, or another window has them), to reopen here or end, and
 * the time after which a session no window shows is ended.
 */
export function DetachedSessions() {
  useSyncExternalStore(terminals.subscribe, terminals.version);
  const [sessions, setSessions] = useState<SessionInfo[]>([]);
  const refresh = useCallback(() => {
    api.call('terminals.list', {}).then(setSessions, () => undefined);
  }, []);
  useEffect(() => {
    refresh();
    // No channel of its own: sessions come and go rarely, and a slow poll keeps the list honest.
    const t = setInterval(refresh, 3000);
    return () => clearInterval(t);
  }, [refresh]);

  const shown = sessions.filter((s) => !terminals.get(s.id));
  const reopen = (s: SessionInfo) => {
    terminals.open(s);
    refresh();
  };
  const end = (s: SessionInfo) => {
    setSessions((all) => all.filter((x) => x.id !== s.id));
    api.call('terminals.close', { id: s.id }).then(refresh, (e: Error) => (notify('error', `Could not end ${s.title}: ${e.message}`), refresh()));
  };

  // Many detached sessions (a browser that opened many, then closed) are ended in one go.
  const endAll = () => shown.forEach(end);

  return (
    <section className="detached-sessions" aria-labelledby="detached-heading">
      <h2 id="detached-heading">Detached sessions</h2>
      {shown.length > 1 && (
        <button type="button" className="danger" onClick={endAll}>
          End all {shown.length} detached sessions
        </button>
      )}
      {shown.length === 0 ? (
        <p className="hint">Every session is shown in a tab here.</p>
      ) : (
        <ul aria-label="Detached sessions">
          {shown.map((s) => (
            <li key={s.id}>
              <strong>{s.title}</strong> <span>{detachedStatus(s, time)}</span>{' '}
              <button type="button" aria-label={`Reopen ${s.title}`} onClick={() => reopen(s)}>
                Reopen
              </button>
              <button type="button" className="danger" aria-label={`${s.state === 'ended' ? 'Remove' : 'End'} ${s.title}`} onClick={() => end(s)}>
                {s.state === 'ended' ? 'Remove' : 'End'}
              </button>
            </li>
          ))}
        </ul>
      )}
      <DetachedTimeout />
    </section>
  );
}

function DetachedTimeout() {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    api.call('terminals.settings', {}).then(
      (s) => setText((t) => t ?? minutesText(s.detachedTimeoutSeconds)),
      (e: Error) => setError(`Could not read the setting: ${e.message}`),
    );
  }, []);
  const save = async () => {
    const parsed = parseDetachedMinutes(text ?? '');
    setSaved(false);
    if ('error' in parsed) return setError(parsed.error);
    try {
      const s = await api.call('terminals.setSettings', { detachedTimeoutSeconds: parsed.seconds });
      setText(minutesText(s.detachedTimeoutSeconds));
      setError(null);
      setSaved(true);
    } catch (e) {
      setError(`Could not save: ${(e as Error).message}`);
    }
  };
  return (
    <form
      className="detached-timeout"
      // Our own message, at the field, rather than the browser's bubble.
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor={`${id}-minutes`}>End sessions no window shows after (minutes)</label>
      <input
        id={`${id}-minutes`}
        type="number"
        min={1}
        max={MAX_DETACHED_MINUTES}
        step="any"
        value={text ?? ''}
        disabled={text === null && !error}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => (setText(e.target.value), setSaved(false))}
      />
      <button type="submit">Save time</button>
      {saved && <span role="status">Saved.</span>}
      {error && (
        <span id={`${id}-error`} role="alert" className="field-error">
          {error}
        </span>
      )}
    </form>
  );
}
