import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateResult, CreateSpec } from '../../../shared/contract/create';
import { BerthError } from '../../../shared/contract/errors';
import { OPERATION_LABEL } from '../../../shared/contract/labels';
import { withField } from '../../../shared/create/engine-errors';
import { defaultWorkspacePath, specToCreateRequest } from '../../../shared/create/request';
import type { EnginePort } from '../engine/port';
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


export async function removeQuietly(port: EnginePort, id: string): Promise<void> {
  try {
    await port.removeContainer(id, { force: true });
  } catch {
    // Already gone, or the engine will say so on the next list.
  }
}

/** Why 10 s: the engine reconnects within a second when it is back; longer than that, the user is better told now. */
const RECONNECT_WAIT_MS = 10_000;

/** Errors after which the engine may or may not have done what was asked. */
function ambiguous(err: BerthError): boolean {
  return err.code === 'engine-unreachable' || err.code === 'timeout';
}

/** The container a create operation made, if any (found by its label). */
export async function findOperation(port: EnginePort, operationId: string): Promise<string | undefined> {
  const found = await port.listContainers({ labels: [`${OPERATION_LABEL}=${operationId}`] });
  return found[0]?.Id;
}

/**
 * Creates (and by default starts) one container: checks first, so the engine
 * is only asked for what it will accept; a failed start removes what was made,
 * so the user can fix the field and try again under the same name.
 *
 * Idempotent per operation id: the container carries it as a label; a create
 * whose answer was lost is looked up by it before any failure is reported,
 * and a retry with the same id returns (and starts) the container the first
 * try made instead of failing "name in use".
 */
export async function createContainer(
  deps: CreateDeps,
  spec: CreateSpec,
  opts: {
    onPhase?: (p: CreatePhase, id?: string) => void;
    skipChecks?: boolean;
    operationId?: string;
    /** How long an ambiguous failure waits for the engine to be back before it is reported. */
    reconnectWaitMs?: number;
  } = {},
): Promise<CreateResult> {
  const { engine, activity, dataDir } = deps;
  const operationId = opts.operationId ?? randomUUID();
  return activity.track('container.create', { id: spec.name ?? '(unnamed)', name: spec.name }, { ...redactSpec(spec), operationId }, async () => {
    const workspacePath = resolveWorkspace(dataDir, spec, spec.name);
    const earlier = await findOperation(engine.port, operationId).catch((e) => {
      throw engine.fail(e);
    });
    if (earlier) return finish(deps, spec, earlier, workspacePath, opts);
    // Refused before the engine is asked to make anything or the disk is touched; checked again, in turn, right before the create.
    await assertAllowed(deps, spec, workspacePath);
    if (!opts.skipChecks) {
      const check = await checkSpec(engine, spec);
      if (check.errors.length) throw firstError(check.errors);
      if (!check.imagePresent) {
        throw new BerthError('image-not-found', `The image ${spec.image} is not on this machine: pull it first`, { field: 'image' });
      }
    }
    const port = engine.port;
    const madeWorkspace = workspacePath ? ensureWorkspace(workspacePath) : false;
    let id: string;
    try {
      opts.onPhase?.('creating');
      const req = specToCreateRequest(spec, { workspaceHostPath: workspacePath });
      req.Labels[OPERATION_LABEL] = operationId;
      const container = await deps.createQueue.run(async () => {
        await assertAllowed(deps, spec, workspacePath);
        return port.createContainer(req);
      });
      id = container.id;
    } catch (e) {
      const err = engine.fail(e);
      const made = ambiguous(err) ? await lookUpAfterLoss(deps, operationId, opts.reconnectWaitMs ?? RECONNECT_WAIT_MS) : undefined;
      if (made === undefined || made === null) {
        // Unknown when the engine cannot be asked, or when it timed out (it may still be creating it).
        const unknown = made === null || err.code === 'timeout';
        if (madeWorkspace && workspacePath && !unknown) removeIfEmpty(workspacePath);
        if (unknown) {
          throw new BerthError(
            err.code,
            `${err.message} The container may have been created: trying again picks it up if it was, and makes no second one.`,
            { cause: e, details: { operationId } },
          );
        }
        const data = withField(err.toData(), spec);
        throw new BerthError(data.code, data.message, { field: data.field, cause: e });
      }
      id = made;
    }
    return finish(deps, spec, id, workspacePath, opts, madeWorkspace);
  });
}

/**
 * After an ambiguous failure: the container the operation made, undefined
 * when the engine answers that there is none, null when it cannot be asked.
 */
async function lookUpAfterLoss(deps: CreateDeps, operationId: string, waitMs: number): Promise<string | undefined | null> {
  if (!(await deps.engine.waitConnected(waitMs))) return null;
  try {
    return await findOperation(deps.engine.port, operationId);
  } catch {
    return null;
  }
}

/** Starts (when asked) the container the operation made, and reports it. */
async function finish(
  deps: CreateDeps,
  spec: CreateSpec,
  id: string,
  workspacePath: string | undefined,
  opts: { onPhase?: (p: CreatePhase, id?: string) => void },
  madeWorkspace = false,
): Promise<CreateResult> {
  const { engine } = deps;
  const port = engine.port;
  try {
    let info = await port.inspectContainer(id);
    let started = info.State.Running || info.State.Restarting;
    // A container that already ran (and stopped) is not started again behind the user's back.
    const neverStarted = info.State.Status === 'created' && !info.State.Error;
    if (spec.start !== false && !started && neverStarted) {
      opts.onPhase?.('starting', id);
      await port.startContainer(id);
      started = true;
      info = await port.inspectContainer(id);
    }
    return { id, name: info.Name.replace(/^\//, ''), started, workspacePath, warnings: [] };
  } catch (e) {
    const err = engine.fail(e);
    if (ambiguous(err)) {
      // It exists: leave it, so a retry with the same operation id finds it and finishes.
      throw new BerthError(err.code, `${err.message} The container was created; trying again starts it if it did not start.`, {
        cause: e,
        details: { id },
      });
    }
    await removeQuietly(port, id);
    if (madeWorkspace && workspacePath) removeIfEmpty(workspacePath);
    const data = withField(err.toData(), spec);
    throw new BerthError(data.code, data.message, { field: data.field, cause: e });
  }
}
