/**
 * The notifications' state, without React: what is on screen, what the
 * centre remembers, and when things leave. Timers are passed in so the rules
 * are tested with a fake clock.
 */
export type NoticeKind = 'error' | 'success' | 'info';

export interface NoticeItem {
  ok: boolean;
  text: string;
}

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
  /** Per-target results of a batch (one line per container). */
  items?: readonly NoticeItem[];
  /** The toast's accessible name when it is more than a line, e.g. "Batch results". */
  label?: string;
  /** The engine's own text when `text` puts it in words, shown under "Details". */
  details?: string;
  at: number;
  onScreen: boolean;
  read: boolean;
}

export const NOTICE_LIMITS = {
  /** Success and info toasts leave by themselves after this long. */
  fadeMs: 5000,
  /** A batch's result list stays a little longer, then collapses into the centre. */
  batchMs: 8000,
  /** Errors stay until dismissed, but only this many at once: a burst cannot bury the screen. */
  errorsOnScreen: 3,
  /** Toasts on screen in all. */
  onScreen: 4,
  /** The centre's history; the oldest fall off. */
  history: 200,
};

export interface Timers {
  now(): number;
  after(ms: number, fn: () => void): void;
}

export interface NewNotice {
  kind: NoticeKind;
  text: string;
  items?: readonly NoticeItem[];
  label?: string;
  details?: string;
}

export function createNoticeStore(timers: Timers, limits = NOTICE_LIMITS) {
  let all: Notice[] = []; // oldest first
  let seq = 0;
  const listeners = new Set<() => void>();
  const set = (next: Notice[]) => {
    all = next;
    listeners.forEach((l) => l());
  };
  const hide = (id: number) => set(all.map((n) => (n.id === id && n.onScreen ? { ...n, onScreen: false } : n)));

  /** Takes the oldest toasts off screen until the caps hold (errors first among errors, then any). */
  const enforce = (list: Notice[]): Notice[] => {
    const out = [...list];
    const shown = () => out.filter((n) => n.onScreen);
    const errors = () => shown().filter((n) => n.kind === 'error');
    while (errors().length > limits.errorsOnScreen) {
      const oldest = errors()[0]!;
      out[out.indexOf(oldest)] = { ...oldest, onScreen: false };
    }
    while (shown().length > limits.onScreen) {
      const s = shown();
      const oldest = s.find((n) => n.kind !== 'error') ?? s[0]!;
      out[out.indexOf(oldest)] = { ...oldest, onScreen: false };
    }
    return out.slice(-limits.history);
  };

  return {
    push(n: NewNotice): number {
      const id = ++seq;
      const text = String(n.text).slice(0, 2000);
      const notice: Notice = { id, kind: n.kind, text, at: timers.now(), onScreen: true, read: false };
      if (n.items) notice.items = n.items.slice(0, 500);
      if (n.label) notice.label = n.label;
      if (n.details) notice.details = String(n.details).slice(0, 8000);
      set(enforce([...all, notice]));
      if (n.items) timers.after(limits.batchMs, () => hide(id));
      else if (n.kind !== 'error') timers.after(limits.fadeMs, () => hide(id));
      return id;
    },
    /** Off the screen; the centre keeps it. */
    dismiss: hide,
    /** Everything the centre holds has been seen. */
    markRead: () => {
      if (all.some((n) => !n.read)) set(all.map((n) => (n.read ? n : { ...n, read: true })));
    },
    clear: () => set([]),
    onScreen: (): Notice[] => all.filter((n) => n.onScreen),
    /** Newest first. */
    history: (): Notice[] => [...all].reverse(),
    unread: () => all.filter((n) => !n.read).length,
    snapshot: () => all,
    subscribe(l: () => void) {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
  };
}

export type NoticeStore = ReturnType<typeof createNoticeStore>;
