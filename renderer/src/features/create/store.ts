import { useSyncExternalStore } from 'react';
import type { CreateSpec } from '../../../../shared/contract/create';

/** Which create-area dialog is open; the register's overlay renders it. */
export type CreateDialogState =
  | { kind: 'wizard'; initial?: CreateSpec }
  | { kind: 'edit'; id: string; name: string }
  | { kind: 'batch' }
  | null;

let state: CreateDialogState = null;
const listeners = new Set<() => void>();

export const createDialog = {
  get: () => state,
  open(next: Exclude<CreateDialogState, null>) {
    state = next;
    listeners.forEach((l) => l());
  },
  close() {
    state = null;
    listeners.forEach((l) => l());
  },
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export function useCreateDialog(): CreateDialogState {
  return useSyncExternalStore(createDialog.subscribe, createDialog.get);
}
