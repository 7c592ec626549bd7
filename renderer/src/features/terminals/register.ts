import { createElement } from 'react';
import { extensions } from '../../app/extensions';
import { nav } from '../../app/navigation';
import { notify } from '../../components/notifications';
import { NewTerminalOverlay } from './NewTerminalDialog';
import { RunDialogOverlay, openRunDialog } from './RunDialog';
import { terminals } from './registry';
import { TerminalsView } from './TerminalsView';

extensions.views.push({ id: 'terminals', label: 'Terminals', render: () => createElement(TerminalsView) });

extensions.rowActions.push(
  {
    id: 'terminal',
    label: 'Terminal',
    visible: (row) => row.state === 'running',
    run(row) {
      nav.showView('terminals');
      terminals
        .create({ kind: 'exec', container: row.id, cols: 100, rows: 30 })
        .catch((e: Error) => notify('error', `Could not open a terminal in ${row.name}: ${e.message}`));
    },
  },
  {
    id: 'run-command',
    label: 'Run command',
    visible: (row) => row.state === 'running',
    run: (row) => openRunDialog([row]),
  },
);

extensions.selectionActions.push({ id: 'run-command', label: 'Run command', run: (rows) => openRunDialog(rows) });
extensions.overlays.push(
  { id: 'run-command', render: () => createElement(RunDialogOverlay) },
  { id: 'new-terminal', render: () => createElement(NewTerminalOverlay) },
);
