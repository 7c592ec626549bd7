import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferInfo } from '../../../shared/contract/files';
import { BUSYBOX, docker, harness, type Harness } from './int.testkit';

/**
 * The engine holds a container while an archive stream of it is open: inspect,
 * exec and every other archive call on it wait. A download the browser stops
 * reading (a paused download, a prompt left unanswered, a hostile client)
 * must not hold the container for as long as its tab stays open.
 */
const STALL_MS = 1500;
let h: Harness;
beforeAll(async () => {
  h = await harness('files-stall', { downloadStallMs: STALL_MS });
});
afterAll(() => h?.dispose());

/** A sink that takes one chunk and then never asks for more, as a browser that stopped reading. */
const stalledSink = () => new Writable({ highWaterMark: 1024, write: () => {} });

async function inspectWithin(id: string, ms: number): Promise<boolean> {
  const answered = docker('inspect', '-f', '{{.State.Status}}', id).then(() => true, () => false);
  return Promise.race([answered, new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
}

describe('a download nobody reads', () => {
  for (const asZip of [false, true]) {
    it(`is cut after a while without progress (${asZip ? 'zip' : 'file'}), says failed, and the container answers again`, async () => {
      const id = await h.container(BUSYBOX);
      await docker('exec', id, 'sh', '-c', 'mkdir -p /data && dd if=/dev/urandom of=/data/big.bin bs=1M count=32 2>/dev/null');
      const boards: TransferInfo[][] = [];
      const watch = h.client.open('files.transfers', {}, { onEvent: (list) => boards.push(list) });
      const ticket = await h.client.call('files.download', { id, path: '/data/big.bin', asZip });
      const source = h.services.downloads.take(ticket.url.split('/').pop()!);
      const stream = await source.open(new AbortController().signal);
      const piped = pipeline(stream, stalledSink()).then(() => 'ended', (e: Error) => e.message);

      // Held while stalled: the engine does not answer an inspect of it (the defect's cause, seen by the CLI).
      expect(await inspectWithin(id, 500)).toBe(false);
      // Cut once nothing moved for STALL_MS: the container answers again.
      expect(await piped).toMatch(/stopped reading|No bytes moved/);
      expect(await inspectWithin(id, 5000)).toBe(true);
      await new Promise((r) => setTimeout(r, 400));
      const last = boards.at(-1)?.find((t) => t.id === ticket.transferId);
      expect(last?.state).toBe('failed');
      expect(last?.error).toMatch(/No bytes moved/);
      watch.close();
    }, 30_000);
  }
});
