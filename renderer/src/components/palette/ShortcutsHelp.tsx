import { SHORTCUTS, TABLE_KEYS } from '../../app/shortcuts';
import { createToggle } from '../../app/toggle';
import { Dialog } from '../Dialog';

export const shortcutsHelp = createToggle();

/** The "?" list: every shortcut, read from the one list the key handler uses. */
export function ShortcutsHelp() {
  const open = shortcutsHelp.use();
  if (!open) return null;
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={() => shortcutsHelp.close()}
      actions={
        <button type="button" className="primary" onClick={() => shortcutsHelp.close()}>
          Close
        </button>
      }
    >
      <table className="shortcuts" aria-label="Keyboard shortcuts">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.id}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="shortcuts" aria-label="Keys in a table">
        <thead>
          <tr>
            <th scope="col">In a table</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          {TABLE_KEYS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
