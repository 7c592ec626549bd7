import { useEffect, useRef } from 'react';
import { Dialog } from '../../components/Dialog';
import type { TermEntry } from './registry';

/**
 * Asked before closing a tab whose program still runs: closing ends it and
 * whatever it runs. Cancel has the focus, so Enter or Escape keeps the tab.
 */
export function ConfirmCloseDialog({ entry, onCancel, onConfirm }: { entry: TermEntry; onCancel(): void; onConfirm(): void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  // After the dialog's own effect has opened it modally (a child's effect runs first), which would focus its first control.
  useEffect(() => cancel.current?.focus(), []);
  const what = entry.info.kind === 'attach' ? 'This tab is attached to the container’s main process.' : 'The shell in this tab is still running.';
  const ends =
    entry.info.kind === 'attach'
      ? 'Closing the tab detaches from it; the container keeps running.'
      : 'Closing the tab ends it, and every program started from it.';
  return (
    <Dialog
      title={`Close “${entry.info.title}”?`}
      onClose={onCancel}
      actions={
        <>
          <button ref={cancel} type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={onConfirm}>
            {entry.info.kind === 'attach' ? 'Detach and close' : 'End and close'}
          </button>
        </>
      }
    >
      <p>
        {what} {ends}
      </p>
    </Dialog>
  );
}
