import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine';
import { PendingCleanups } from './pending-cleanups';

const ID = 'a'.repeat(64);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function journal() {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-pending-'));
  dirs.push(dataDir);
  // Never started: these tests only read and write the journal.
  return { dataDir, j: new PendingCleanups(dataDir, new Engine({ dockerHost: 'unix:///tmp/berth-no-engine.sock' })) };
}

describe('the pending-cleanups journal', () => {
  it('keeps an entry across instances until it is done', async () => {
    const { dataDir, j } = journal();
    const key = await j.open(ID, '/app/.berth-upload-0123456789ab');
    const again = new PendingCleanups(dataDir, new Engine({ dockerHost: 'unix:///tmp/berth-no-engine.sock' }));
    expect(await again.list()).toEqual([{ container: ID, path: '/app/.berth-upload-0123456789ab', since: expect.any(Number), pid: process.pid, engine: 'unix:///tmp/berth-no-engine.sock' }]);
    await j.done(key);
    expect(await again.list()).toEqual([]);
  });

  it.each([
    ['a path that is not a staging folder', ID, '/etc'],
    ['a staging name under a path with ..', ID, '/app/../etc/.berth-upload-0123456789ab'],
    ['a container name instead of its id', 'web', '/app/.berth-upload-0123456789ab'],
  ])('refuses %s', async (_what, container, path) => {
    const { j } = journal();
    await expect(j.open(container, path)).rejects.toThrow();
    expect(await j.list()).toEqual([]);
  });

  it('drops entries altered on disk to name anything but a staging folder, and unreadable ones', async () => {
    const { dataDir, j } = journal();
    const dir = join(dataDir, 'uploads', 'pending');
    writeFileSync(join(dir, '0000000000000001.json'), JSON.stringify({ container: ID, path: '/etc', since: 1, pid: 1, engine: 'unix:///tmp/berth-no-engine.sock' }));
    writeFileSync(join(dir, '0000000000000002.json'), '{"container": "half');
    writeFileSync(join(dir, '0000000000000003.json'), JSON.stringify({ container: ID, path: '/srv/.berth-upload-0123456789ab', since: 1, pid: 1, engine: 'unix:///tmp/berth-no-engine.sock' }));
    expect(await j.list()).toEqual([{ container: ID, path: '/srv/.berth-upload-0123456789ab', since: 1, pid: 1, engine: 'unix:///tmp/berth-no-engine.sock' }]);
    expect(readdirSync(dir)).toEqual(['0000000000000003.json']);
  });

  it('acts only on entries of this engine that no live upload owns: not one running here, nor one of another live host process', async () => {
    const { dataDir, j } = journal();
    const dir = join(dataDir, 'uploads', 'pending');
    const mine = await j.open(ID, '/a/.berth-upload-000000000001');
    const released = await j.open(ID, '/a/.berth-upload-000000000002');
    j.release(released);
    // A process that lives (our parent) and one that cannot (beyond pid_max).
    writeFileSync(join(dir, '00000000000000aa.json'), JSON.stringify({ container: ID, path: '/a/.berth-upload-000000000003', since: 1, pid: process.ppid, engine: 'unix:///tmp/berth-no-engine.sock' }));
    writeFileSync(join(dir, '00000000000000bb.json'), JSON.stringify({ container: ID, path: '/a/.berth-upload-000000000004', since: 1, pid: 2 ** 30, engine: 'unix:///tmp/berth-no-engine.sock' }));
    // One of another engine (DOCKER_HOST changed since): its container is not on this one; it waits.
    writeFileSync(join(dir, '00000000000000cc.json'), JSON.stringify({ container: ID, path: '/a/.berth-upload-000000000005', since: 1, pid: 2 ** 30, engine: 'tcp://elsewhere:2375' }));
    const paths = (await j.claimable()).map((c) => c.entry.path).sort();
    expect(paths).toEqual(['/a/.berth-upload-000000000002', '/a/.berth-upload-000000000004']);
    await j.done(mine);
  });
});
