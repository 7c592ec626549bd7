import { createElement } from 'react';
import { extensions } from '../../app/extensions';
import { nav } from '../../app/navigation';
import { notify } from '../../components/notifications';
import { MAX_LOG_SOURCES } from '../../../../shared/contract/logs';
import { LogsTab } from './LogsTab';
import { MultiLogsView } from './MultiLogsView';
import { logSelection } from './selection';

extensions.detailTabs.push({ id: 'logs', label: 'Logs', render: (row) => createElement(LogsTab, { row }) });
extensions.views.push({ id: 'logs', label: 'Logs', render: () => createElement(MultiLogsView) });
extensions.selectionActions.push({
  id: 'logs',
  label: 'Logs',
  run(rows) {
    if (rows.length > MAX_LOG_SOURCES) notify('info', `Showing the logs of the first ${MAX_LOG_SOURCES} selected containers.`);
    logSelection.set(rows.map((r) => ({ id: r.id, name: r.name })));
    nav.showView('logs');
  },
});
