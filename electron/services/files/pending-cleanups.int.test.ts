import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX, docker, harness, NOSHELL, type Harness } from './int.testkit';

let h: Harness;
const local = mkdtempSync(join(tmpdir(), 'berth-pending-int-'));
beforeAll(async () => {
  h = await harness('files-pending');
});
afterAll(async () => {
  await h?.dispose();
  rmSync(local, { recursive: true, force: true });
});

const fullId = (id: string) => docker('inspect', '-f', '{{.Id}}', id);
const STAGED = '.berth-upload-0123456789ab';

/** A half-written staging folder, put in place by `docker cp` (works on stopped containers without a shell). */
async function halfUpload(id: string, dir: string): Promise<void> {
  const src = join(local, id, STAGED);
  mkdirSync(join(src, 'x'), { recursive: true });
  writeFileSync(join(src, 'x', 'half.bin'), Buffer.alloc(1000, 1));
  await docker('cp', src, `${id}:${dir}/`);
}

describe('pending upload cleanups against the engine', () => {
  it.each([
    ['a running container', BUSYBOX, true, '/app'],
    ['a stopped container without a shell', NOSHELL, false, '/tmp'],
  ])('remove a released staging folder in %s', async (_what, image, start, dir) => {
    const id = await h.container(image, { start });
    await halfUpload(id, dir);
    expect((await h.client.call('files.stat', { id, path: `${dir}/${STAGED}` })).exists).toBe(true);
    const full = await fullId(id);
    h.services.uploadCleanups.release(await h.services.uploadCleanups.open(full, `${dir}/${STAGED}`));
    await h.services.uploadCleanups.runPending();
    expect((await h.client.call('files.stat', { id, path: `${dir}/${STAGED}` })).exists).toBe(false);
    expect((await h.services.uploadCleanups.list()).filter((e) => e.container === full)).toEqual([]);
  });

  it('leave alone a folder whose upload still runs', async () => {
    const id = await h.container(BUSYBOX);
    await halfUpload(id, '/app');
    const full = await fullId(id);
    const key = await h.services.uploadCleanups.open(full, `/app/${STAGED}`);
    await h.services.uploadCleanups.runPending();
    expect((await h.client.call('files.stat', { id, path: `/app/${STAGED}` })).exists).toBe(true);
    await h.services.uploadCleanups.done(key);
  });

  it('drop the entry of a container that is gone', async () => {
    const id = await h.container(BUSYBOX);
    const full = await fullId(id);
    h.services.uploadCleanups.release(await h.services.uploadCleanups.open(full, `/app/${STAGED}`));
    await docker('rm', '-f', id);
    await h.services.uploadCleanups.runPending();
    expect((await h.services.uploadCleanups.list()).filter((e) => e.container === full)).toEqual([]);
  });
});
