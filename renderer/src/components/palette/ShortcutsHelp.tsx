import { SHORTCUTS, TABLE_KEYS } from '../../app/shortcuts';
import { createToggle } from '../../app/toggle';
import { Dialog } from '../Dialog';

export const shortcutsHelp = createToggle();

/** The "?" list: every shortcut, read from the one list the key handler uses, then the keys a table answers. */
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
      <KeysTable label="Keyboard shortcuts" heading="Keys" keys={SHORTCUTS} />
      <KeysTable label="Keys in a table" heading="In a table" keys={TABLE_KEYS} />
    </Dialog>
  );
}

function KeysTable(props: { label: string; heading: string; keys: ReadonlyArray<{ keys: string; description: string }> }) {
  return (
    <table className="shortcuts" aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">{props.heading}</th>
          <th scope="col">What it does</th>
        </tr>
      </thead>
      <tbody>
        {props.keys.map((s) => (
          <tr key={s.keys}>
            <td>
              <kbd>{s.keys}</kbd>
            </td>
            <td>{s.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
