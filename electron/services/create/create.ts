import type Docker from 'dockerode';
import { existsSync, mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateResult, CreateSpec } from '../../../shared/contract/create';
import { BerthError } from '../../../shared/contract/errors';
import { withField } from '../../../shared/create/engine-errors';
import { defaultWorkspacePath, specToCreateRequest } from '../../../shared/create/request';
import { checkSpec } from './checks';
import type { CreateDeps } from './deps';
import { heldBinds, judgeSpec } from './policy';
import { redactSpec } from './redact';

export type CreatePhase = 'creating' | 'starting';

export function workspacesRoot(dataDir: string): string {
  return join(dataDir, 'workspaces');
}

/** The workspace folder a spec asks for, or undefined when it has none. */
export function resolveWorkspace(dataDir: string, spec: CreateSpec, name: string | undefined): string | undefined {
  if (!spec.workspace) return undefined;
  if (spec.workspace.hostPath) return spec.workspace.hostPath;
  if (!name) throw new BerthError('invalid-input', 'The workspace folder is named after the container: give it a name', { field: 'name' });
  return defaultWorkspacePath(workspacesRoot(dataDir), name);
}

/** Makes the folder; returns true when it made it (so a failed create can take it back). */
export function ensureWorkspace(path: string): boolean {
  if (existsSync(path)) return false;
  mkdirSync(path, { recursive: true, mode: 0o755 });
  return true;
}

function removeIfEmpty(path: string): void {
  try {
    if (readdirSync(path).length === 0) rmdirSync(path);
  } catch {
    // Left in place: an empty folder is harmless and never holds user files.
  }
}

/** The first field error as the thrown error, with all of them in details for the form. */
export function firstError(errors: Array<{ code: BerthError['code']; message: string; field?: string }>): BerthError {
  const e = errors[0]!;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  return new BerthError(e.code, e.message + more, { field: e.field, details: { errors } });
}

/**
 * The host's policy, applied with links on disk followed. Every path that asks
 * the engine for a container calls this first, before anything is made on
 * disk, whether or not the other checks ran: a hostile client skips the wizard.
 */
export async function assertAllowed(deps: CreateDeps, spec: CreateSpec, workspaceHostPath: string | undefined, opts: { replacing?: string } = {}): Promise<void> {
  const held = deps.createPolicy.bindRoots ? await heldBinds(deps.engine, opts.replacing) : undefined;
  const { errors } = judgeSpec(deps.createPolicy, spec, { workspacesRoot: workspacesRoot(deps.dataDir), workspaceHostPath, held });
  if (errors.length) throw firstError(errors);
}

const createQueues = new WeakMap<object, Promise<unknown>>();

/**
 * Runs the policy check and the engine's create one at a time per engine, so
 * two creates cannot each pass the nesting rule against a list without the
 * other. Starts stay outside: they are the slow part.
 */
export function oneAtATime<T>(engine: object, fn: () => Promise<T>): Promise<T> {
  const prev = createQueues.get(engine) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  createQueues.set(engine, run.catch(() => undefined));
  return run;
}

export async function removeQuietly(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true });
  } catch {
    // Already gone, or the engine will say so on the next list.
  }
}

/**
 * Creates (and by default starts) one container: checks first, so the engine
 * is only asked for what it will accept; a failed start removes what was made,
 * so the user can fix the field and try again under the same name.
 */
export async function createContainer(
  deps: CreateDeps,
  spec: CreateSpec,
  opts: { onPhase?: (p: CreatePhase, id?: string) => void; skipChecks?: boolean } = {},
): Promise<CreateResult> {
  const { engine, activity, dataDir } = deps;
  return activity.track('container.create', { id: spec.name ?? '(unnamed)', name: spec.name }, redactSpec(spec), async () => {
    const workspacePath = resolveWorkspace(dataDir, spec, spec.name);
    // Refused before the engine or the disk is touched; checked again, in turn, right before the create.
    await assertAllowed(deps, spec, workspacePath);
    if (!opts.skipChecks) {
      const check = await checkSpec(engine, spec);
      if (check.errors.length) throw firstError(check.errors);
      if (!check.imagePresent) {
        throw new BerthError('image-not-found', `The image ${spec.image} is not on this machine: pull it first`, { field: 'image' });
      }
    }
    const docker = engine.client();
    const madeWorkspace = workspacePath ? ensureWorkspace(workspacePath) : false;
    let id: string | undefined;
    try {
      opts.onPhase?.('creating');
      const req = specToCreateRequest(spec, { workspaceHostPath: workspacePath });
      const container = await oneAtATime(engine, async () => {
        await assertAllowed(deps, spec, workspacePath);
        return docker.createContainer(req);
      });
      id = container.id;
      const warnings: string[] = [];
      let started = false;
      if (spec.start !== false) {
        opts.onPhase?.('starting', id);
        await container.start();
        started = true;
      }
      const info = await container.inspect();
      return { id: container.id, name: info.Name.replace(/^\//, ''), started, workspacePath, warnings };
    } catch (e) {
      if (id) await removeQuietly(docker, id);
      if (madeWorkspace && workspacePath) removeIfEmpty(workspacePath);
      const err = engine.fail(e);
      const data = withField(err.toData(), spec);
      throw new BerthError(data.code, data.message, { field: data.field, cause: e });
    }
  });
}
