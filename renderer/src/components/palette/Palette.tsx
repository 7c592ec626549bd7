import { Command as Cmdk } from 'cmdk';
import { useEffect, useRef } from 'react';
import type { Command } from '../../app/commands';
import { createToggle } from '../../app/toggle';
import './palette.css';

export const palette = createToggle();

const GROUP_ORDER: ReadonlyArray<Command['group']> = ['Selected container', 'Views', 'Actions', 'Containers', 'Appearance', 'Help'];

/**
 * The command palette: one searchable list of every command (app/commands.ts).
 * A native modal <dialog> holds it, so focus stays inside and returns to where
 * it was when the palette closes.
 */
export function Palette({ commands }: { commands: () => Command[] }) {
  const open = palette.use();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const list = open ? commands() : [];
  const run = (c: Command) => {
    palette.close();
    // After the dialog closed and focus went back, so the command can move focus itself.
    setTimeout(() => c.run(), 0);
  };
  return (
    <dialog
      ref={ref}
      className="palette"
      aria-label="Command palette"
      onCancel={(e) => {
        e.preventDefault();
        palette.close();
      }}
      onClose={() => palette.close()}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (e.target === ref.current) palette.close();
      }}
    >
      {open && (
        <Cmdk label="Command palette" loop>
          <Cmdk.Input placeholder="Type a command, a view or a container…" aria-label="Search commands" autoFocus />
          <Cmdk.List>
            <Cmdk.Empty>No command matches.</Cmdk.Empty>
            {GROUP_ORDER.map((g) => {
              const items = list.filter((c) => c.group === g);
              if (!items.length) return null;
              return (
                <Cmdk.Group key={g} heading={g}>
                  {items.map((c) => (
                    <Cmdk.Item key={c.id} value={c.id} keywords={[c.title, ...(c.keywords ?? [])]} onSelect={() => run(c)}>
                      <span className="palette-title">{c.title}</span>
                      {c.shortcut && <kbd>{c.shortcut}</kbd>}
                    </Cmdk.Item>
                  ))}
                </Cmdk.Group>
              );
            })}
          </Cmdk.List>
        </Cmdk>
      )}
    </dialog>
  );
}
