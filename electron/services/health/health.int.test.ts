import { mkdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX, docker, harness } from '../logs/int.testkit';

type H = Awaited<ReturnType<typeof harness>>;
let h: H;
beforeAll(async () => {
  h = await harness('health');
});
afterAll(() => h?.dispose());

describe('health', () => {
  it('reports engine version, API version and when the engine started', async () => {
    const e = await h.client.call('health.engine', {});
    expect(e.version).toBe(await docker('version', '-f', '{{.Server.Version}}'));
    expect(e.apiVersion).toBe(await docker('version', '-f', '{{.Server.APIVersion}}'));
    expect(e.startedAt).not.toBeNull();
    expect(e.startedAt!).toBeLessThan(Date.now());
    expect(e.startedAt!).toBeGreaterThan(Date.now() - 30 * 24 * 3600 * 1000);
  });

  it('sums disk usage per category from /system/df', async () => {
    const d = await h.client.call('health.disk', {});
    expect(d.images.count).toBeGreaterThanOrEqual(2);
    expect(d.images.size).toBeGreaterThan(1_000_000);
    expect(d.containers.count).toBeGreaterThanOrEqual(0);
    expect(d.volumes.size).toBeGreaterThanOrEqual(0);
  });

  it('doctor finds orphan workspaces and stopped containers; cleaning touches only what is still orphan/stopped', async () => {
    const ws = join(h.services.dataDir, 'workspaces');
    const used = join(ws, 'used');
    const orphan = join(ws, 'orphan');
    mkdirSync(used, { recursive: true });
    mkdirSync(orphan, { recursive: true });
    writeFileSync(join(orphan, 'f.txt'), 'x');
    const user = await docker('create', '--label', h.label, '--label', `berth.workspace=${used}`, BUSYBOX, 'sleep', '3600');
    const running = await docker('run', '-d', '--label', h.label, BUSYBOX, 'sleep', '3600');
    const report = await h.client.call('health.doctor', {});
    expect(report.workspaces.find((w) => w.name === 'used')).toMatchObject({ orphan: false, containers: [{ id: user }] });
    expect(report.workspaces.find((w) => w.name === 'orphan')).toMatchObject({ orphan: true, containers: [] });
    expect(report.stopped.map((s) => s.id)).toContain(user);
    expect(report.stopped.map((s) => s.id)).not.toContain(running);

    const cleaned = await h.client.call('health.cleanWorkspaces', { paths: [orphan, used, '/etc'] });
    expect(cleaned.map((r) => r.ok)).toEqual([true, false, false]);
    expect(cleaned[1]!.error).toMatchObject({ code: 'conflict', field: 'paths.1' });
    expect(cleaned[2]!.error).toMatchObject({ code: 'invalid-input', field: 'paths.2' });
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(used)).toBe(true);

    const pruned = await h.client.call('health.pruneContainers', { ids: [user, running] });
    expect(pruned[0]).toMatchObject({ ok: true });
    expect(pruned[1]).toMatchObject({ ok: false, error: { code: 'wrong-state' } });
    expect(await docker('ps', '-aq', '--filter', `id=${user}`)).toBe('');
    expect(await docker('ps', '-q', '--filter', `id=${running}`)).not.toBe('');
    const acts = await h.client.call('activity.list', {});
    // What the doctor leaves alone (no longer stopped, still in use, not a workspace) it refused: nothing changed.
    expect(acts.entries.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'container.prune:refused',
      'container.prune:ok',
      'workspace.delete:refused',
      'workspace.delete:refused',
      'workspace.delete:ok',
    ]);
  });

});
