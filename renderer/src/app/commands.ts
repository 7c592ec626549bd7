import type { ContainerRow } from '../../../shared/contract/containers';
import { THEME_CHOICES, type ThemeChoice } from './theme';
import { shortcut } from './shortcuts';

/**
 * Everything the user can do, as one flat list: the palette shows it, and a
 * desktop menu can be built from the same entries (group → menu, title → item).
 */
export interface Command {
  id: string;
  title: string;
  group: 'Views' | 'Selected container' | 'Actions' | 'Containers' | 'Appearance' | 'Help';
  /** As shown beside the title, e.g. "Ctrl+K". */
  shortcut?: string;
  /** Other words it is found by. */
  keywords?: string[];
  run(): void;
}

export interface NamedAction {
  id: string;
  label: string;
  run(): void;
}

export interface CommandContext {
  views: ReadonlyArray<{ id: string; label: string }>;
  currentView: string;
  /** The top bar's actions (New container, Engine health…). */
  actions: readonly NamedAction[];
  containers: readonly ContainerRow[];
  /** The container whose details are open. */
  selected: ContainerRow | undefined;
  /** What can be done to one container now (start, stop, terminal…). */
  containerActions(row: ContainerRow): readonly NamedAction[];
  showView(id: string): void;
  openDetails(id: string): void;
  setTheme(t: ThemeChoice): void;
  openShortcuts(): void;
  openCentre(): void;
  focusFilter(): void;
  /** Opens the New terminal dialog (container, shell, user, working directory). */
  newTerminal(): void;
}

const THEME_TITLE: Record<ThemeChoice, string> = { light: 'Light theme', dark: 'Dark theme', system: 'Theme: follow the system' };

/** More containers than this are left to the filter: the palette stays quick. */
export const MAX_CONTAINER_COMMANDS = 1000;

export function buildCommands(ctx: CommandContext): Command[] {
  const out: Command[] = [];
  for (const v of ctx.views) {
    out.push({ id: `view.${v.id}`, title: `Go to ${v.label}`, group: 'Views', keywords: [v.label, 'view', 'show'], run: () => ctx.showView(v.id) });
  }
  if (ctx.selected) {
    const row = ctx.selected;
    for (const a of ctx.containerActions(row)) {
      out.push({ id: `selected.${a.id}`, title: `${a.label} ${row.name}`, group: 'Selected container', keywords: [a.label, row.name], run: a.run });
    }
  }
  for (const a of ctx.actions) out.push({ id: `action.${a.id}`, title: a.label, group: 'Actions', run: a.run });
  out.push({ id: 'action.new-terminal', title: 'New terminal', group: 'Actions', keywords: ['shell', 'exec', 'console', 'terminal'], run: ctx.newTerminal });
  out.push({ id: 'action.filter', title: 'Filter containers', group: 'Actions', shortcut: shortcut('filter').keys, keywords: ['search', 'find'], run: ctx.focusFilter });
  for (const c of ctx.containers.slice(0, MAX_CONTAINER_COMMANDS)) {
    out.push({
      id: `container.${c.id}`,
      title: `Open ${c.name}`,
      group: 'Containers',
      keywords: [c.name, c.image, c.state, c.id.slice(0, 12)],
      run: () => ctx.openDetails(c.id),
    });
  }
  for (const t of THEME_CHOICES) {
    out.push({ id: `theme.${t}`, title: THEME_TITLE[t], group: 'Appearance', keywords: ['theme', 'appearance', 'colour', 'color', t], run: () => ctx.setTheme(t) });
  }
  out.push(
    { id: 'help.shortcuts', title: 'Keyboard shortcuts', group: 'Help', shortcut: shortcut('help').keys, keywords: ['keys', 'help'], run: ctx.openShortcuts },
    { id: 'help.notifications', title: 'Notification centre', group: 'Help', keywords: ['history', 'messages', 'errors'], run: ctx.openCentre },
  );
  return out;
}
