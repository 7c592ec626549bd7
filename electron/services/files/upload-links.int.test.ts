import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadInput } from '../../../shared/contract/files';
import { BUSYBOX, docker, harness, upload, zipOf, type Harness } from './int.testkit';

let h: Harness;
const hostDirs: string[] = [];
beforeAll(async () => {
  h = await harness('files-links');
});
afterAll(async () => {
  await h?.dispose();
  for (const d of hostDirs) rmSync(d, { recursive: true, force: true });
});

type Where = 'rootfs' | 'bind mount';
type Kind = 'zip' | 'files';

/** A running busybox whose /up is either in its own file system or a folder of this machine bound in. */
async function containerWith(where: Where, setup: string): Promise<string> {
  let args: string[] = [];
  if (where === 'bind mount') {
    const dir = mkdtempSync(join(tmpdir(), 'berth-links-bind-'));
    hostDirs.push(dir);
    args = ['-v', `${dir}:/up`];
  }
  const id = await h.container(BUSYBOX, { args });
  await docker('exec', id, 'sh', '-c', `mkdir -p /up && ${setup}`);
  return id;
}

/** The same files as a zip or as dropped files. */
async function send(id: string, target: string, files: Record<string, string>, kind: Kind, opts: Partial<UploadInput> & { decision?: 'overwrite' | 'skip' | 'cancel' } = {}) {
  const { decision, ...rest } = opts;
  if (kind === 'zip') {
    const zip = await zipOf(files);
    return upload(h, { id, target, source: { kind: 'zip', name: 'links.zip', size: zip.length }, ...rest }, zip, { decision });
  }
  const names = Object.keys(files);
  const data = Buffer.concat(names.map((n) => Buffer.from(files[n]!)));
  return upload(h, { id, target, source: { kind: 'files', files: names.map((n) => ({ path: n, size: Buffer.byteLength(files[n]!) })) }, ...rest }, data, { decision });
}

const etcClean = async (id: string) => expect(await docker('exec', id, 'ls', '/etc')).not.toMatch(/evil/);
const kindOf = (id: string, path: string) => docker('exec', id, 'sh', '-c', `if [ -L ${path} ]; then echo link; elif [ -d ${path} ]; then echo dir; elif [ -e ${path} ]; then echo file; else echo none; fi`);

const cases: Array<[Kind, Where]> = [
  ['zip', 'rootfs'],
  ['zip', 'bind mount'],
  ['files', 'rootfs'],
  ['files', 'bind mount'],
];

describe.each(cases)('uploads never write through links already in the target (%s, %s)', (kind, where) => {
  it('link → /etc at the top, overwrite chosen: the link itself is replaced by the folder, /etc untouched', async () => {
    const id = await containerWith(where, 'mkdir -p /up/th1 && ln -s /etc /up/th1/link');
    const out = await send(id, '/up/th1', { 'link/evil.txt': 'evil' }, kind, { conflict: 'overwrite' });
    expect(out.error).toBeUndefined();
    await etcClean(id);
    expect(await kindOf(id, '/up/th1/link')).toBe('dir');
    expect(await docker('exec', id, 'cat', '/up/th1/link/evil.txt')).toBe('evil');
    expect(await docker('exec', id, 'ls', '-a', '/up/th1')).toBe('.\n..\nlink');
  });

  it('link → /etc inside a folder the upload merges into, skip chosen: refused, naming the link and where it points; nothing written', async () => {
    const id = await containerWith(where, 'mkdir -p /up/th2/d && ln -s /etc /up/th2/d/s && echo keep > /up/th2/d/keep.txt');
    const out = await send(id, '/up/th2', { 'd/s/evil.txt': 'evil', 'd/new.txt': 'new' }, kind, { conflict: 'skip' });
    expect(out.error).toMatchObject({ code: 'conflict', field: 'd/s/evil.txt' });
    expect(out.error?.message).toMatch(/d\/s.*link to \/etc/);
    await etcClean(id);
    expect(await kindOf(id, '/up/th2/d/s')).toBe('link');
    expect(await docker('exec', id, 'ls', '-a', '/up/th2', '/up/th2/d')).toBe('/up/th2:\n.\n..\nd\n\n/up/th2/d:\n.\n..\nkeep.txt\ns');
  });

  it('asked, the link is named in the conflict; overwrite then replaces it, never follows it', async () => {
    const id = await containerWith(where, 'mkdir -p /up/th3/d && ln -s /etc /up/th3/d/s');
    const out = await send(id, '/up/th3', { 'd/s/evil.txt': 'evil' }, kind, { decision: 'overwrite' });
    expect(out.error).toBeUndefined();
    const conflict = out.events.find((e) => e.type === 'conflict');
    expect(conflict).toMatchObject({ type: 'conflict', existing: ['d/s'], count: 1, links: [{ name: 'd/s', target: '/etc' }] });
    await etcClean(id);
    expect(await kindOf(id, '/up/th3/d/s')).toBe('dir');
    expect(await docker('exec', id, 'cat', '/up/th3/d/s/evil.txt')).toBe('evil');
  });

  it('a link where the upload puts a file: skip keeps the link, overwrite replaces the link (its target untouched)', async () => {
    const id = await containerWith(where, 'mkdir -p /up/th4 && echo secret > /up/th4-target && ln -s /up/th4-target /up/th4/f.txt');
    const skipped = await send(id, '/up/th4', { 'f.txt': 'new\n' }, kind, { conflict: 'skip' });
    expect(skipped.error).toBeUndefined();
    expect(await kindOf(id, '/up/th4/f.txt')).toBe('link');
    const over = await send(id, '/up/th4', { 'f.txt': 'new\n' }, kind, { conflict: 'overwrite' });
    expect(over.error).toBeUndefined();
    expect(await kindOf(id, '/up/th4/f.txt')).toBe('file');
    expect(await docker('exec', id, 'cat', '/up/th4/f.txt', '/up/th4-target')).toBe('new\nsecret');
  });
});

describe('mounts below the target', () => {
  it('merging into a volume mounted below the target puts every file in place (no cross-device link), and leaves no staging folder', async () => {
    const vol = `berth-files-links-${process.pid}`;
    const id = await h.container(BUSYBOX, { args: ['-v', `${vol}:/app/data`] });
    try {
      await docker('exec', id, 'sh', '-c', 'echo keep > /app/data/keep.txt');
      const zip = await zipOf({ 'a.txt': 'a', 'data/x.txt': 'x', 'data/sub/y.txt': 'y' });
      const out = await upload(h, { id, source: { kind: 'zip', name: 'vol.zip', size: zip.length } }, zip);
      expect(out.error).toBeUndefined();
      expect(await docker('exec', id, 'cat', '/app/a.txt', '/app/data/x.txt', '/app/data/sub/y.txt', '/app/data/keep.txt')).toBe('axykeep');
      expect(await docker('exec', id, 'ls', '-a', '/app', '/app/data')).toBe('/app:\n.\n..\na.txt\ndata\n\n/app/data:\n.\n..\nkeep.txt\nsub\nx.txt');
    } finally {
      await docker('rm', '-f', id);
      await docker('volume', 'rm', vol);
    }
  });
});

describe('a folder swapped for a link while the upload is written', () => {
  it('is noticed right before the commit: refused, naming it, nothing put in place, /etc untouched', async () => {
    const id = await h.container(BUSYBOX);
    await docker('exec', id, 'sh', '-c', 'mkdir -p /app/d && echo keep > /app/d/keep.txt');
    // Larger than the tail the service asks for first, so the body is a second request, after the scan.
    const zip = await zipOf({ 'd/evil.txt': 'evil', 'new.bin': randomBytes(200_000) });
    const out = await upload(h, { id, source: { kind: 'zip', name: 'swap.zip', size: zip.length }, conflict: 'skip' }, zip, {
      beforeBody: () => docker('exec', id, 'sh', '-c', 'mv /app/d /app/d-was && ln -s /etc /app/d').then(() => undefined),
    });
    expect(out.error).toMatchObject({ code: 'conflict', field: 'd' });
    expect(out.error?.message).toMatch(/"d" in \/app changed while the upload was written \(now a link to \/etc\)/);
    await etcClean(id);
    expect(await docker('exec', id, 'ls', '-a', '/app')).toBe('.\n..\nd\nd-was');
  });
});
