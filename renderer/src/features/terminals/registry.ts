import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { CreateTerminalInput, SessionInfo } from '../../../../shared/contract/terminals';
import type { ClientChannel } from '../../../../shared/rpc/client';
import { api } from '../../api/connection';
import { notify } from '../../components/notifications';
import { distinctTabName } from './tab-name';
import { WriteQueue } from './write-queue';

/**
 * xterm instances live here, outside React state: a
 * registry keyed by session id. Views mount and unmount the terminal's element;
 * the terminal, its scrollback and its stream survive navigation. After a page
 * reload, `restore()` lists the services' sessions and reattaches, replayed.
 */
export interface TermEntry {
  id: string;
  info: SessionInfo;
  term: Terminal;
  fit: FitAddon;
  search: SearchAddon;
  /** The element xterm renders into; moved between views, never re-created. */
  host: HTMLDivElement;
  channel?: ClientChannel<{ type: 'input' }>;
  /** Output on its way into xterm (see write-queue.ts). */
  output: WriteQueue;
  ended: { exitCode: number | null; reason: string } | null;
  /**
   * From opening the stream until xterm has parsed the replay. Meanwhile
   * xterm answers the terminal queries in the replayed history (cursor
   * position, device attributes…) as if the program had just asked; those
   * answers must never reach the program as input.
   */
  replaying: boolean;
}

/**
 * The sessions this page shows as tabs, in order. Per browser tab (session
 * storage): a reload brings its own tabs back, and a session no page shows is
 * listed as detached rather than taken over by whichever window loads next.
 */
const TABS_KEY = 'berth.terminals.tabs';
const ACTIVE_KEY = 'berth.terminals.active';
const enc = new TextEncoder();

let entries: TermEntry[] = [];
let active: string | null = sessionStorage.getItem(ACTIVE_KEY);
let version = 0;
const listeners = new Set<() => void>();

function changed() {
  version++;
  sessionStorage.setItem(TABS_KEY, JSON.stringify(entries.map((e) => e.id)));
  if (active) sessionStorage.setItem(ACTIVE_KEY, active);
  listeners.forEach((l) => l());
}

export const terminals = {
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  version: () => version,
  list: () => entries,
  active: () => entries.find((e) => e.id === active) ?? entries[0],
  get: (id: string) => entries.find((e) => e.id === id),
  activate(id: string) {
    active = id;
    changed();
  },

  async create(input: CreateTerminalInput): Promise<TermEntry> {
    const info = await api.call('terminals.create', input);
    const title = distinctTabName(info.title, entries.map((e) => e.info.title));
    const entry = makeEntry({ ...info, title });
    // The services keep the name too, so the detached list and a reload show the same one.
    if (title !== info.title) void api.call('terminals.rename', { id: info.id, title }).catch(() => undefined);
    entries = [...entries, entry];
    active = entry.id;
    connect(entry);
    changed();
    return entry;
  },

  /** Opens a new session like the ended one, in the same tab. */
  async reconnect(id: string): Promise<void> {
    const old = entries.find((e) => e.id === id);
    if (!old) return;
    const i = old.info;
    const size = { cols: old.term.cols, rows: old.term.rows };
    const input: CreateTerminalInput =
      i.kind === 'host'
        ? { kind: 'host', ...size }
        : i.kind === 'attach'
          ? { kind: 'attach', container: i.container!.id, ...size }
          : { kind: 'exec', container: i.container!.id, shell: i.shell ?? 'auto', user: i.user ?? undefined, workingDir: i.workingDir ?? undefined, ...size };
    const info = await api.call('terminals.create', input);
    await api.call('terminals.close', { id }).catch(() => undefined);
    old.channel?.close();
    old.output.close();
    const entry = makeEntry({ ...info, title: old.info.title });
    if (info.title !== old.info.title) void api.call('terminals.rename', { id: info.id, title: old.info.title }).catch(() => undefined);
    entries = entries.map((e) => (e.id === id ? entry : e));
    old.term.dispose();
    active = entry.id;
    connect(entry);
    changed();
  },

  async close(id: string): Promise<void> {
    const e = entries.find((x) => x.id === id);
    if (!e) return;
    entries = entries.filter((x) => x !== e);
    if (active === id) active = entries[0]?.id ?? null;
    e.channel?.close();
    e.output.close();
    e.term.dispose();
    changed();
    await api.call('terminals.close', { id }).catch((err: Error) => notify('error', `Could not close the session: ${err.message}`));
  },

  async rename(id: string, title: string): Promise<void> {
    const e = entries.find((x) => x.id === id);
    if (!e) return;
    e.info = await api.call('terminals.rename', { id, title });
    changed();
  },

  move(id: string, delta: -1 | 1) {
    const i = entries.findIndex((e) => e.id === id);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= entries.length) return;
    const next = entries.slice();
    [next[i], next[j]] = [next[j]!, next[i]!];
    entries = next;
    changed();
  },

  /** Shows a session the services hold (a detached one) as a tab here, replayed, and selects it. */
  open(info: SessionInfo): TermEntry {
    const existing = entries.find((e) => e.id === info.id);
    if (existing) {
      terminals.activate(existing.id);
      return existing;
    }
    const entry = makeEntry(info);
    entries = [...entries, entry];
    active = entry.id;
    connect(entry);
    changed();
    return entry;
  },

  /** Reattaches, after a reload, to the sessions this page showed as tabs, in their order. */
  async restore(): Promise<void> {
    const sessions = await api.call('terminals.list', {});
    const known = new Set(entries.map((e) => e.id));
    const order = savedTabs();
    const fresh = sessions.filter((s) => !known.has(s.id) && order.includes(s.id)).sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    for (const info of fresh) {
      const entry = makeEntry(info);
      entries = [...entries, entry];
      connect(entry);
    }
    if (fresh.length) changed();
  },
};

function savedTabs(): string[] {
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem(TABS_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

let restored: Promise<void> | undefined;
/** Once per page: reattach the services' sessions. */
export function restoreOnce(): Promise<void> {
  restored ??= terminals.restore().catch((e: Error) => {
    restored = undefined;
    notify('error', `Could not list terminal sessions: ${e.message}`);
  });
  return restored;
}

function makeEntry(info: SessionInfo): TermEntry {
  const term = new Terminal({
    allowProposedApi: true,
    cursorBlink: false,
    scrollback: 10_000,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace',
    fontSize: 13,
    cols: info.cols,
    rows: info.rows,
  });
  const fit = new FitAddon();
  const search = new SearchAddon();
  term.loadAddon(fit);
  term.loadAddon(search);
  term.loadAddon(new WebLinksAddon());
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  const host = document.createElement('div');
  host.className = 'terminal-host';
  term.open(host);
  const entry: TermEntry = {
    id: info.id,
    info,
    term,
    fit,
    search,
    host,
    output: outputQueue(term, host),
    ended: info.state === 'ended' ? { exitCode: info.exitCode, reason: info.endReason ?? 'The session ended.' } : null,
    replaying: true,
  };

  term.attachCustomKeyEventHandler((ev) => {
    if (ev.type !== 'keydown' || !ev.ctrlKey || !ev.shiftKey) return true;
    if (ev.code === 'KeyC') {
      void copySelection(entry);
      return false;
    }
    if (ev.code === 'KeyV') {
      void pasteClipboard(entry);
      return false;
    }
    return true;
  });
  term.onData((s) => {
    if (entry.replaying && !duringUserEvent()) return;
    lastInput = performance.now();
    if (s.includes('\x03')) interrupted(entry);
    void send(entry, enc.encode(s));
  });
  term.onBinary((s) => {
    if (entry.replaying && !duringUserEvent()) return;
    void send(entry, Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff));
  });
  return entry;
}

/**
 * Whether xterm emits this input while handling a key, paste, composition or
 * mouse event (the user), rather than while parsing output (an answer to a
 * query). xterm parses in its own timer callbacks, outside any such event.
 */
function duringUserEvent(): boolean {
  const ev = typeof window === 'undefined' ? undefined : window.event;
  return ev instanceof UIEvent || ev instanceof ClipboardEvent;
}

/**
 * Ctrl+C (typed, or the Interrupt button) is about to reach the session: in
 * the normal screen, let the queue cut a flood short at the tty's `^C` echo
 * (write-queue.ts). Full-screen programs (the alternate screen) read Ctrl+C as
 * a key and keep every byte.
 */
export function interrupted(entry: TermEntry): void {
  if (entry.term.buffer.active.type === 'normal') entry.output.interrupt();
}

async function send(entry: TermEntry, bytes: Uint8Array) {
  if (!entry.channel || entry.channel.closed || entry.ended) return;
  try {
    await entry.channel.push({ type: 'input' }, bytes);
  } catch {
    // The stream ended meanwhile; the tab shows it.
  }
}

export async function copySelection(entry: TermEntry): Promise<void> {
  const text = entry.term.getSelection();
  if (!text) return;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    notify('error', 'The browser refused access to the clipboard.');
  }
}

export async function pasteClipboard(entry: TermEntry): Promise<void> {
  try {
    const text = await navigator.clipboard.readText();
    if (text) entry.term.paste(text);
  } catch {
    notify('error', 'The browser refused access to the clipboard: paste with Ctrl+V or the browser menu.');
  }
}

/**
 * Hidden tabs write nothing until this long after the last keystroke in any
 * tab, so their floods leave the typing tab's echo alone; their producers wait
 * on the flow window meanwhile.
 */
const TYPING_PAUSE_MS = 150;
let lastInput = -Infinity;
const hiddenWait = () => Math.max(0, lastInput + TYPING_PAUSE_MS - performance.now());

/** Only the active tab's element is in the document: the others are fed at background priority. */
const outputQueue = (term: Terminal, host: HTMLElement) => new WriteQueue(term, { visible: () => host.isConnected, hiddenWait });

function connect(entry: TermEntry) {
  entry.channel = api.open(
    'terminals.stream',
    { id: entry.id, replay: true },
    {
      manualAck: true,
      resilient: true,
      // After a reconnect the replay comes again: start from a clean screen.
      onReopen: () => {
        entry.output.close();
        entry.output = outputQueue(entry.term, entry.host);
        entry.term.reset();
        entry.replaying = true;
      },
      onEvent(ev, bytes, done) {
        if (ev.type === 'data' && bytes) {
          // Acked once xterm has parsed the bytes, so the producer follows real progress.
          entry.output.push(bytes, done);
          return;
        }
        if (ev.type === 'replayed') {
          const output = entry.output;
          // Once xterm has parsed the replay: answers to live output go to the program again.
          output.mark(() => {
            if (entry.output === output) entry.replaying = false;
          });
        }
        if (ev.type === 'ended') {
          entry.ended = { exitCode: ev.exitCode, reason: ev.reason };
          entry.info = { ...entry.info, state: 'ended', exitCode: ev.exitCode, endReason: ev.reason };
          changed();
        }
        done();
      },
      onEnd(err) {
        if (err && !entry.ended) {
          entry.ended = { exitCode: null, reason: err.message };
          changed();
        }
      },
    },
  );
}
