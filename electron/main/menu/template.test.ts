import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../../shared/menu';
import { buildMenuTemplate, commandItem, type MenuItemTemplate, type MenuOptions } from './template';

const COMMANDS: MenuCommand[] = [
  { id: 'view.containers', title: 'Go to Containers', group: 'Views', enabled: true },
  { id: 'view.terminals', title: 'Go to Terminals', group: 'Views', enabled: true },
  { id: 'app.palette', title: 'Command palette', group: 'Views', shortcut: 'Ctrl+K', pageHandlesShortcut: true, enabled: true },
  { id: 'selected.stop', title: 'Stop web', group: 'Selected container', enabled: true },
  { id: 'action.new-container', title: 'New container', group: 'Actions', enabled: true },
  { id: 'action.filter', title: 'Filter containers', group: 'Actions', shortcut: '/', pageHandlesShortcut: true, enabled: true },
  { id: 'theme.dark', title: 'Dark theme', group: 'Appearance', enabled: true },
  { id: 'help.shortcuts', title: 'Keyboard shortcuts', group: 'Help', shortcut: '?', pageHandlesShortcut: true, enabled: true },
];

const options = (over: Partial<MenuOptions> = {}): MenuOptions & { chosen: string[] } => {
  const chosen: string[] = [];
  return { appName: 'Berth', platform: 'linux', packaged: true, onCommand: (id) => chosen.push(id), chosen, ...over };
};
const top = (menu: MenuItemTemplate[]) => menu.map((m) => m.label);
const sub = (menu: MenuItemTemplate[], label: string) => menu.find((m) => m.label === label)?.submenu ?? [];
const labels = (items: MenuItemTemplate[]) => items.map((i) => i.label ?? i.role ?? i.type);
/** Every item in the tree, depth first. */
const all = (items: MenuItemTemplate[]): MenuItemTemplate[] => items.flatMap((i) => [i, ...all(i.submenu ?? [])]);

describe('buildMenuTemplate', () => {
  it('puts the conventional menus around the command groups', () => {
    expect(top(buildMenuTemplate(COMMANDS, options()))).toEqual(['File', 'Edit', 'View', 'Actions', 'Container', 'Window', 'Help']);
    expect(top(buildMenuTemplate(COMMANDS, options({ platform: 'darwin' })))).toEqual(['Berth', 'File', 'Edit', 'View', 'Actions', 'Container', 'Window', 'Help']);
  });

  it('keeps the same menus in the bar before the page has published anything', () => {
    expect(top(buildMenuTemplate([], options()))).toEqual(top(buildMenuTemplate(COMMANDS, options())));
    expect(sub(buildMenuTemplate([], options()), 'Actions')).toEqual([{ label: 'No actions available', enabled: false }]);
  });

  it('gives text fields the standard edit roles', () => {
    const roles = sub(buildMenuTemplate([], options()), 'Edit').map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
  });

  it('offers reload and developer tools only when not packaged', () => {
    const roles = (packaged: boolean) => sub(buildMenuTemplate(COMMANDS, options({ packaged })), 'View').map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(true)).not.toContain('reload');
    expect(roles(false)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });

  it('lists the views, the palette and the themes in View, the actions and the selection in their own menus', () => {
    const menu = buildMenuTemplate(COMMANDS, options());
    const view = sub(menu, 'View');
    expect(labels(view).slice(0, 5)).toEqual(['Go to Containers', 'Go to Terminals', 'Command palette', 'separator', 'Theme']);
    expect(labels(view.find((i) => i.label === 'Theme')!.submenu!)).toEqual(['Dark theme']);
    expect(labels(sub(menu, 'Actions'))).toEqual(['New container', 'Filter containers']);
    expect(labels(sub(menu, 'Container'))).toEqual(['Stop web']);
    expect(labels(sub(menu, 'Help'))).toEqual(['Keyboard shortcuts']);
  });

  it('keeps the Container menu, disabled, while no container is selected', () => {
    const items = sub(buildMenuTemplate(COMMANDS.filter((c) => c.group !== 'Selected container'), options()), 'Container');
    expect(items).toEqual([{ label: 'No container selected', enabled: false }]);
  });

  it('sends the command id when an item is chosen', () => {
    const opts = options();
    const menu = buildMenuTemplate(COMMANDS, opts);
    sub(menu, 'Container')[0]!.click!();
    sub(menu, 'View')[0]!.click!();
    expect(opts.chosen).toEqual(['selected.stop', 'view.containers']);
  });

  it('carries a command’s enabled flag', () => {
    const [item] = sub(buildMenuTemplate([{ id: 'action.x', title: 'X', group: 'Actions', enabled: false }], options()), 'Actions');
    expect(item!.enabled).toBe(false);
  });

  it('never registers a bare key as an accelerator, on any platform', () => {
    for (const platform of ['linux', 'win32', 'darwin']) {
      const registered = all(buildMenuTemplate(COMMANDS, options({ platform }))).filter((i) => i.accelerator && i.registerAccelerator !== false);
      expect(registered, platform).toEqual([]);
    }
  });

  it('shows a shortcut the page answers beside the item without registering it (Windows, Linux)', () => {
    const opts = options({ platform: 'linux' });
    expect(commandItem(COMMANDS[2]!, opts)).toMatchObject({ label: 'Command palette', accelerator: 'CmdOrCtrl+K', registerAccelerator: false });
    expect(commandItem(COMMANDS[5]!, opts)).toMatchObject({ label: 'Filter containers', accelerator: '/', registerAccelerator: false });
  });

  it('shows such a shortcut in the label on macOS, where a menu accelerator is always live', () => {
    const opts = options({ platform: 'darwin' });
    const item = commandItem(COMMANDS[5]!, opts);
    expect(item.accelerator).toBeUndefined();
    expect(item.label).toBe('Filter containers   /');
    expect(commandItem(COMMANDS[2]!, opts).accelerator).toBeUndefined();
  });

  it('registers a modified shortcut the page leaves to the menu', () => {
    const cmd: MenuCommand = { id: 'action.new-container', title: 'New container', group: 'Actions', shortcut: 'Ctrl+Shift+N', enabled: true };
    for (const platform of ['linux', 'darwin']) {
      const item = commandItem(cmd, options({ platform }));
      expect(item.accelerator).toBe('CmdOrCtrl+Shift+N');
      expect(item.registerAccelerator).toBeUndefined();
    }
  });

  it('shows a shortcut Electron cannot parse as text instead of failing the menu', () => {
    const item = commandItem({ id: 'x', title: 'Odd', group: 'Actions', shortcut: 'Hyper+Q', enabled: true }, options());
    expect(item).toMatchObject({ label: 'Odd   Hyper+Q' });
    expect(item.accelerator).toBeUndefined();
  });

  it('escapes "&" on Windows and Linux, where it marks a mnemonic', () => {
    const cmd: MenuCommand = { id: 'x', title: 'Logs & events', group: 'Actions', enabled: true };
    expect(commandItem(cmd, options({ platform: 'win32' })).label).toBe('Logs && events');
    expect(commandItem(cmd, options({ platform: 'darwin' })).label).toBe('Logs & events');
  });

  it('uses no mnemonics that would take Alt+letter from a terminal', () => {
    expect(all(buildMenuTemplate(COMMANDS, options())).filter((i) => i.label?.replace(/&&/g, '').includes('&'))).toEqual([]);
  });
});
