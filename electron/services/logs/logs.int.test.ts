import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogsEvent, LogSource } from '../../../shared/contract/logs';
import type { BerthError } from '../../../shared/contract/errors';
import { BUSYBOX, docker, harness } from './int.testkit';

type H = Awaited<ReturnType<typeof harness>>;
let h: H;

interface Got {
  sources: LogSource[];
  lines: Array<{ source: number; stream: string; text: string }>;
  caughtUp: boolean;
  ended: number[];
  error?: BerthError;
  done: Promise<void>;
  close(): void;
}

function collect(input: Parameters<H['client']['open']>[1] & object): Got {
  let finish!: () => void;
  const got: Got = { sources: [], lines: [], caughtUp: false, ended: [], done: new Promise((r) => (finish = r)), close: () => {} };
  const decoder = new TextDecoder();
  const ch = h.client.open('logs.stream', input as never, {
    onEvent(ev: LogsEvent, bytes) {
      if (ev.type === 'sources') got.sources = ev.sources;
      else if (ev.type === 'caught-up') got.caughtUp = true;
      else if (ev.type === 'source-ended') got.ended.push(ev.source);
      else if (ev.type === 'lines') {
        const text = decoder.decode(bytes);
        const parts = text.split('\n');
        expect(parts.pop()).toBe('');
        expect(parts.length).toBe(ev.count);
        for (const t of parts) got.lines.push({ source: ev.source, stream: ev.stream, text: t });
      }
    },
    onEnd(err) {
      got.error = err;
      finish();
    },
  });
  got.close = () => ch.close();
  return got;
}

const strip = (t: string) => t.replace(/^\S+Z /, '');

async function waitFor(cond: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let printer = '';

beforeAll(async () => {
  h = await harness('logs');
  const script = [
    'printf "\\033[31mred\\033[0m plain\\n"',
    'echo "to stderr" >&2',
    'head -c 1000000 /dev/zero | tr "\\0" x; echo',
    'echo "é unicode ✓"',
    'i=0; while [ $i -lt 5 ]; do echo "line $i"; i=$((i+1)); done',
    'exec sleep 3600',
  ].join('; ');
  printer = await docker('run', '-d', '--label', h.label, '--name', `berth-logs-printer-${process.pid}`, BUSYBOX, 'sh', '-c', script);
  // Wait until the last line is in the log.
  for (let i = 0; i < 100; i++) {
    if ((await docker('logs', printer)).includes('line 4')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
});
afterAll(() => h?.dispose());

describe('logs.stream', () => {
  it('sends the whole log with colours raw, stdout and stderr apart, and a 1 MB line whole', async () => {
    const got = collect({ ids: [printer], tail: 'all', follow: false });
    await got.done;
    expect(got.error).toBeUndefined();
    expect(got.caughtUp).toBe(true);
    expect(got.sources).toEqual([{ id: printer, name: `berth-logs-printer-${process.pid}`, tty: false }]);
    const texts = got.lines.map((l) => strip(l.text));
    expect(got.lines[0]!.text).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z /);
    // stdout and stderr are separate pipes: the engine may log either first.
    expect(got.lines.find((l) => strip(l.text) === '\u001b[31mred\u001b[0m plain')?.stream).toBe('stdout');
    expect(got.lines.find((l) => strip(l.text) === 'to stderr')?.stream).toBe('stderr');
    const big = texts.find((t) => t.startsWith('xxx'));
    expect(big).toBe('x'.repeat(1_000_000));
    expect(texts).toContain('é unicode ✓');
    expect(texts.slice(-5)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    expect(texts).toHaveLength(9);
  });

  it('tail keeps only the last N lines', async () => {
    const got = collect({ ids: [printer], tail: 2, follow: false });
    await got.done;
    expect(got.lines.map((l) => strip(l.text))).toEqual(['line 3', 'line 4']);
  });

  it('since keeps only lines written at or after that time', async () => {
    const from = Date.now();
    await docker('exec', printer, 'sh', '-c', 'echo since-probe > /proc/1/fd/1');
    const got = collect({ ids: [printer], tail: 'all', since: from, follow: false });
    await got.done;
    const texts = got.lines.map((l) => strip(l.text));
    expect(texts).toContain('since-probe');
    expect(texts).not.toContain('line 0');
    expect(texts.length).toBeLessThan(5);
  });

  it('follow sees a new line within a second of it being written', async () => {
    const got = collect({ ids: [printer], tail: 1, follow: true });
    await waitFor(() => got.caughtUp, 5000, 'caught-up');
    expect(got.lines).toHaveLength(1);
    const tailLine = got.lines[0]!.text;
    const written = Date.now();
    // Write to PID 1's stdout: the container's log, as if the app printed it.
    await docker('exec', printer, 'sh', '-c', 'echo live-marker > /proc/1/fd/1; echo live-err > /proc/1/fd/2');
    // stdout and stderr reach the log separately (either may come first): wait for both.
    await waitFor(
      () => got.lines.some((l) => l.text.endsWith('live-err')) && got.lines.some((l) => l.text.endsWith('live-marker')),
      1000 + (Date.now() - written),
      'the live lines',
    );
    expect(got.lines.find((l) => l.text.endsWith('live-marker'))?.stream).toBe('stdout');
    expect(got.lines.find((l) => l.text.endsWith('live-err'))?.stream).toBe('stderr');
    // No line twice at the backlog/live seam.
    expect(got.lines.filter((l) => l.text === tailLine)).toHaveLength(1);
    const all = collect({ ids: [printer], tail: 'all', follow: true });
    await waitFor(() => all.caughtUp, 5000, 'caught-up');
    await docker('exec', printer, 'sh', '-c', 'echo seam-check > /proc/1/fd/1');
    await waitFor(() => all.lines.some((l) => l.text.endsWith('seam-check')), 3000, 'seam-check');
    // stdout and stderr reach the log slightly out of time order: still nothing is sent twice.
    const texts = all.lines.map((l) => l.text);
    expect(new Set(texts).size).toBe(texts.length);
    all.close();
    got.close();
    await got.done;
  });

  it('interleaves several containers with each one named, and a TTY log is one stream', async () => {
    const tty = await docker('run', '-d', '-t', '--label', h.label, BUSYBOX, 'sh', '-c', 'echo tty-one; head -c 40000 /dev/zero | tr "\\0" y; echo; exec sleep 3600');
    for (let i = 0; i < 100 && !(await docker('logs', tty)).includes('yyy'); i++) await new Promise((r) => setTimeout(r, 50));
    const got = collect({ ids: [printer, tty], tail: 'all', follow: true });
    await waitFor(() => got.caughtUp, 5000, 'caught-up');
    expect(got.sources.map((s) => s.tty)).toEqual([false, true]);
    const fromTty = got.lines.filter((l) => l.source === 1);
    expect(fromTty.every((l) => l.stream === 'tty')).toBe(true);
    expect(fromTty.map((l) => strip(l.text))).toEqual(['tty-one\r', `${'y'.repeat(40000)}\r`]);
    expect(got.lines.filter((l) => l.source === 0).map((l) => strip(l.text))).toContain('line 4');
    await docker('exec', tty, 'sh', '-c', 'echo from-tty-live > /proc/1/fd/1');
    await docker('exec', printer, 'sh', '-c', 'echo from-printer-live > /proc/1/fd/1');
    await waitFor(() => got.lines.some((l) => l.source === 0 && l.text.endsWith('from-printer-live')), 3000, 'printer line');
    await waitFor(() => got.lines.some((l) => l.source === 1 && l.text.includes('from-tty-live')), 3000, 'tty line');
    // Stopping one container ends its source, the channel stays open for the other.
    await docker('kill', tty);
    await waitFor(() => got.ended.includes(1), 5000, 'source-ended');
    expect(got.error).toBeUndefined();
    got.close();
  });

  it('pauses the engine stream while the client does not ack, then delivers every line', async () => {
    const n = 200_000;
    const big = await docker('run', '-d', '--label', h.label, BUSYBOX, 'sh', '-c', `seq 1 ${n}; exec sleep 3600`);
    for (let i = 0; i < 200 && !(await docker('logs', '--tail', '1', big)).includes(String(n)); i++) await new Promise((r) => setTimeout(r, 50));
    const held: Array<() => void> = [];
    let bytes = 0;
    let lines = 0;
    let last = '';
    let ended = false;
    const decoder = new TextDecoder();
    h.client.open('logs.stream', { ids: [big], tail: 'all', follow: false }, {
      manualAck: true,
      onEvent(ev, b, done) {
        if (ev.type === 'lines') {
          bytes += b!.byteLength;
          lines += ev.count;
          const t = decoder.decode(b).trimEnd();
          last = t.slice(t.lastIndexOf('\n') + 1);
        }
        held.push(done);
      },
      onEnd: () => (ended = true),
    });
    await new Promise((r) => setTimeout(r, 1500));
    // Far less than the whole log (~6 MB with timestamps) is in flight: the producer paused.
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(1_000_000);
    expect(lines).toBeLessThan(n);
    const pump = setInterval(() => held.splice(0).forEach((d) => d()), 5);
    await waitFor(() => ended, 30_000, 'the end of the log');
    clearInterval(pump);
    expect(lines).toBe(n);
    expect(strip(last)).toBe(String(n));
  });

  it('an unknown container is a not-found error on its field', async () => {
    const got = collect({ ids: [printer, 'berth-no-such-container-xyz'], follow: false });
    await got.done;
    expect(got.error?.code).toBe('not-found');
    expect(got.error?.field).toBe('ids.1');
  });
});

describe('logs.download', () => {
  it('streams the whole log as plain text, the same as docker logs, and records the download', async () => {
    const link = await h.client.call('logs.download', { id: printer });
    expect(link.url).toMatch(/^\/api\/download\/[\w-]+$/);
    expect(link.filename).toMatch(/^berth-logs-printer-\d+-.*\.log$/);
    const source = h.services.downloads.take(link.url.split('/').pop()!);
    const stream = await source.open(new AbortController().signal);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const lines = text.split('\n');
    expect(lines).toContain('\u001b[31mred\u001b[0m plain');
    expect(lines).toContain('x'.repeat(1_000_000));
    expect(lines).toContain('to stderr');
    const sh = (cmd: string) =>
      new Promise<string>((resolve, reject) => execFile('sh', ['-c', cmd], { maxBuffer: 64 << 20 }, (e, out) => (e ? reject(e) : resolve(out))));
    // The docker CLI writes stdout and stderr to two fds (and can interleave them mid-line), so compare each apart.
    const out = await sh(`docker logs ${printer} 2>/dev/null`);
    const err = await sh(`docker logs ${printer} 2>&1 >/dev/null`);
    expect(Buffer.byteLength(text)).toBe(Buffer.byteLength(out) + Buffer.byteLength(err));
    const ours = new Set(lines);
    for (const l of [...out.split('\n'), ...err.split('\n')]) expect(ours.has(l)).toBe(true);
    expect(lines).toContain('line 4');
    await new Promise((r) => setTimeout(r, 20));
    const activity = await h.client.call('activity.list', { action: 'logs.download' });
    expect(activity.entries[0]).toMatchObject({ action: 'logs.download', outcome: 'ok', target: { id: printer } });
    expect(activity.entries[0]!.params?.bytes).toBe(Buffer.byteLength(text));
  });
});

describe('inspect.raw', () => {
  it('returns the engine inspect document as it is', async () => {
    const raw = await h.client.call('inspect.raw', { id: printer });
    expect(raw.Id).toBe(printer);
    expect(JSON.stringify(raw)).toBe(JSON.stringify(JSON.parse(await docker('inspect', printer))[0]));
  });
  it('an unknown container is not-found', async () => {
    await expect(h.client.call('inspect.raw', { id: 'berth-no-such-xyz' })).rejects.toMatchObject({ code: 'not-found' });
  });
});
