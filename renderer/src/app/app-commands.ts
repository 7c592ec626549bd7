import type { ContainerRow } from '../../../shared/contract/containers';
import { notificationCentre } from '../components/notifications';
import { shortcutsHelp } from '../components/palette/ShortcutsHelp';
import { ACTION_LABEL, runAction } from '../features/containers/actions';
import { containersStore } from '../features/containers/store';
import { actionsFor } from '../features/containers/view-model';
import { openNewTerminal } from '../features/terminals/NewTerminalDialog';
import { buildCommands, type Command, type NamedAction } from './commands';
import { extensions } from './extensions';
import { nav } from './navigation';
import { theme } from './theme';

export const CORE_VIEWS = [{ id: 'containers', label: 'Containers' }];

/** What can be done to one container now: its lifecycle actions, then the features' row actions. */
function containerActions(row: ContainerRow): NamedAction[] {
  const own = actionsFor(row.state).map((a) => ({ id: a, label: ACTION_LABEL[a], run: () => void runAction(row, a) }));
  const ext = extensions.rowActions.filter((a) => !a.visible || a.visible(row)).map((a) => ({ id: a.id, label: a.label, run: () => a.run(row) }));
  return [...own, ...ext];
}

/**
 * Focuses the current view's filter (an input marked data-filter), or, where
 * the view has none, the containers filter.
 */
export function focusFilter(): void {
  const find = () => document.querySelector<HTMLElement>('.view [data-filter]');
  const el = find();
  if (el) {
    el.focus();
    return;
  }
  nav.showView('containers');
  requestAnimationFrame(() => requestAnimationFrame(() => find()?.focus()));
}

/** The app's command list, read fresh each time the palette opens. */
export function appCommands(): Command[] {
  const state = nav.get();
  const selectedId = state.view === 'containers' ? state.details?.id : undefined;
  return buildCommands({
    views: [...CORE_VIEWS, ...extensions.views],
    currentView: state.view,
    actions: extensions.toolbarActions,
    containers: [...containersStore.getRows()].sort((a, b) => a.name.localeCompare(b.name)),
    selected: selectedId ? containersStore.get(selectedId) : undefined,
    containerActions,
    showView: (id) => nav.showView(id),
    openDetails: (id) => nav.openDetails(id),
    setTheme: (t) => theme.set(t),
    openShortcuts: () => shortcutsHelp.open(),
    openCentre: () => notificationCentre.open(),
    focusFilter,
    newTerminal: () => openNewTerminal(selectedId),
  });
}
