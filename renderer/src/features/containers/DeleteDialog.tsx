import { useState } from 'react';
import type { ContainerRow } from '../../../../shared/contract/containers';
import { WORKSPACE_LABEL } from '../../../../shared/contract/labels';
import { Dialog } from '../../components/Dialog';

const isLive = (r: ContainerRow) => r.state === 'running' || r.state === 'paused' || r.state === 'restarting';

/** Confirms a delete, naming what goes; running containers need "force", workspaces stay unless asked. */
export function DeleteDialog(props: {
  rows: ContainerRow[];
  onCancel(): void;
  onConfirm(opts: { force: boolean; removeWorkspace: boolean }): void;
}) {
  const live = props.rows.filter(isLive);
  const withWorkspace = props.rows.filter((r) => r.labels[WORKSPACE_LABEL]);
  const [force, setForce] = useState(false);
  const [removeWorkspace, setRemoveWorkspace] = useState(false);
  const one = props.rows.length === 1 ? props.rows[0] : undefined;
  const title = one ? `Delete container “${one.name}”?` : `Delete ${props.rows.length} containers?`;
  const blocked = live.length > 0 && !force;
  return (
    <Dialog
      title={title}
      onClose={props.onCancel}
      actions={
        <>
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            disabled={blocked}
            onClick={() => props.onConfirm({ force, removeWorkspace })}
          >
            {one ? 'Delete' : `Delete ${props.rows.length}`}
          </button>
        </>
      }
    >
      {!one && (
        <ul className="name-list" aria-label="Containers to delete">
          {props.rows.map((r) => (
            <li key={r.id}>
              {r.name} <span className="muted">({r.state})</span>
            </li>
          ))}
        </ul>
      )}
      <p>This removes the container and its writable layer. Named volumes are kept.</p>
      {live.length > 0 && (
        <label className="check">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          Force: stop and delete {one ? 'it although it is' : `${live.length} that are`} running
        </label>
      )}
      {withWorkspace.length > 0 && (
        <label className="check">
          <input type="checkbox" checked={removeWorkspace} onChange={(e) => setRemoveWorkspace(e.target.checked)} />
          Also delete {withWorkspace.length === 1 ? 'its workspace folder' : `${withWorkspace.length} workspace folders`} (kept by default)
        </label>
      )}
    </Dialog>
  );
}
