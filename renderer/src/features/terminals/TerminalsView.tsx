import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { TerminalSignal } from '../../../../shared/contract/terminals';
import { api } from '../../api/connection';
import { nav, useNav } from '../../app/navigation';
import { notify } from '../../components/notifications';
import { ConfirmCloseDialog } from './ConfirmCloseDialog';
import { DetachedSessions } from './DetachedSessions';
import { useHostShellAllowed } from './host-shell';
import { JobsPanel } from './JobsPanel';
import { openNewTerminal } from './NewTerminalDialog';
import { copySelection, interrupted, pasteClipboard, restoreOnce, terminals, type TermEntry } from './registry';
import './terminals.css';

function useTerminals() {
  useSyncExternalStore(terminals.subscribe, terminals.version);
  return { list: terminals.list(), active: terminals.active() };
}

/**
 * Keeps the shown tab and the address (`#/terminals/<tab>`) in step: the
 * address picks the tab after a reload or Back/Forward; a tab opened from
 * elsewhere (a row's Terminal action) or closed is written back, replacing
 * the entry so Back does not walk through every session.
 */
function useTabInAddress(list: readonly TermEntry[], active: TermEntry | undefined) {
  const { item } = useNav();
  const known = list.some((e) => e.id === item);
  useEffect(() => {
    if (item && known && item !== active?.id) terminals.activate(item);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [item, known]);
  const prev = useRef(active?.id);
  useEffect(() => {
    const was = prev.current;
    prev.current = active?.id;
    if (was === active?.id) return;
    const named = nav.get().item;
    // The first tabs arriving (restored after a reload) must not overrule a tab the address names.
    if (was === undefined && named) return;
    if (active?.id !== named && nav.get().view === 'terminals') nav.showItem(active?.id, { replace: true });
  }, [active?.id]);
}

export function TerminalsView() {
  const { list, active } = useTerminals();
  const hostShell = useHostShellAllowed();
  useEffect(() => {
    void restoreOnce();
  }, []);
  useTabInAddress(list, active);

  const newHostShell = () => {
    terminals.create({ kind: 'host', cols: 100, rows: 30 }).catch((e: Error) => notify('error', `Could not open a host shell: ${e.message}`));
  };

  return (
    <section className="terminals-view" aria-label="Terminals">
      <div className="toolbar">
        <div role="tablist" aria-label="Terminal tabs" className="terminal-tabs">
          {list.map((e) => (
            <button
              key={e.id}
              type="button"
              role="tab"
              aria-selected={e.id === active?.id}
              className={e.ended ? 'terminal-tab ended' : 'terminal-tab'}
              onClick={() => {
                terminals.activate(e.id);
                nav.showItem(e.id);
              }}
            >
              {e.info.title}
            </button>
          ))}
        </div>
        <button type="button" className="primary" onClick={() => openNewTerminal()}>
          New terminal
        </button>
        {hostShell && (
          <button type="button" onClick={newHostShell}>
            New host shell
          </button>
        )}
      </div>
      {active ? <ActiveTerminal key={active.id} entry={active} index={list.indexOf(active)} count={list.length} /> : (
        <p className="empty">No terminals open. Use “New terminal”, or “Terminal” on a running container{hostShell ? ', or open a host shell' : ''}.</p>
      )}
      <DetachedSessions />
      <JobsPanel />
    </section>
  );
}

function ActiveTerminal({ entry, index, count }: { entry: TermEntry; index: number; count: number }) {
  const pane = useRef<HTMLDivElement>(null);
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(entry.info.title);
  const [query, setQuery] = useState('');
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    const el = pane.current;
    if (!el) return;
    el.appendChild(entry.host);
    entry.output.shown();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fit = () => {
      if (!el.clientWidth || !el.clientHeight) return;
      const before = { cols: entry.term.cols, rows: entry.term.rows };
      entry.fit.fit();
      const { cols, rows } = entry.term;
      if (entry.ended) return;
      if (cols !== before.cols || rows !== before.rows || cols !== entry.info.cols || rows !== entry.info.rows) {
        clearTimeout(timer);
        // Coalesce a drag's many sizes into one resize of the process.
        timer = setTimeout(() => {
          entry.info = { ...entry.info, cols, rows };
          api.call('terminals.resize', { id: entry.id, cols, rows }).catch(() => undefined);
        }, 60);
      }
    };
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    fit();
    entry.term.focus();
    return () => {
      ro.disconnect();
      clearTimeout(timer);
      if (entry.host.parentElement === el) el.removeChild(entry.host);
    };
  }, [entry]);

  const signal = (s: TerminalSignal) => {
    if (s === 'interrupt') interrupted(entry);
    api.call('terminals.signal', { id: entry.id, signal: s }).catch((e: Error) => notify('error', e.message));
    entry.term.focus();
  };
  const reconnect = async () => {
    setBusy(true);
    try {
      await terminals.reconnect(entry.id);
    } catch (e) {
      notify('error', `Could not reconnect: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  const saveTitle = async () => {
    const t = title.trim();
    setRenaming(false);
    if (t && t !== entry.info.title) await terminals.rename(entry.id, t).catch((e: Error) => notify('error', e.message));
  };
  const find = (dir: 'next' | 'previous') => {
    if (!query) return;
    const found = dir === 'next' ? entry.search.findNext(query) : entry.search.findPrevious(query);
    if (!found) notify('info', `“${query}” is not in the scrollback.`);
  };

  return (
    <div className="terminal-panel">
      <div className="toolbar terminal-actions" role="toolbar" aria-label="Terminal actions">
        {renaming ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void saveTitle();
            }}
          >
            <label>
              Tab name{' '}
              <input autoFocus value={title} maxLength={100} onChange={(e) => setTitle(e.target.value)} onBlur={() => void saveTitle()} />
            </label>
          </form>
        ) : (
          <button type="button" onClick={() => (setTitle(entry.info.title), setRenaming(true))}>
            Rename tab
          </button>
        )}
        <button type="button" disabled={index <= 0} onClick={() => terminals.move(entry.id, -1)}>
          Move tab left
        </button>
        <button type="button" disabled={index >= count - 1} onClick={() => terminals.move(entry.id, 1)}>
          Move tab right
        </button>
        <button
          type="button"
          onClick={() => {
            // An ended tab has nothing left to lose.
            if (entry.ended) void terminals.close(entry.id);
            else setConfirming(true);
          }}
        >
          Close tab
        </button>
        <span className="separator" aria-hidden="true" />
        <button type="button" disabled={!!entry.ended} onClick={() => signal('interrupt')}>
          Interrupt
        </button>
        <button type="button" disabled={!!entry.ended} onClick={() => signal('terminate')}>
          Terminate
        </button>
        <button type="button" className="danger" disabled={!!entry.ended} onClick={() => signal('kill')}>
          Kill
        </button>
        <span className="separator" aria-hidden="true" />
        <input
          type="search"
          aria-label="Search in scrollback"
          placeholder="Search scrollback"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') find(e.shiftKey ? 'previous' : 'next');
          }}
        />
        <button type="button" onClick={() => find('previous')}>
          Find previous
        </button>
        <button type="button" onClick={() => find('next')}>
          Find next
        </button>
      </div>
      {entry.ended && (
        <div className="terminal-ended" role="status">
          <span>
            Session ended{entry.ended.exitCode !== null ? ` (exit code ${entry.ended.exitCode})` : ''}: {entry.ended.reason}
          </span>
          <button type="button" className="primary" disabled={busy} onClick={() => void reconnect()}>
            Reconnect
          </button>
        </div>
      )}
      <div
        ref={pane}
        className="terminal-pane"
        aria-label={`Terminal: ${entry.info.title}`}
        role="group"
        onContextMenu={(e) => {
          e.preventDefault();
          setMenu({ x: e.clientX, y: e.clientY });
        }}
        onClick={() => setMenu(null)}
      />
      {confirming && (
        <ConfirmCloseDialog
          entry={entry}
          onCancel={() => {
            setConfirming(false);
            entry.term.focus();
          }}
          onConfirm={() => {
            setConfirming(false);
            void terminals.close(entry.id);
          }}
        />
      )}
      {menu && (
        <div className="terminal-menu" role="menu" aria-label="Terminal menu" style={{ left: menu.x, top: menu.y }} onKeyDown={(e) => e.key === 'Escape' && setMenu(null)}>
          <button type="button" role="menuitem" autoFocus onClick={() => (void copySelection(entry), setMenu(null))}>
            Copy
          </button>
          <button type="button" role="menuitem" onClick={() => (void pasteClipboard(entry), setMenu(null))}>
            Paste
          </button>
          <button type="button" role="menuitem" onClick={() => (entry.term.selectAll(), setMenu(null))}>
            Select all
          </button>
          <button type="button" role="menuitem" onClick={() => (entry.term.clear(), setMenu(null))}>
            Clear scrollback
          </button>
        </div>
      )}
    </div>
  );
}
