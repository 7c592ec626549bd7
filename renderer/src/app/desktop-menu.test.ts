import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MenuBridge } from '../../../shared/bridge';
import { MENU_LIMITS, type MenuCommand } from '../../../shared/menu';
import type { Command } from './commands';
import { connectDesktopMenu, MENU_PUBLISH_DELAY_MS, toMenuCommands } from './desktop-menu';

const cmd = (id: string, group: Command['group'], extra: Partial<Command> = {}): Command => ({ id, title: id, group, run: () => {}, ...extra });

function fakeMenu() {
  const published: MenuCommand[][] = [];
  let choose: (id: string) => void = () => {};
  let listening = false;
  const menu: MenuBridge = {
    publish: (list) => published.push(structuredClone(list)),
    onCommand: (l) => {
      choose = l;
      listening = true;
      return () => {
        listening = false;
      };
    },
  };
  return { menu, published, choose: (id: string) => choose(id), listening: () => listening };
}

/** A store as the app has them: subscribe returns the unsubscribe. */
function fakeStore() {
  const listeners = new Set<() => void>();
  return {
    subscribe: (l: () => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    tick: () => listeners.forEach((l) => l()),
    size: () => listeners.size,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('toMenuCommands', () => {
  it('keeps data only, leaves the per-container entries to the palette, and marks the keys the page answers', () => {
    const out = toMenuCommands(
      [
        cmd('view.containers', 'Views'),
        cmd('container.abc', 'Containers'),
        cmd('action.filter', 'Actions', { shortcut: '/' }),
        cmd('action.x', 'Actions', { shortcut: 'Ctrl+Shift+X' }),
      ],
      new Set(['/']),
    );
    expect(out).toEqual([
      { id: 'view.containers', title: 'view.containers', group: 'Views', enabled: true },
      { id: 'action.filter', title: 'action.filter', group: 'Actions', shortcut: '/', pageHandlesShortcut: true, enabled: true },
      { id: 'action.x', title: 'action.x', group: 'Actions', shortcut: 'Ctrl+Shift+X', pageHandlesShortcut: false, enabled: true },
    ]);
    expect(() => structuredClone(out)).not.toThrow();
  });

  it('knows the app’s own page shortcuts by default', () => {
    const [filter] = toMenuCommands([cmd('action.filter', 'Actions', { shortcut: '/' })]);
    expect(filter!.pageHandlesShortcut).toBe(true);
  });

  it('clips a long title (a long container name) instead of losing the menu', () => {
    const [entry] = toMenuCommands([cmd('selected.stop', 'Selected container', { title: `Stop ${'n'.repeat(300)}` })]);
    expect(entry!.title).toHaveLength(MENU_LIMITS.title);
    expect(entry!.title.endsWith('…')).toBe(true);
  });

  it('leaves out an entry the host would refuse, keeping the others', () => {
    const out = toMenuCommands([cmd('bad id with spaces', 'Actions'), cmd('x'.repeat(500), 'Actions'), cmd('action.ok', 'Actions')]);
    expect(out.map((c) => c.id)).toEqual(['action.ok']);
  });

  it('sends at most the host’s cap of entries', () => {
    const many = Array.from({ length: MENU_LIMITS.entries + 50 }, (_, i) => cmd(`action.a${i}`, 'Actions'));
    expect(toMenuCommands(many)).toHaveLength(MENU_LIMITS.entries);
  });
});

describe('connectDesktopMenu', () => {
  it('does nothing in a browser, where there is no menu bridge', () => {
    const commands = vi.fn((): Command[] => []);
    const subscribe = vi.fn(() => () => {});
    const disconnect = connectDesktopMenu(undefined, { commands, subscribe: [subscribe] });
    expect(commands).not.toHaveBeenCalled();
    expect(subscribe).not.toHaveBeenCalled();
    expect(() => disconnect()).not.toThrow();
  });

  it('publishes at once, then once per change, however many ticks the stores make', () => {
    vi.useFakeTimers();
    const m = fakeMenu();
    const store = fakeStore();
    let list = [cmd('view.containers', 'Views'), cmd('container.a', 'Containers')];
    const commands = vi.fn(() => list);
    connectDesktopMenu(m.menu, { commands, subscribe: [store.subscribe] });
    expect(m.published).toHaveLength(1);

    // A busy engine: the container list changes many times, the menu's part of it not at all.
    for (let i = 0; i < 100; i++) {
      list = [...list, cmd(`container.c${i}`, 'Containers')];
      store.tick();
    }
    vi.advanceTimersByTime(MENU_PUBLISH_DELAY_MS * 3);
    expect(m.published).toHaveLength(1);
    expect(commands.mock.calls.length).toBeLessThanOrEqual(2);

    list = [...list, cmd('selected.stop', 'Selected container')];
    store.tick();
    store.tick();
    expect(m.published).toHaveLength(1);
    vi.advanceTimersByTime(MENU_PUBLISH_DELAY_MS);
    expect(m.published).toHaveLength(2);
    expect(m.published[1]!.map((c) => c.id)).toEqual(['view.containers', 'selected.stop']);
  });

  it('runs a chosen command by id against the current list, and ignores an id it no longer has', () => {
    const m = fakeMenu();
    const ran: string[] = [];
    let list = [cmd('selected.stop', 'Selected container', { run: () => ran.push('stop') })];
    connectDesktopMenu(m.menu, { commands: () => list, subscribe: [] });
    m.choose('selected.stop');
    list = [cmd('selected.start', 'Selected container', { run: () => ran.push('start') })];
    m.choose('selected.stop');
    m.choose('no.such.command');
    m.choose('selected.start');
    expect(ran).toEqual(['stop', 'start']);
  });

  it('survives a command that throws', () => {
    const m = fakeMenu();
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const boom = cmd('action.boom', 'Actions', {
      run: () => {
        throw new Error('boom');
      },
    });
    connectDesktopMenu(m.menu, { commands: () => [boom], subscribe: [] });
    expect(() => m.choose('action.boom')).not.toThrow();
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });

  it('unsubscribes, stops listening and cancels a pending publish when disconnected', () => {
    vi.useFakeTimers();
    const m = fakeMenu();
    const store = fakeStore();
    let list = [cmd('view.a', 'Views')];
    const disconnect = connectDesktopMenu(m.menu, { commands: () => list, subscribe: [store.subscribe] });
    list = [cmd('view.b', 'Views')];
    store.tick();
    disconnect();
    vi.advanceTimersByTime(MENU_PUBLISH_DELAY_MS * 2);
    expect(m.published).toHaveLength(1);
    expect(store.size()).toBe(0);
    expect(m.listening()).toBe(false);
  });
});
