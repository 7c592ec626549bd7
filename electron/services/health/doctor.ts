import { existsSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { WORKSPACE_LABEL } from '../../../shared/contract/labels';
import { BerthError } from '../../../shared/contract/errors';
import type { CleanResult, DoctorReport, StoppedContainer } from '../../../shared/contract/health';
import type { Services } from '../index';

const STOPPED = new Set(['exited', 'created', 'dead']);

export function workspacesDir(dataDir: string): string {
  return join(dataDir, 'workspaces');
}

function canonical(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/**
 * Cross-references Berth's workspace folders with the containers that name
 * them (label berth.workspace), and lists stopped containers: the report the
 * user reviews before anything is deleted.
 */
export async function doctor(services: Pick<Services, 'engine' | 'dataDir'>): Promise<DoctorReport> {
  const dir = workspacesDir(services.dataDir);
  let list;
  try {
    list = await services.engine.port.listContainers();
  } catch (e) {
    throw services.engine.fail(e);
  }
  const byPath = new Map<string, Array<{ id: string; name: string }>>();
  const missing: DoctorReport['missingWorkspaces'] = [];
  for (const c of list) {
    const ws = c.Labels?.[WORKSPACE_LABEL];
    if (!ws) continue;
    const who = { id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, '') };
    const key = canonical(ws);
    byPath.set(key, [...(byPath.get(key) ?? []), who]);
    if (!existsSync(ws)) missing.push({ path: ws, container: who });
  }
  const workspaces: DoctorReport['workspaces'] = [];
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      try {
        if (!statSync(path).isDirectory()) continue;
      } catch {
        continue;
      }
      const containers = byPath.get(canonical(path)) ?? [];
      workspaces.push({ path, name, containers, orphan: containers.length === 0 });
    }
  }
  const stopped: StoppedContainer[] = list
    .filter((c) => STOPPED.has(c.State))
    .map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''), image: c.Image, state: c.State, status: c.Status }));
  return { workspacesDir: dir, workspaces, missingWorkspaces: missing, stopped };
}

/** Deletes workspace folders the user chose, each only if it is directly under the workspaces folder and still an orphan. */
export async function cleanWorkspaces(services: Pick<Services, 'engine' | 'dataDir' | 'activity'>, paths: string[]): Promise<CleanResult[]> {
  const report = await doctor(services);
  const root = canonical(workspacesDir(services.dataDir));
  const results: CleanResult[] = [];
  for (const [i, p] of paths.entries()) {
    const field = `paths.${i}`;
    try {
      await services.activity.track('workspace.delete', undefined, { path: p }, async () => {
        const real = canonical(p);
        if (!real.startsWith(root + sep) || real.slice(root.length + 1).includes(sep)) {
          throw new BerthError('invalid-input', `${p} is not a workspace folder of Berth`, { field });
        }
        const ws = report.workspaces.find((w) => canonical(w.path) === real);
        if (!ws) throw new BerthError('not-found', `${p} no longer exists`, { field });
        if (!ws.orphan) {
          throw new BerthError('conflict', `${p} is used by ${ws.containers.map((c) => c.name).join(', ')}`, { field });
        }
        rmSync(real, { recursive: true, force: true });
      });
      results.push({ item: p, ok: true });
    } catch (e) {
      results.push({ item: p, ok: false, error: services.engine.fail(e).toData() });
    }
  }
  return results;
}

/** Removes exactly the listed containers, each only if it is still stopped: nothing the user did not see is removed. */
export async function pruneContainers(services: Pick<Services, 'engine' | 'activity'>, ids: string[]): Promise<CleanResult[]> {
  const results: CleanResult[] = [];
  // Sequential: removal is quick, and on two cores parallel removal buys little.
  for (const [i, id] of ids.entries()) {
    try {
      const port = services.engine.port;
      const info = await port.inspectContainer(id).catch((e: unknown) => {
        throw services.engine.fail(e);
      });
      const name = info.Name.replace(/^\//, '');
      await services.activity.track('container.prune', { id: info.Id, name }, { state: info.State.Status }, async () => {
        if (!STOPPED.has(info.State.Status)) {
          throw new BerthError('wrong-state', `${name} is ${info.State.Status}, not stopped: left alone`, { field: `ids.${i}` });
        }
        try {
          await port.removeContainer(id, { volumes: false });
        } catch (e) {
          throw services.engine.fail(e);
        }
      });
      results.push({ item: id, ok: true });
    } catch (e) {
      results.push({ item: id, ok: false, error: services.engine.fail(e).toData() });
    }
  }
  return results;
}
