import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { transfers, type UploadTransfer } from './transfers';

const upload = (id: string, extra: Partial<UploadTransfer> = {}): UploadTransfer => ({
  id,
  kind: 'upload',
  container: 'c1',
  containerName: 'web',
  label: `${id}.zip`,
  target: '/app',
  phase: 'receiving',
  progress: { bytes: 0, totalBytes: 10, files: 0, totalFiles: 1, bytesPerSecond: 0, etaSeconds: null },
  state: 'running',
  output: '',
  cancel: () => {},
  decide: () => {},
  ...extra,
});

describe('the transfers list', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    for (const t of transfers.get()) transfers.dismiss(t.id);
    vi.useRealTimers();
  });

  it('lets a finished upload go by itself after a while (it covered the bottom of the details panel until dismissed)', () => {
    transfers.add(upload('quiet'));
    transfers.update('quiet', { state: 'done' });
    expect(transfers.get().map((t) => t.id)).toEqual(['quiet']);
    vi.advanceTimersByTime(11_000);
    expect(transfers.get()).toEqual([]);
  });

  it('keeps what the user must read: failures, cancels and command output stay until dismissed', () => {
    transfers.add(upload('failed'));
    transfers.add(upload('cancelled'));
    transfers.add(upload('ran', { command: 'sh boot.sh' }));
    transfers.update('failed', { state: 'failed', error: 'no room' });
    transfers.update('cancelled', { state: 'cancelled' });
    transfers.appendOutput('ran', 'booted\n');
    transfers.update('ran', { state: 'done', exit: { exitCode: 0, detached: false } });
    vi.advanceTimersByTime(60_000);
    expect(transfers.get().map((t) => t.id)).toEqual(['failed', 'cancelled', 'ran']);
  });
});
