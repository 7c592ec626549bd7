import { useSyncExternalStore } from 'react';
import type { BerthError } from '../../../../shared/contract/errors';
import type { Progress, TransferInfo, UploadPhase } from '../../../../shared/contract/files';

export interface UploadTransfer {
  id: string;
  kind: 'upload';
  container: string;
  containerName: string;
  label: string;
  target: string;
  phase: UploadPhase;
  progress: Progress;
  state: 'running' | 'conflict' | 'done' | 'failed' | 'cancelled';
  error?: string;
  /** `links`: existing names that are symbolic links, with where they point. */
  conflict?: { existing: string[]; count: number; links: Array<{ name: string; target: string }> };
  command?: string;
  output: string;
  exit?: { exitCode: number | null; detached: boolean };
  cancel(): void;
  decide(choice: 'overwrite' | 'skip' | 'cancel'): void;
}

export type Transfer = UploadTransfer | (TransferInfo & { label: string });

let uploads: UploadTransfer[] = [];
let downloads: TransferInfo[] = [];
let snapshot: Transfer[] = [];
const listeners = new Set<() => void>();
/** Output kept per run: enough to read, bounded so a chatty command cannot fill memory. */
const MAX_OUTPUT = 256 * 1024;
/**
 * A finished upload with nothing more to read leaves the list after this long:
 * the list floats over the bottom of the page (the newest log lines, the
 * charts) and stayed there until dismissed. Failures, cancels and command
 * output stay until the user dismisses them.
 */
export const DONE_UPLOAD_KEEP_MS = 10_000;

function publish() {
  snapshot = [...uploads, ...downloads.map((d) => ({ ...d, label: d.filename }))];
  listeners.forEach((l) => l());
}

export const transfers = {
  add(t: UploadTransfer) {
    uploads = [...uploads, t];
    publish();
  },
  update(id: string, patch: Partial<UploadTransfer>) {
    uploads = uploads.map((u) => (u.id === id ? { ...u, ...patch } : u));
    publish();
    const u = uploads.find((x) => x.id === id);
    if (patch.state === 'done' && u && !u.command && !u.output) setTimeout(() => transfers.dismiss(id), DONE_UPLOAD_KEEP_MS);
  },
  appendOutput(id: string, text: string) {
    uploads = uploads.map((u) => (u.id === id ? { ...u, output: (u.output + text).slice(-MAX_OUTPUT) } : u));
    publish();
  },
  fail(id: string, e: BerthError | undefined) {
    if (!e) return;
    transfers.update(id, { state: e.code === 'cancelled' ? 'cancelled' : 'failed', error: e.message, conflict: undefined });
  },
  setDownloads(list: TransferInfo[]) {
    // A ticket nobody has opened yet (e.g. fetched for a drag that never happened) is not a transfer.
    downloads = list.filter((d) => d.state !== 'waiting');
    publish();
  },
  dismiss(id: string) {
    uploads = uploads.filter((u) => u.id !== id);
    downloads = downloads.filter((d) => d.id !== id);
    publish();
  },
  get: () => snapshot,
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export function useTransfers(): Transfer[] {
  return useSyncExternalStore(transfers.subscribe, transfers.get);
}

export function formatEta(s: number | null): string {
  if (s === null) return '—';
  if (s < 60) return `${Math.ceil(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
