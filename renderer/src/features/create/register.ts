import { createElement } from 'react';
import { extensions } from '../../app/extensions';
import { CreateOverlay } from './CreateOverlay';
import { createDialog } from './store';

extensions.toolbarActions.push(
  { id: 'create.new', label: 'New container', run: () => createDialog.open({ kind: 'wizard' }) },
  { id: 'create.batch', label: 'Import containers', run: () => createDialog.open({ kind: 'batch' }) },
);
extensions.rowActions.push({
  id: 'create.edit',
  label: 'Edit',
  visible: (row) => row.state !== 'removing' && row.state !== 'dead',
  run: (row) => createDialog.open({ kind: 'edit', id: row.id, name: row.name }),
});
extensions.overlays.push({ id: 'create', render: () => createElement(CreateOverlay) });
