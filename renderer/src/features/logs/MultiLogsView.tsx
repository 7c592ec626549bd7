import { MAX_LOG_SOURCES } from '../../../../shared/contract/logs';
import { LogView } from './LogView';
import { useLogSelection } from './selection';

/** Logs of several containers interleaved, each line named by its container. */
export function MultiLogsView() {
  const picked = useLogSelection();
  if (!picked.length) {
    return (
      <div className="empty">
        <h2>Logs</h2>
        <p>Select containers in the table and press “Logs” to read their logs together (up to {MAX_LOG_SOURCES}).</p>
      </div>
    );
  }
  return (
    <div className="multi-logs">
      <h2>Logs of {picked.map((p) => p.name).join(', ')}</h2>
      <LogView key={picked.map((p) => p.id).join(',')} ids={picked.map((p) => p.id)} showNames />
    </div>
  );
}
