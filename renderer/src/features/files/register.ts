import { createElement } from 'react';
import { extensions } from '../../app/extensions';
import { takeDrop } from './dropped';
import { FilesTab } from './FilesTab';
import { TransfersDock } from './TransfersDock';
import { startUpload } from './upload-client';
import { notify } from '../../components/notifications';
import { errorMessage } from '../../../../shared/contract/errors';

extensions.detailTabs.push({ id: 'files', label: 'Files', render: (row) => createElement(FilesTab, { key: row.id, row }) });

extensions.rowDrop.push({
  id: 'files.upload',
  accepts: (dt) => Array.from(dt.types ?? []).includes('Files'),
  drop(row, dt) {
    // Entries must be taken while the drop event runs; reading them can wait.
    const read = takeDrop(dt);
    void read().then(
      (picked) => startUpload(picked, { container: row.id, containerName: row.name }),
      (e: unknown) => notify('error', errorMessage(e)),
    );
  },
});

extensions.overlays.push({ id: 'files.transfers', render: () => createElement(TransfersDock) });
