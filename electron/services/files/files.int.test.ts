import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX, collect, docker, filesIn, harness, NOSHELL, sha, unzip, upload, zipOf, type Harness } from './int.testkit';
import { buildZip } from './zip-fixtures.testkit';

let h: Harness;
beforeAll(async () => {
  h = await harness('files');
});
afterAll(() => h?.dispose());

const tree = (): Record<string, Buffer> => ({
  'README.md': Buffer.from('# hello\n'),
  'src/main.py': Buffer.from('print("hi")\n'),
  'src/lib/util.py': randomBytes(10_000),
  'data/big.bin': randomBytes(3 * 1024 * 1024),
  'data/empty.txt': Buffer.alloc(0),
  'ünïcödé/名前.txt': Buffer.from('utf-8 names'),
});

async function until(ok: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const noStaging = (files: Map<string, Buffer>) => [...files.keys()].filter((k) => k.includes('.berth-upload-'));

async function download(url: string): Promise<Buffer> {
  const ticket = url.split('/').pop()!;
  const src = h.services.downloads.take(ticket);
  return collect(await src.open(new AbortController().signal));
}

describe('upload a zip, then download as zip: a round trip', () => {
  it('every file arrives byte-exact in a running container and comes back byte-exact in the zip', async () => {
    const id = await h.container(BUSYBOX);
    const files = tree();
    const zip = await zipOf(files);
    const out = await upload(h, { id, source: { kind: 'zip', name: 'tree.zip', size: zip.length } }, zip, { chunk: 64 * 1024 });
    expect(out.error).toBeUndefined();
    const done = out.events.find((e) => e.type === 'done');
    expect(done).toMatchObject({ type: 'done', target: '/app', files: 6, skipped: 0 });
    const phases = new Set(out.events.flatMap((e) => (e.type === 'progress' ? [e.phase] : [])));
    // Even a fresh target is written through a staging folder, then committed.
    expect([...phases]).toEqual(['receiving', 'checking', 'writing', 'committing']);

    const inside = await filesIn(h, id, '/app');
    for (const [name, data] of Object.entries(files)) expect(sha(inside.get(name) ?? Buffer.from('missing')), name).toBe(sha(data));
    expect(noStaging(inside)).toEqual([]);
    expect(await docker('exec', id, 'cat', '/app/src/main.py')).toBe('print("hi")');

    const ticket = await h.client.call('files.download', { id, path: '/app', asZip: true });
    expect(ticket.filename).toBe('app.zip');
    const back = await unzip(await download(ticket.url));
    for (const [name, data] of Object.entries(files)) expect(sha(back.get(`app/${name}`) ?? Buffer.from('missing')), name).toBe(sha(data));

    const single = await h.client.call('files.download', { id, path: '/app/data/big.bin', asZip: false });
    expect(sha(await download(single.url))).toBe(sha(files['data/big.bin']!));
  });
});

describe('stopped containers and images without a shell', () => {
  it('uploads dropped files into a stopped container, then lists, renames, makes and removes folders in it', async () => {
    const id = await h.container(BUSYBOX, { start: false });
    const a = Buffer.from('alpha'), b = randomBytes(70_000);
    const out = await upload(h, { id, target: '/tmp', source: { kind: 'files', files: [{ path: 'up/a.txt', size: 5 }, { path: 'up/sub/b.bin', size: b.length }], folders: ['up/empty'] } }, Buffer.concat([a, b]));
    expect(out.error).toBeUndefined();
    const inside = await filesIn(h, id, '/tmp/up');
    expect(inside.get('a.txt')?.toString()).toBe('alpha');
    expect(sha(inside.get('sub/b.bin')!)).toBe(sha(b));
    expect(inside.has('empty/')).toBe(true);

    const list = await h.client.call('files.list', { id, path: '/tmp/up' });
    expect(list.entries.map((e) => `${e.type}:${e.name}`)).toEqual(['directory:empty', 'directory:sub', 'file:a.txt']);
    expect(list.entries.find((e) => e.name === 'a.txt')).toMatchObject({ size: 5, modeText: '-rw-r--r--' });

    await h.client.call('files.mkdir', { id, path: '/tmp/up/new' });
    await expect(h.client.call('files.mkdir', { id, path: '/tmp/up/new' })).rejects.toMatchObject({ code: 'conflict', field: 'path' });
    await h.client.call('files.rename', { id, from: '/tmp/up/sub', to: '/tmp/up/moved' });
    await h.client.call('files.rename', { id, from: '/tmp/up/a.txt', to: '/tmp/up/moved/a-renamed.txt' });
    await h.client.call('files.remove', { id, paths: ['/tmp/up/empty'] });
    const after = await filesIn(h, id, '/tmp/up');
    expect([...after.keys()].sort()).toEqual(['moved/', 'moved/a-renamed.txt', 'moved/b.bin', 'new/']);
    expect(sha(after.get('moved/b.bin')!)).toBe(sha(b));
    expect(after.get('moved/a-renamed.txt')?.toString()).toBe('alpha');
  });

  it('works in a running image with no shell at all', async () => {
    const id = await h.container(NOSHELL);
    const zip = await zipOf({ 'tmp/x/hello.txt': 'from a zip' });
    const out = await upload(h, { id, target: '/tmp', source: { kind: 'zip', name: 'x.zip', size: zip.length } }, zip);
    expect(out.error).toBeUndefined();
    const text = await h.client.call('files.readText', { id, path: '/tmp/tmp/x/hello.txt' });
    expect(text).toMatchObject({ text: 'from a zip', truncated: false, binary: false });
    await h.client.call('files.remove', { id, paths: ['/tmp/tmp'] });
    expect((await h.client.call('files.stat', { id, path: '/tmp/tmp' })).exists).toBe(false);
  });
});

describe('nothing half-written', () => {
  it('a cancel while the tar streams to the engine leaves the target as it was', async () => {
    const id = await h.container(BUSYBOX);
    const big = Buffer.alloc(160 * 1024 * 1024, 1);
    const out = await upload(h, { id, source: { kind: 'files', files: [{ path: 'huge.bin', size: big.length }, { path: 'small.txt', size: 2 }] } }, Buffer.concat([big, Buffer.from('hi')]), {
      chunk: 1024 * 1024,
      onEvent: (e, close) => {
        if (e.type === 'progress' && e.phase === 'writing') close();
      },
    });
    expect(out.events.some((e) => e.type === 'progress' && e.phase === 'writing')).toBe(true);
    expect(out.events.some((e) => e.type === 'done')).toBe(false);
    // The engine stream was destroyed: the container answers at once, and holds nothing of the upload.
    await new Promise((r) => setTimeout(r, 500));
    const inside = await filesIn(h, id, '/app');
    expect([...inside.keys()]).toEqual([]);
    expect(await docker('exec', id, 'ls', '-a', '/app')).toBe('.\n..');
  });

  it.each([
    ['zip slip', [{ name: '../../etc/evil', data: Buffer.from('x') }], /climbs out/],
    ['symlink then write', [{ name: 'link', data: Buffer.from('/etc'), unixMode: 0o120777 }, { name: 'link/passwd', data: Buffer.from('x') }], /symbolic links/],
    ['duplicate', [{ name: 'a', data: Buffer.from('1') }, { name: 'a', data: Buffer.from('2') }], /appears twice/],
    ['overlapping bomb', [{ name: 'k0', data: Buffer.alloc(9000), deflate: true }, { name: 'k1', data: Buffer.alloc(9000), deflate: true, sameLocalAs: 0 }], /overlap/],
    // Found only while streaming to the engine: what was written is removed.
    ['CRC mismatch after good files', [{ name: 'good.txt', data: Buffer.from('good') }, { name: 'bad.txt', data: Buffer.from('bad data'), crc: 1 }], /CRC-32 mismatch/],
  ])('%s is rejected with the entry named, nothing written', async (_what, entries, why) => {
    const id = await h.container(BUSYBOX);
    const zip = buildZip(entries);
    const out = await upload(h, { id, source: { kind: 'zip', name: 'bad.zip', size: zip.length } }, zip);
    expect(out.error?.message).toMatch(why);
    expect(out.error?.field).toBeTruthy();
    expect(await docker('exec', id, 'ls', '-a', '/app')).toBe('.\n..');
    expect(await docker('exec', id, 'ls', '/etc')).not.toMatch(/evil/);
  });

  it('a bad entry found while merging into an existing folder leaves that folder as it was (staging removed)', async () => {
    const id = await h.container(BUSYBOX);
    await docker('exec', id, 'sh', '-c', 'mkdir -p /app/src && echo keep > /app/src/keep.txt');
    const zip = buildZip([
      { name: 'src/good.txt', data: Buffer.from('good') },
      { name: 'src/big.bin', data: randomBytes(300_000) },
      { name: 'src/bad.txt', data: Buffer.from('bad data'), crc: 1 },
    ]);
    const out = await upload(h, { id, source: { kind: 'zip', name: 'm.zip', size: zip.length } }, zip);
    expect(out.error).toMatchObject({ code: 'invalid-input', field: 'src/bad.txt' });
    expect(out.events.some((e) => e.type === 'progress' && e.phase === 'writing')).toBe(true);
    expect(await docker('exec', id, 'ls', '-a', '/app', '/app/src')).toBe('/app:\n.\n..\nsrc\n\n/app/src:\n.\n..\nkeep.txt');
  });

  it('a zip is checked from its tail alone: a hostile one is refused before any of its body is asked for', async () => {
    const id = await h.container(BUSYBOX);
    const zip = buildZip([{ name: 'big.bin', data: randomBytes(2 * 1024 * 1024) }, { name: '../escape.sh', data: Buffer.from('x') }]);
    const out = await upload(h, { id, source: { kind: 'zip', name: 'slip.zip', size: zip.length } }, zip);
    expect(out.error?.message).toMatch(/climbs out/);
    const needs = out.events.filter((e) => e.type === 'need');
    // Only the end of the file (where the end records and the central directory are): never the body from its start.
    expect(needs).toEqual([{ type: 'need', offset: zip.length - 65_577, length: 65_577 }]);
  });

  it('a cancel while the zip body streams leaves the target as it was', async () => {
    const id = await h.container(BUSYBOX);
    const zip = await zipOf({ 'a.txt': 'first', 'huge.bin': Buffer.alloc(96 * 1024 * 1024, 7) }, false);
    const out = await upload(h, { id, source: { kind: 'zip', name: 'big.zip', size: zip.length } }, zip, {
      chunk: 1024 * 1024,
      // Shortly after the body starts to flow (a.txt is written by then; huge.bin is on its way).
      onEvent: (e, close) => {
        if (e.type === 'need' && e.offset === 0) setTimeout(close, 50);
      },
    });
    expect(out.events.some((e) => e.type === 'done')).toBe(false);
    await new Promise((r) => setTimeout(r, 500));
    expect(await docker('exec', id, 'ls', '-a', '/app')).toBe('.\n..');
  });

  it.each([
    // The client sends the tail of one zip and the body of another with the same layout: the CRC tells.
    ['a body with other data than the tail describes', (z: Buffer) => Buffer.concat([z.subarray(0, 4 * 1024 * 1024), randomBytes(1024), z.subarray(4 * 1024 * 1024 + 1024)]), /CRC-32 mismatch/],
    // The same, but the local header names another file.
    ['a body whose local header names another file', (z: Buffer) => Buffer.concat([z.subarray(0, 30), Buffer.from('b'), z.subarray(31)]), /names another file/],
  ])('%s is refused mid-stream, nothing written', async (_what, lie, why) => {
    const id = await h.container(BUSYBOX);
    const zip = buildZip([{ name: 'a.bin', data: randomBytes(8 * 1024 * 1024) }, { name: 'z.txt', data: Buffer.from('last') }]);
    const body = lie(zip);
    const out = await upload(h, { id, source: { kind: 'zip', name: 'lie.zip', size: zip.length } }, zip, {
      chunk: 1024 * 1024,
      serve: (offset, length) => (offset === 0 ? body : zip).subarray(offset, offset + length),
    });
    expect(out.error).toMatchObject({ code: 'invalid-input', field: 'a.bin' });
    expect(out.error?.message).toMatch(why);
    expect(await docker('exec', id, 'ls', '-a', '/app')).toBe('.\n..');
  });

  it('a client whose file ends short of the body is refused, nothing written', async () => {
    const id = await h.container(BUSYBOX);
    const zip = buildZip([{ name: 'a.txt', data: Buffer.from('first') }, { name: 'b.bin', data: randomBytes(4 * 1024 * 1024) }]);
    const out = await upload(h, { id, source: { kind: 'zip', name: 'short.zip', size: zip.length } }, zip, {
      chunk: 1024 * 1024,
      end: true,
      serve: (offset, length) => zip.subarray(offset, offset === 0 ? 2 * 1024 * 1024 : offset + length),
    });
    expect(out.error).toMatchObject({ code: 'invalid-input', field: 'source' });
    expect(out.error?.message).toMatch(/short of what the zip's own records call for/);
    // The channel ends with the client's error at once; the removal of what was written follows.
    await until(async () => (await docker('exec', id, 'ls', '-a', '/app')) === '.\n..');
  });

  it('more bytes than asked for are refused, nothing written', async () => {
    const id = await h.container(BUSYBOX);
    const zip = buildZip([{ name: 'a.bin', data: randomBytes(200_000) }]);
    const out = await upload(h, { id, source: { kind: 'zip', name: 'more.zip', size: zip.length } }, zip, {
      serve: (offset, length) => Buffer.concat([zip.subarray(offset, offset + length), Buffer.from('extra')]),
    });
    expect(out.error).toMatchObject({ code: 'invalid-input' });
    expect(out.error?.message).toMatch(/More bytes arrived than were asked for/);
    expect(await docker('exec', id, 'ls', '-a', '/app')).toBe('.\n..');
  });

  it('not a zip is refused with a clear message', async () => {
    const id = await h.container(BUSYBOX);
    const junk = Buffer.from('PK but not really a zip file at all'.repeat(30));
    const out = await upload(h, { id, source: { kind: 'zip', name: 'junk.zip', size: junk.length } }, junk);
    expect(out.error).toMatchObject({ code: 'invalid-input', field: 'archive' });
    expect(out.error?.message).toMatch(/not a zip file/);
  });
});

describe('conflicts and upload-and-run', () => {
  it('asks once; skip keeps existing files, overwrite replaces them', async () => {
    const id = await h.container(BUSYBOX);
    await docker('exec', id, 'sh', '-c', 'mkdir -p /app/src && echo old > /app/src/main.py && echo keep > /app/other.txt');
    const zip = await zipOf({ 'src/main.py': 'new\n', 'src/added.py': 'added\n' });
    const input = { id, source: { kind: 'zip' as const, name: 'c.zip', size: zip.length } };
    const skipped = await upload(h, input, zip, { decision: 'skip' });
    expect(skipped.error).toBeUndefined();
    expect(skipped.events.filter((e) => e.type === 'conflict')).toEqual([{ type: 'conflict', existing: ['src/main.py'], count: 1, links: [] }]);
    expect(skipped.events.find((e) => e.type === 'done')).toMatchObject({ files: 1, skipped: 1 });
    expect(await docker('exec', id, 'cat', '/app/src/main.py', '/app/src/added.py', '/app/other.txt')).toBe('old\nadded\nkeep');

    const cancelled = await upload(h, input, zip, { decision: 'cancel' });
    expect(cancelled.error?.code).toBe('cancelled');

    expect(skipped.events.some((e) => e.type === 'progress' && e.phase === 'committing')).toBe(true);

    const over = await upload(h, { ...input, conflict: 'overwrite' }, zip);
    expect(over.events.some((e) => e.type === 'conflict')).toBe(false);
    expect(await docker('exec', id, 'cat', '/app/src/main.py')).toBe('new');
    expect(await docker('exec', id, 'sh', '-c', 'ls -a /app')).not.toMatch(/berth-upload/);
  });

  it('runs a command after the upload with its output streamed, or leaves it running', async () => {
    const id = await h.container(BUSYBOX);
    const zip = await zipOf({ 'boot.sh': 'echo booting from $(pwd)\necho oops >&2\nexit 3\n' });
    const out = await upload(h, { id, source: { kind: 'zip', name: 'b.zip', size: zip.length }, run: { command: 'sh boot.sh', wait: true } }, zip);
    expect(out.error).toBeUndefined();
    expect(out.output).toContain('booting from /app');
    expect(out.output).toContain('oops');
    expect(out.events.find((e) => e.type === 'exit')).toEqual({ type: 'exit', exitCode: 3, detached: false });

    const zip2 = await zipOf({ 'bg.sh': 'sleep 30\n' });
    const bg = await upload(h, { id, source: { kind: 'zip', name: 'bg.zip', size: zip2.length }, run: { command: 'sh bg.sh', wait: false } }, zip2);
    expect(bg.events.find((e) => e.type === 'exit')).toEqual({ type: 'exit', exitCode: null, detached: true });
    expect(await docker('exec', id, 'ps')).toMatch(/sh bg.sh/);
  });

  it('refuses upload-and-run on a stopped container before any byte travels', async () => {
    const id = await h.container(BUSYBOX, { start: false });
    const zip = await zipOf({ 'a.txt': 'a' });
    const out = await upload(h, { id, source: { kind: 'zip', name: 'a.zip', size: zip.length }, run: { command: 'true', wait: true } }, zip);
    expect(out.error).toMatchObject({ code: 'wrong-state', field: 'run' });
  });
});

describe('commit by rename', () => {
  /** Puts a recording mv on the container's PATH: each call's arguments land in /tmp/mv.log; `fail` makes it move nothing and fail. */
  async function watchMv(id: string, fail = false): Promise<void> {
    const script = `#!/bin/busybox sh\nprintf "%s\\n" "$*" >> /tmp/mv.log\n${fail ? 'exit 1' : 'exec /bin/busybox mv "$@"'}\n`;
    await docker('exec', '-u', '0', id, 'sh', '-c', `rm /bin/mv && printf '%s' '${script}' > /bin/mv && chmod 755 /bin/mv`);
  }

  it('new top-level names move into place with one mv; a merge into an existing folder goes by hard links', async () => {
    const id = await h.container(BUSYBOX);
    await watchMv(id);
    await docker('exec', id, 'sh', '-c', 'mkdir -p /app/c && echo keep > /app/c/keep.txt');
    const zip = await zipOf({ 'a/x.txt': 'x', 'a/deep/y.txt': 'y', 'b.txt': 'b', 'c/z.txt': 'z' });
    const out = await upload(h, { id, source: { kind: 'zip', name: 'mv.zip', size: zip.length } }, zip);
    expect(out.error).toBeUndefined();
    expect(await docker('exec', id, 'cat', '/app/a/x.txt', '/app/a/deep/y.txt', '/app/b.txt', '/app/c/z.txt', '/app/c/keep.txt')).toBe('xybzkeep');
    const log = (await docker('exec', id, 'cat', '/tmp/mv.log')).split('\n');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^-n -- \/app\/\.berth-upload-[0-9a-f]{12}\/a \/app\/\.berth-upload-[0-9a-f]{12}\/b\.txt \/app$/);
    expect(await docker('exec', id, 'ls', '-a', '/app')).toBe('.\n..\na\nb.txt\nc');
  });

  it('a failing mv leaves everything to the hard-link commit: the upload completes all the same', async () => {
    const id = await h.container(BUSYBOX);
    await watchMv(id, true);
    const zip = await zipOf({ 'a/x.txt': 'x', 'b.txt': 'b' });
    const out = await upload(h, { id, source: { kind: 'zip', name: 'mv.zip', size: zip.length } }, zip);
    expect(out.error).toBeUndefined();
    expect(await docker('exec', id, 'cat', '/tmp/mv.log')).toMatch(/^-n -- /);
    expect(await docker('exec', id, 'cat', '/app/a/x.txt', '/app/b.txt')).toBe('xb');
    expect(await docker('exec', id, 'ls', '-a', '/app')).toBe('.\n..\na\nb.txt');
  });

  it('a container that does not run as root never gets an exec of its own mv: hard links only', async () => {
    const id = await h.container(BUSYBOX, { args: ['--user', '1000:1000'] });
    await watchMv(id);
    const zip = await zipOf({ 'a/x.txt': 'x' });
    const out = await upload(h, { id, target: '/tmp', source: { kind: 'zip', name: 'mv.zip', size: zip.length } }, zip);
    expect(out.error).toBeUndefined();
    expect(await docker('exec', id, 'cat', '/tmp/a/x.txt')).toBe('x');
    expect(await docker('exec', id, 'ls', '/tmp')).not.toMatch(/mv\.log/);
  });
});
