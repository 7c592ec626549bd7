import type { ActionResult, ContainerAction, ContainerRow } from '../../../../shared/contract/containers';
import { BerthError } from '../../../../shared/contract/errors';
import { useSyncExternalStore } from 'react';
import { api } from '../../api/connection';
import { notify } from '../../components/notifications';

export const ACTION_LABEL: Record<ContainerAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  pause: 'Pause',
  unpause: 'Resume',
  kill: 'Kill',
  remove: 'Delete',
};

/** Which rows have an action under way, so their buttons show it and cannot be pressed twice. */
let pending: ReadonlyMap<string, ContainerAction> = new Map();
const listeners = new Set<() => void>();
function setPending(ids: string[], action: ContainerAction | undefined) {
  const next = new Map(pending);
  for (const id of ids) {
    if (action) next.set(id, action);
    else next.delete(id);
  }
  pending = next;
  listeners.forEach((l) => l());
}

export function usePending(): ReadonlyMap<string, ContainerAction> {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => pending,
  );
}

export interface ActOptions {
  force?: boolean;
  removeWorkspace?: boolean;
}

/** One container; errors become a notification naming the container, never a stuck spinner. */
export async function runAction(row: ContainerRow, action: ContainerAction, opts: ActOptions = {}): Promise<boolean> {
  setPending([row.id], action);
  try {
    await api.call('containers.act', { id: row.id, action, ...opts });
    return true;
  } catch (e) {
    notify('error', e instanceof BerthError ? e.message : `${ACTION_LABEL[action]} “${row.name}” failed`);
    return false;
  } finally {
    setPending([row.id], undefined);
  }
}

export async function runBatch(rows: ContainerRow[], action: ContainerAction, opts: ActOptions = {}): Promise<ActionResult[]> {
  const ids = rows.map((r) => r.id);
  setPending(ids, action);
  try {
    return await api.call('containers.actMany', { ids, action, ...opts });
  } catch (e) {
    const error = e instanceof BerthError ? e.toData() : { code: 'internal' as const, message: String(e) };
    return ids.map((id) => ({ id, ok: false, error }));
  } finally {
    setPending(ids, undefined);
  }
}
