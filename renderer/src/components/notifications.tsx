import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { createToggle } from '../app/toggle';
import { CloseIcon, ClearIcon, ErrorIcon, InfoIcon, NotificationsIcon, OkIcon, SuccessIcon } from './icons';
import { explain } from '../../../shared/errors/explain';
import { ErrorDetails } from './ErrorDetails';
import { createNoticeStore, type Notice, type NoticeItem, type NoticeKind } from './notice-store';

export type { Notice } from './notice-store';

const store = createNoticeStore({ now: () => Date.now(), after: (ms, fn) => void setTimeout(fn, ms) });

/**
 * Tells the user something in a corner toast, kept in the notification centre.
 * Success and info leave by themselves; errors stay until dismissed (a few at most on screen).
 */
export function notify(kind: NoticeKind, text: string): void {
  // An engine or registry message we know is said in words; its own text stays under "Details".
  const words = kind === 'error' ? explain(text) : null;
  store.push(words ? { kind, text: words.message, details: words.details } : { kind, text });
}

/** One line per target of a batch; shown briefly, then kept in the centre. */
export function notifyResults(text: string, items: readonly NoticeItem[], label = 'Batch results'): void {
  store.push({ kind: items.some((i) => !i.ok) ? 'error' : 'success', text, items, label });
}

export const dismiss = (id: number) => store.dismiss(id);

function useNotices(): readonly Notice[] {
  return useSyncExternalStore(store.subscribe, store.snapshot);
}

function KindIcon({ kind }: { kind: NoticeKind }) {
  if (kind === 'error') return <ErrorIcon className="notice-icon" />;
  if (kind === 'success') return <SuccessIcon className="notice-icon" />;
  return <InfoIcon className="notice-icon" />;
}

function Items({ items }: { items: readonly NoticeItem[] }) {
  return (
    <ul className="notice-items">
      {items.map((r, i) => (
        <li key={i} className={r.ok ? 'ok' : 'failed'}>
          {r.ok ? <OkIcon /> : <CloseIcon />}
          <span className="visually-hidden">{r.ok ? 'Succeeded: ' : 'Failed: '}</span>
          {r.text}
        </li>
      ))}
    </ul>
  );
}

/**
 * The toasts: a strip at the window's bottom right that takes its own room in
 * the layout (above the status bar) instead of floating over the content, so
 * a toast never covers a control.
 */
export function Toasts() {
  const all = useNotices();
  const shown = all.filter((n) => n.onScreen);
  return (
    <section className="toasts" aria-label="Notifications">
      {shown.map((n) => {
        const body = (
          <>
            <span className="notice-text">{n.text}</span>
            <ErrorDetails text={n.details} />
            {n.items && <Items items={n.items} />}
          </>
        );
        return (
          <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
            <KindIcon kind={n.kind} />
            {n.label ? (
              <section aria-label={n.label} className="notice-body">
                {body}
              </section>
            ) : (
              <div className="notice-body">{body}</div>
            )}
            <button type="button" className="icon-button" aria-label="Dismiss" title="Dismiss (kept in the notification centre)" onClick={() => store.dismiss(n.id)}>
              <CloseIcon />
            </button>
          </div>
        );
      })}
    </section>
  );
}

const time = (t: number) => new Date(t).toLocaleTimeString();

export const notificationCentre = createToggle();

/** The bell in the top bar and the history it opens. */
export function NotificationCentre() {
  const open = notificationCentre.use();
  const all = useNotices();
  const unread = all.filter((n) => !n.read).length;
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  const anchor = useRef<HTMLDivElement>(null);
  const [wasOpen, setWasOpen] = useState(false);

  // What arrives while the centre is open is seen.
  useEffect(() => {
    if (open && unread) store.markRead();
  }, [open, unread]);
  // A click elsewhere closes it, as menus do.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!(e.target instanceof Node) || !anchor.current?.contains(e.target)) notificationCentre.close();
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);
  useEffect(() => {
    if (open) panel.current?.focus();
    else if (wasOpen) button.current?.focus();
    setWasOpen(open);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  return (
    <div className="centre-anchor" ref={anchor}>
      <button
        ref={button}
        type="button"
        className="icon-button with-badge"
        aria-label={unread ? `Notification centre, ${unread} unread` : 'Notification centre'}
        title="Notification centre"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => notificationCentre.toggle()}
      >
        <NotificationsIcon />
        {unread > 0 && (
          <span className="badge-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <section
          ref={panel}
          id={panelId}
          className="centre"
          role="dialog"
          aria-label="Notification centre"
          tabIndex={-1}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              notificationCentre.close();
            }
          }}
        >
          <header>
            <h2>Notifications</h2>
            <button type="button" onClick={() => store.clear()} disabled={all.length === 0}>
              <ClearIcon /> Clear all
            </button>
            <button type="button" className="icon-button" aria-label="Close notification centre" onClick={() => notificationCentre.close()}>
              <CloseIcon />
            </button>
          </header>
          {all.length === 0 ? (
            <p className="muted">Nothing yet.</p>
          ) : (
            <ol className="centre-list" aria-label="Notification history">
              {store.history().map((n) => (
                <li key={n.id} className={`notice-${n.kind}`}>
                  <KindIcon kind={n.kind} />
                  <div className="notice-body">
                    <span className="notice-text">{n.text}</span>
                    <time className="muted">{time(n.at)}</time>
                    <ErrorDetails text={n.details} />
                    {n.items && (
                      <details>
                        <summary>{n.items.length === 1 ? '1 result' : `${n.items.length} results`}</summary>
                        <Items items={n.items} />
                      </details>
                    )}
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </div>
  );
}
