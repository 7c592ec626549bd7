import type { MenuCommand, MenuGroup } from '../../../shared/menu';
import { toAccelerator } from './accelerator';

/**
 * The parts of Electron's MenuItemConstructorOptions the menu uses, named here
 * so the template is built and tested without Electron; main.ts hands it to
 * Menu.buildFromTemplate, which accepts this shape.
 */
export type MenuRole =
  | 'about' | 'services' | 'hide' | 'hideOthers' | 'unhide' | 'quit' | 'close'
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'pasteAndMatchStyle' | 'delete' | 'selectAll'
  | 'reload' | 'forceReload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen'
  | 'window' | 'minimize' | 'zoom' | 'front' | 'help';

export interface MenuItemTemplate {
  label?: string;
  role?: MenuRole;
  type?: 'normal' | 'separator' | 'submenu';
  accelerator?: string;
  registerAccelerator?: boolean;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface MenuOptions {
  appName: string;
  platform: string;
  /** A packaged app offers no reload or developer tools. */
  packaged: boolean;
  /** Called with the command's id when its item is chosen. */
  onCommand(id: string): void;
}

const SEPARATOR: MenuItemTemplate = { type: 'separator' };

/**
 * Windows and Linux read "&" in a label as the mnemonic marker (the next
 * letter is underlined and the "&" vanishes); "&&" is a literal one.
 */
function labelText(text: string, platform: string): string {
  return platform === 'darwin' ? text : text.replace(/&/g, '&&');
}

/**
 * One command as a menu item. Electron performs a menu accelerator for a key
 * press the page did not handle, so a shortcut becomes one only when it holds
 * Ctrl/Cmd or Alt and the page does not answer it itself. A bare key ("/",
 * "?") would fire on every press the page leaves alone, which is every press
 * in a text field; a key the page answers (Ctrl+K) would fire exactly when the
 * page chose not to act (a dialog owns the keyboard, a terminal passed it to
 * its shell). Such shortcuts are only shown: beside the label, where Electron
 * can show an accelerator without registering it (Windows, Linux), in the
 * label's text on macOS, where every accelerator in the menu is live.
 */
export function commandItem(cmd: MenuCommand, opts: MenuOptions): MenuItemTemplate {
  const item: MenuItemTemplate = {
    label: labelText(cmd.title, opts.platform),
    enabled: cmd.enabled,
    click: () => opts.onCommand(cmd.id),
  };
  if (!cmd.shortcut) return item;
  const acc = toAccelerator(cmd.shortcut);
  if (acc && acc.modified && !cmd.pageHandlesShortcut) return { ...item, accelerator: acc.accelerator };
  if (acc && opts.platform !== 'darwin') return { ...item, accelerator: acc.accelerator, registerAccelerator: false };
  return { ...item, label: labelText(`${cmd.title}   ${cmd.shortcut}`, opts.platform) };
}

function group(commands: readonly MenuCommand[], g: MenuGroup, opts: MenuOptions): MenuItemTemplate[] {
  return commands.filter((c) => c.group === g).map((c) => commandItem(c, opts));
}

/** Sections with separators between them, none empty. */
function sections(...parts: MenuItemTemplate[][]): MenuItemTemplate[] {
  const out: MenuItemTemplate[] = [];
  for (const p of parts) {
    if (p.length === 0) continue;
    if (out.length > 0) out.push(SEPARATOR);
    out.push(...p);
  }
  return out;
}

/**
 * The application menu: the platform's conventional menus (standard roles, so
 * text fields get undo/cut/copy/paste/select all and their shortcuts) around
 * the renderer's commands. Views and the theme go in View; the top bar's
 * actions in Actions; what can be done to the selected container in
 * Container. Every menu stays in the bar, with a disabled placeholder while
 * it has nothing (no container selected, the page not loaded yet), so the bar
 * does not shift as the selection changes. No mnemonics ("&File"):
 * Alt+F, Alt+C… would open menus instead of reaching a terminal's shell,
 * where they move by word and change case.
 */
export function buildMenuTemplate(commands: readonly MenuCommand[], opts: MenuOptions): MenuItemTemplate[] {
  const mac = opts.platform === 'darwin';
  const menu: MenuItemTemplate[] = [];
  if (mac) {
    menu.push({
      label: opts.appName,
      submenu: [
        { role: 'about' },
        SEPARATOR,
        { role: 'services' },
        SEPARATOR,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        SEPARATOR,
        { role: 'quit' },
      ],
    });
  }
  menu.push({ label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] });
  menu.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      SEPARATOR,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      SEPARATOR,
      { role: 'selectAll' },
    ],
  });
  const themes = group(commands, 'Appearance', opts);
  menu.push({
    label: 'View',
    submenu: sections(
      group(commands, 'Views', opts),
      themes.length > 0 ? [{ label: 'Theme', submenu: themes }] : [],
      opts.packaged ? [] : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }],
      [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }],
      [{ role: 'togglefullscreen' }],
    ),
  });
  const actions = group(commands, 'Actions', opts);
  menu.push({ label: 'Actions', submenu: actions.length > 0 ? actions : [{ label: 'No actions available', enabled: false }] });
  const selected = group(commands, 'Selected container', opts);
  menu.push({
    label: 'Container',
    submenu: selected.length > 0 ? selected : [{ label: 'No container selected', enabled: false }],
  });
  menu.push({
    label: 'Window',
    role: 'window',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, SEPARATOR, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  });
  const help = group(commands, 'Help', opts);
  menu.push({ label: 'Help', role: 'help', submenu: help.length > 0 ? help : [{ label: 'No help available', enabled: false }] });
  return menu;
}
