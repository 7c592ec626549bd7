import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BerthError } from '../../../shared/contract/errors';
import { ActivityLog } from './log';
import { readActivity } from './reader';
import { REDACTED, redact } from './redact';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'berth-activity-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('redact', () => {
  it('keeps env names and drops env values', () => {
    expect(redact({ env: ['A=1', 'DB_PASSWORD=hunter2', 'NOVALUE'] })).toEqual({
      env: [`A=${REDACTED}`, `DB_PASSWORD=${REDACTED}`, 'NOVALUE'],
    });
    expect(redact({ Env: { TOKEN: 'x', PATH: '/bin' } })).toEqual({ Env: { TOKEN: REDACTED, PATH: REDACTED } });
  });

  it('replaces values under secret-looking keys at any depth', () => {
    const out = redact({ auth: { username: 'me', password: 'pw' }, nested: [{ apiKey: 'k', name: 'web' }] });
    expect(out).toEqual({ auth: REDACTED, nested: [{ apiKey: REDACTED, name: 'web' }] });
  });

  it('replaces token-like strings and inline secrets in free text', () => {
    const out = redact({
      command: 'curl -H "Authorization: Bearer abcdefghijklmnop" --password=s3cret https://x',
      note: 'key ghp_abcdefghijklmnopqrstuvwxyz0123 here',
    }) as Record<string, string>;
    expect(out.command).not.toContain('abcdefghijklmnop');
    expect(out.command).not.toContain('s3cret');
    expect(out.command).toContain('https://x');
    expect(out.note).toBe(`key ${REDACTED} here`);
  });

  it('redacts the values of a diff entry about env or a secret field', () => {
    expect(redact({ changes: [{ field: 'env', from: ['A=1'], to: ['A=2', 'B=3'] }, { field: 'memory', from: 1, to: 2 }, { field: 'registryPassword', from: 'x', to: 'y' }] })).toEqual({
      changes: [
        { field: 'env', from: [`A=${REDACTED}`], to: [`A=${REDACTED}`, `B=${REDACTED}`] },
        { field: 'memory', from: 1, to: 2 },
        { field: 'registryPassword', from: REDACTED, to: REDACTED },
      ],
    });
  });

  it('keeps ordinary values', () => {
    expect(redact({ name: 'web', ports: [80], force: true, path: '/app/a.txt', size: 12 })).toEqual({
      name: 'web',
      ports: [80],
      force: true,
      path: '/app/a.txt',
      size: 12,
    });
  });
});

describe('ActivityLog', () => {
  it('stamps the engine and names a target looked up alongside the action (a removed container still gets its name)', async () => {
    const log = new ActivityLog(join(tmp(), 'activity.jsonl'), { engine: 'unix:///var/run/docker.sock' });
    const known = new Map([['abc', 'web']]);
    log.useNames(async (ref) => known.get(ref));
    await log.track('container.remove', { id: 'abc' }, {}, async () => void known.delete('abc'));
    await log.track('container.start', { id: 'gone' }, {}, async () => 'x');
    log.useNames(async () => {
      throw new Error('engine down');
    });
    await log.track('container.stop', { id: 'abc' }, {}, async () => 'x', { judge: () => ({ outcome: 'error', error: 'Exited with code 2' }) });
    const lines = readFileSync(log.file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.target)).toEqual([
      { id: 'abc', name: 'web', engine: 'unix:///var/run/docker.sock' },
      { id: 'gone', engine: 'unix:///var/run/docker.sock' },
      { id: 'abc', engine: 'unix:///var/run/docker.sock' },
    ]);
    expect(lines[2]).toMatchObject({ outcome: 'error', error: 'Exited with code 2' });
  });

  it('keeps the engine text as details when the error is put in words, and details are redacted too', async () => {
    const log = new ActivityLog(join(tmp(), 'activity.jsonl'));
    const raw = 'Get "https://x.invalid/v2/?token=ghp_abcdefghijklmnopqrstuvwxyz012345": dial tcp: lookup x.invalid on 10.0.0.1:53: no such host';
    await expect(log.track('image.pull', { id: 'x.invalid/a:b', name: 'x.invalid/a:b' }, {}, async () => Promise.reject(new Error(raw)))).rejects.toThrow();
    const [line] = readFileSync(log.file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(line.error).toMatch(/registry host “x.invalid” could not be found/);
    expect(line.details).toContain('no such host');
    expect(line.details).not.toContain('ghp_');
  });

  it('track writes one redacted line per action with outcome and duration, ok and failed', async () => {
    const log = new ActivityLog(join(tmp(), 'activity.jsonl'));
    await log.track('container.create', { id: 'abc', name: 'web' }, { env: ['SECRET=1'] }, async () => 'done');
    await expect(
      log.track('container.start', { id: 'abc' }, {}, async () => {
        throw new BerthError('internal', 'the disk is full');
      }),
    ).rejects.toThrow('the disk is full');
    await expect(
      log.track('upload', { id: 'abc' }, {}, async () => {
        throw new BerthError('cancelled', 'Cancelled');
      }),
    ).rejects.toThrow();
    const lines = readFileSync(log.file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ action: 'container.create', target: { id: 'abc', name: 'web' }, outcome: 'ok', params: { env: [`SECRET=${REDACTED}`] } });
    expect(typeof lines[0].durationMs).toBe('number');
    expect(lines[1]).toMatchObject({ action: 'container.start', outcome: 'error', error: 'the disk is full' });
    expect(lines[2]).toMatchObject({ outcome: 'cancelled' });
  });

  it('tells listeners about each append', () => {
    const log = new ActivityLog(join(tmp(), 'activity.jsonl'));
    const seen: string[] = [];
    const off = log.onAppend((r) => seen.push(r.action));
    log.record({ action: 'a', outcome: 'ok' });
    off();
    log.record({ action: 'b', outcome: 'ok' });
    expect(seen).toEqual(['a']);
  });

  it('rotates at the size limit and keeps only a few files', async () => {
    const dir = tmp();
    const log = new ActivityLog(join(dir, 'activity.jsonl'), { maxBytes: 1000, keep: 2 });
    for (let i = 0; i < 60; i++) log.record({ action: `act-${i}`, outcome: 'ok', params: { i } });
    expect(existsSync(join(dir, 'activity.1.jsonl'))).toBe(true);
    expect(existsSync(join(dir, 'activity.2.jsonl'))).toBe(true);
    expect(existsSync(join(dir, 'activity.3.jsonl'))).toBe(false);
    for (const f of log.files()) expect(readFileSync(f).byteLength).toBeLessThanOrEqual(1000);
    const all = await readActivity(log.files(), {}, 10_000);
    // Newest first, contiguous up to the last action: rotation lost only the oldest.
    expect(all.entries[0]!.action).toBe('act-59');
    const nums = all.entries.map((e) => Number(e.action.slice(4)));
    expect(nums).toEqual([...nums].sort((a, b) => b - a));
    expect(nums[nums.length - 1]! + nums.length - 1).toBe(59);
    expect(all.skipped).toBe(0);
  });

  it('a truncated last line (crash mid-write) is skipped, and the next record starts clean', async () => {
    const file = join(tmp(), 'activity.jsonl');
    const first = new ActivityLog(file);
    first.record({ action: 'before', outcome: 'ok' });
    appendFileSync(file, '{"ts":"2024-01-01T00:00:00.000Z","action":"cut sh');
    const reopened = new ActivityLog(file);
    reopened.record({ action: 'after', outcome: 'ok' });
    const list = await readActivity(reopened.files(), {}, 100);
    expect(list.entries.map((e) => e.action)).toEqual(['after', 'before']);
    expect(list.skipped).toBe(1);
  });

  it('reader filters by container, action, outcome and time, newest first, with a limit', async () => {
    const file = join(tmp(), 'activity.jsonl');
    const rows = [
      { ts: '2024-01-01T00:00:00.000Z', action: 'container.start', target: { id: 'aaa111', name: 'web' }, outcome: 'ok' },
      { ts: '2024-01-02T00:00:00.000Z', action: 'container.stop', target: { id: 'bbb222', name: 'db' }, outcome: 'error', error: 'x' },
      { ts: '2024-01-03T00:00:00.000Z', action: 'exec.open', target: { id: 'aaa111', name: 'web' }, outcome: 'ok' },
      { ts: '2024-01-04T00:00:00.000Z', action: 'container.start', target: { id: 'bbb222', name: 'db' }, outcome: 'ok' },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\nnot json\n');
    const files = [file];
    expect((await readActivity(files, { container: 'web' }, 100)).entries.map((e) => e.action)).toEqual(['exec.open', 'container.start']);
    expect((await readActivity(files, { container: 'bbb' }, 100)).entries).toHaveLength(2);
    expect((await readActivity(files, { action: 'start' }, 100)).entries.map((e) => e.target?.name)).toEqual(['db', 'web']);
    expect((await readActivity(files, { outcome: 'error' }, 100)).entries.map((e) => e.action)).toEqual(['container.stop']);
    expect((await readActivity(files, { since: Date.parse('2024-01-02T00:00:00Z'), until: Date.parse('2024-01-03T00:00:00Z') }, 100)).entries).toHaveLength(2);
    const limited = await readActivity(files, {}, 2);
    expect(limited.entries.map((e) => e.ts.slice(0, 10))).toEqual(['2024-01-04', '2024-01-03']);
    expect(limited.truncated).toBe(true);
    expect(limited.skipped).toBe(1);
  });
});
