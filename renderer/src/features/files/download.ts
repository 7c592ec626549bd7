import { errorMessage } from '../../../../shared/contract/errors';
import { api } from '../../api/connection';
import { notify } from '../../components/notifications';

/**
 * Asks the service for a one-time download URL and lets the browser stream it
 * to disk with its own download handling (no bytes pass through JavaScript).
 * Progress shows in the transfers list through files.transfers.
 */
export async function startDownload(container: string, path: string, asZip: boolean): Promise<void> {
  try {
    const t = await api.call('files.download', { id: container, path, asZip });
    const a = document.createElement('a');
    a.href = t.url;
    a.download = t.filename;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  } catch (e) {
    notify('error', errorMessage(e));
  }
}
