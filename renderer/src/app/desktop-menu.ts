import type { MenuBridge } from '../../../shared/bridge';
import { MENU_GROUPS, MENU_LIMITS, MenuCommand } from '../../../shared/menu';
import type { Command } from './commands';
import { SHORTCUTS } from './shortcuts';
import { realTimers, type Timers } from '../../../shared/timers';

/**
 * Publishes the palette's command list to the desktop host's native menu and
 * runs what the menu sends back. Everything here is plain data and timers; the
 * hook that feeds it the app's stores is use-desktop-menu.ts.
 */

/**
 * A live container list changes with every engine event, and a selected
 * container's actions with its state: the list is recomputed at most this
 * often, and sent only when it differs from the last one sent.
 */
export const MENU_PUBLISH_DELAY_MS = 200;

const MENU_GROUP_SET: ReadonlySet<string> = new Set(MENU_GROUPS);
/** Keys the page's own handler answers (Ctrl+K, "/", "?"): the menu only shows them. */
const PAGE_KEYS: ReadonlySet<string> = new Set(SHORTCUTS.map((s) => s.keys));

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * The commands as the menu takes them: no "Containers" group (one "Open …"
 * per container belongs in the palette's search, not in a menu hundreds of
 * items long), titles clipped to the host's cap, and any entry the host would
 * refuse left out, so one odd entry cannot cost the whole menu.
 */
export function toMenuCommands(commands: readonly Command[], pageKeys: ReadonlySet<string> = PAGE_KEYS): MenuCommand[] {
  const out: MenuCommand[] = [];
  for (const c of commands) {
    if (!MENU_GROUP_SET.has(c.group)) continue;
    const entry: MenuCommand = { id: c.id, title: clip(c.title, MENU_LIMITS.title), group: c.group as MenuCommand['group'], enabled: true };
    if (c.shortcut) {
      entry.shortcut = c.shortcut;
      entry.pageHandlesShortcut = pageKeys.has(c.shortcut);
    }
    if (!MenuCommand.safeParse(entry).success) continue;
    out.push(entry);
    if (out.length === MENU_LIMITS.entries) break;
  }
  return out;
}

export interface MenuSources {
  /** The current commands, read fresh. */
  commands(): Command[];
  /** The stores whose changes can change the list. */
  subscribe: ReadonlyArray<(listener: () => void) => () => void>;
}


/**
 * Connects the list to the menu; returns the disconnect. Without a menu (the
 * web host exposes no bridge at all) it does nothing: it neither reads the
 * commands nor subscribes.
 */
export function connectDesktopMenu(
  menu: MenuBridge | undefined,
  sources: MenuSources,
  opts: { delayMs?: number; timers?: Timers } = {},
): () => void {
  if (!menu) return () => {};
  const delay = opts.delayMs ?? MENU_PUBLISH_DELAY_MS;
  const timers = opts.timers ?? realTimers;
  let lastSent: string | undefined;
  let pending: unknown;
  const publish = () => {
    const list = toMenuCommands(sources.commands());
    const key = JSON.stringify(list);
    if (key === lastSent) return;
    lastSent = key;
    try {
      menu.publish(list);
    } catch (e) {
      console.error('berth: could not publish the menu', e);
    }
  };
  const schedule = () => {
    if (pending !== undefined) return;
    pending = timers.set(() => {
      pending = undefined;
      publish();
    }, delay);
  };
  publish();
  const offs = sources.subscribe.map((s) => s(schedule));
  // By id, against the list as it is now: the item may be older than the last change (a container
  // stopped since), and a command that is gone is ignored rather than run stale.
  offs.push(
    menu.onCommand((id) => {
      const cmd = sources.commands().find((c) => c.id === id);
      if (!cmd) return;
      try {
        cmd.run();
      } catch (e) {
        console.error(`berth: the menu command ${id} failed`, e);
      }
    }),
  );
  return () => {
    if (pending !== undefined) timers.clear(pending);
    pending = undefined;
    offs.forEach((off) => off());
  };
}
