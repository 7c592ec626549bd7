/**
 * Create, edit and batch create (issue 3), beside the docker CLI in the same run:
 * - one container created and started: Berth's service (pre-checks + create +
 *   start) vs `docker run -d`, p50/p90 of 10 each;
 * - the pre-submit check alone (names, host ports bound on this machine, networks);
 * - a live limit change: Berth's edit (inspect, diff, update) vs `docker update`;
 * - batch of 20 from YAML: Berth (validate all, then 3 at a time) vs 20
 *   sequential `docker run -d`, and vs 3 parallel CLI runs.
 * Prints figures and ratios; asserts nothing.
 */
import { CreateQueue } from '../electron/services/create/queue';
import { TemplateStore } from '../electron/services/create/templates';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BatchEvent, CreateSpec } from '../shared/contract/create';
import { ActivityLog } from '../electron/services/activity/log';
import { Engine } from '../electron/services/engine/engine';
import { runBatch } from '../electron/services/create/batch';
import { checkSpec } from '../electron/services/create/checks';
import { createContainer, workspacesRoot } from '../electron/services/create/create';
import { buildCreatePolicy } from '../electron/services/create/policy';
import { applyEdit } from '../electron/services/create/edit';

const run = promisify(execFile);
const docker = async (...args: string[]) => (await run('docker', args)).stdout.trim();
const IMAGE = 'berth-test/busybox:latest';
const LABEL = 'berth.bench=create';
const tag = Date.now().toString(36);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

async function cleanup(): Promise<void> {
  const ids = (await docker('ps', '-aq', '--filter', `label=${LABEL}`)).split('\n').filter(Boolean);
  if (ids.length) await docker('rm', '-f', ...ids);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-bench-create-'));
  const engine = new Engine();
  engine.start();
  while (engine.status.state !== 'connected') await new Promise((r) => setTimeout(r, 50));
  const createPolicy = buildCreatePolicy({}, { workspacesRoot: workspacesRoot(dataDir) });
  const deps = { engine, activity: new ActivityLog(join(dataDir, 'activity.jsonl')), dataDir, createPolicy, createQueue: new CreateQueue(), templates: new TemplateStore(join(dataDir, 'templates')) };
  const spec = (name: string): CreateSpec => ({ image: IMAGE, name, command: ['sleep', '3600'], labels: { 'berth.bench': 'create' }, resources: { cpus: 0.5, memory: '64m' }, ports: [{ containerPort: 80 }] });
  try {
    await cleanup();
    const berth: number[] = [];
    const cli: number[] = [];
    for (let i = 0; i < 10; i++) {
      berth.push(await timed(() => createContainer(deps, spec(`bench-create-${tag}-b${i}`))));
      cli.push(await timed(() => docker('run', '-d', '--name', `bench-create-${tag}-c${i}`, '--label', LABEL, '--cpus', '0.5', '-m', '64m', '-p', '80', IMAGE, 'sleep', '3600')));
    }
    console.log('create + start one container (10 each, interleaved)');
    console.log(`  Berth service   p50 ${ms(pct(berth, 50))}  p90 ${ms(pct(berth, 90))}`);
    console.log(`  docker run -d   p50 ${ms(pct(cli, 50))}  p90 ${ms(pct(cli, 90))}`);
    console.log(`  ratio (p50)     ${ratio(pct(berth, 50), pct(cli, 50))}`);

    const checks: number[] = [];
    for (let i = 0; i < 10; i++) checks.push(await timed(() => checkSpec(engine, { ...spec(`bench-create-${tag}-chk`), ports: [{ hostPort: 30000 + i, containerPort: 80 }] })));
    console.log(`pre-submit check alone       p50 ${ms(pct(checks, 50))}  (part of the Berth create figure)`);

    const live: number[] = [];
    const cliUpd: number[] = [];
    for (let i = 0; i < 5; i++) {
      const cpus = i % 2 ? 0.5 : 1;
      live.push(await timed(() => applyEdit(deps, `bench-create-${tag}-b0`, { ...spec(`bench-create-${tag}-b0`), resources: { cpus, memory: '64m' } })));
      cliUpd.push(await timed(() => docker('update', '--cpus', String(cpus), `bench-create-${tag}-c0`)));
    }
    console.log('live limit change (5 each)');
    console.log(`  Berth edit (inspect, diff, update)  p50 ${ms(pct(live, 50))}`);
    console.log(`  docker update                        p50 ${ms(pct(cliUpd, 50))}`);
    console.log(`  ratio                                ${ratio(pct(live, 50), pct(cliUpd, 50))}`);
    await cleanup();

    const N = 20;
    const yaml = Array.from({ length: N }, (_, i) => `- { image: ${IMAGE}, name: bench-batch-${tag}-${i}, command: sleep 3600, labels: { berth.bench: create } }`).join('\n');
    let created = 0;
    const tBatch = await timed(() =>
      runBatch(deps, { text: yaml, concurrency: 3 }, (e: BatchEvent) => {
        if (e.type === 'done') created = e.created;
      }, new AbortController().signal),
    );
    await cleanup();
    const tSeq = await timed(async () => {
      for (let i = 0; i < N; i++) await docker('run', '-d', '--name', `bench-seq-${tag}-${i}`, '--label', LABEL, IMAGE, 'sleep', '3600');
    });
    await cleanup();
    let next = 0;
    const tPar = await timed(() =>
      Promise.all(Array.from({ length: 3 }, async () => {
        while (next < N) {
          const i = next++;
          await docker('run', '-d', '--name', `bench-par-${tag}-${i}`, '--label', LABEL, IMAGE, 'sleep', '3600');
        }
      })),
    );
    console.log(`batch of ${N} (created ${created})`);
    console.log(`  Berth batch (validate all, 3 at a time)  ${ms(tBatch)}`);
    console.log(`  docker run -d, sequential                ${ms(tSeq)}   ratio ${ratio(tBatch, tSeq)}`);
    console.log(`  docker run -d, 3 in parallel             ${ms(tPar)}   ratio ${ratio(tBatch, tPar)}`);
  } finally {
    await cleanup();
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
