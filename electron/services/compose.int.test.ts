import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerCli, removeLabelled, TEST_IMAGE, until } from './testing/docker-cli';
import { createServices } from './index';

const dataDir = mkdtempSync(join(tmpdir(), 'berth-compose-'));
afterAll(async () => {
  await removeLabelled('compose');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the composition root', () => {
  it('builds every long-lived service once, and on dispose ends jobs while the engine still answers', async () => {
    const services = createServices({ dataDir });
    try {
      expect(await services.engine.waitConnected(10_000)).toBe(true);
      // One of each, built up front: the same objects whoever asks.
      expect(services.statsHub).toBe(services.statsHub);
      expect(services.templates.list().some((t) => t.builtin)).toBe(true);
      const id = await dockerCli(['run', '-d', '--label', 'berth.test=compose', TEST_IMAGE, 'sleep', '3600']);
      const [job] = await services.jobs.start({ containers: [id], script: 'sleep 611' });
      expect(job?.state).toBe('running');
      await until(() => dockerCli(['top', id, '-o', 'pid,args']), (t) => t.includes('sleep 611'));
    } finally {
      await services.dispose();
    }
    // The job's process was killed through the engine: had the engine stopped first, it would still run.
    const [id] = (await dockerCli(['ps', '-q', '--no-trunc', '--filter', 'label=berth.test=compose'])).split('\n');
    const top = await until(() => dockerCli(['top', id!, '-o', 'pid,args']), (t) => !t.includes('sleep 611'), 5_000).catch(() => dockerCli(['top', id!, '-o', 'pid,args']));
    expect(top).not.toContain('sleep 611');
  });
});
