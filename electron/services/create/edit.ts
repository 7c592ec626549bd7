import { randomBytes } from 'node:crypto';
import type { CreateSpec, EditEvent, EditPlan, EditResult, RecreateStep, RecreateStepState } from '../../../shared/contract/create';
import { BerthError, errorMessage } from '../../../shared/contract/errors';
import { planEdit } from '../../../shared/create/diff';
import { withField } from '../../../shared/create/engine-errors';
import { specFromInspect, type ImageConfigLike } from '../../../shared/create/from-inspect';
import { parseMemory } from '../../../shared/create/memory';
import { specToCreateRequest, toNanoCpus } from '../../../shared/create/request';
import type { ContainerUpdate, EnginePort } from '../engine/port';
import { checkSpec } from './checks';
import { assertAllowed, ensureWorkspace, firstError, removeQuietly, resolveWorkspace } from './create';
import type { CreateDeps } from './deps';
import { redactSpec } from './redact';

/** Why: a new container that dies at once (bad command, missing file) does so within this; waiting longer only slows every edit. */
export const SETTLE_MS = 1_000;
/** Seconds the old container gets to stop before it is killed; busybox-like PID 1s ignore SIGTERM. */
export const STOP_TIMEOUT_S = 10;

export interface CurrentState {
  id: string;
  name: string;
  state: string;
  spec: CreateSpec;
  memorySwap: number;
}

export async function currentSpec(port: EnginePort, ref: string): Promise<CurrentState> {
  const info = await port.inspectContainer(ref);
  let image: ImageConfigLike = {};
  try {
    image = (await port.inspectImage(info.Image)).Config ?? {};
  } catch {
    // The image may be gone (removed after create): then everything counts as chosen.
  }
  const spec = specFromInspect(info, image);
  return { id: info.Id, name: spec.name ?? info.Id.slice(0, 12), state: info.State.Status, spec, memorySwap: info.HostConfig.MemorySwap ?? 0 };
}

/** A default workspace spelled out as its folder, so "the default" and the same path compare equal. */
function withWorkspacePath(dataDir: string, spec: CreateSpec): CreateSpec {
  if (!spec.workspace || spec.workspace.hostPath) return spec;
  return { ...spec, workspace: { ...spec.workspace, hostPath: resolveWorkspace(dataDir, spec, spec.name) } };
}

export async function planFor(deps: CreateDeps, ref: string, spec: CreateSpec): Promise<EditPlan> {
  try {
    const cur = await currentSpec(deps.engine.port, ref);
    return planEdit(cur.spec, withWorkspacePath(deps.dataDir, { ...spec, name: spec.name || cur.name }), cur.state);
  } catch (e) {
    throw deps.engine.fail(e);
  }
}

/** Hears each step of an edit as it happens (the wizard ticks them off). */
export type EditReporter = (e: EditEvent) => void;

/**
 * Applies an edit: in place when the engine can (limits, restart policy,
 * name), else by replacing the container. Nothing is lost either way: a
 * replacement that fails to start is removed and the original comes back.
 */
export async function applyEdit(deps: CreateDeps, ref: string, spec: CreateSpec, report: EditReporter = () => {}): Promise<EditResult> {
  const { engine, activity } = deps;
  let cur: CurrentState;
  try {
    cur = await currentSpec(engine.port, ref);
  } catch (e) {
    throw engine.fail(e);
  }
  // The name stays unless the form changed it; an empty name field means "keep it".
  const target = withWorkspacePath(deps.dataDir, { ...spec, name: spec.name || cur.name });
  const plan = planEdit(cur.spec, target, cur.state);
  return activity.track(`container.edit.${plan.mode}`, { id: cur.id, name: cur.name }, { changes: plan.changes.map((c) => c.field), spec: redactSpec(target) }, async () => {
    if (plan.mode === 'none') {
      report({ type: 'plan', mode: 'none', steps: [] });
      return { id: cur.id, name: cur.name, mode: 'none' as const };
    }
    if (plan.mode === 'live') return applyLive(deps, cur, target, report);
    return recreate(deps, cur, target, report);
  });
}

async function applyLive(deps: CreateDeps, cur: CurrentState, spec: CreateSpec, report: EditReporter): Promise<EditResult> {
  const port = deps.engine.port;
  const check = await checkSpec(deps.engine, spec, { editingId: cur.id });
  if (check.errors.length) throw firstError(check.errors);
  report({ type: 'plan', mode: 'live', steps: [] });
  const r = spec.resources ?? {};
  const update: ContainerUpdate = {
    RestartPolicy: {
      Name: !spec.restart || spec.restart.policy === 'no' ? '' : spec.restart.policy,
      MaximumRetryCount: spec.restart?.policy === 'on-failure' ? (spec.restart.maxRetries ?? 0) : 0,
    },
    // -1 lifts the limit; 0 would mean "unchanged" to the update call.
    PidsLimit: r.pidsLimit ?? -1,
  };
  if (r.cpus !== undefined) update.NanoCpus = toNanoCpus(r.cpus);
  const memory = r.memory !== undefined ? parseMemory(r.memory) : undefined;
  if (memory !== undefined) {
    update.Memory = memory;
    // Raising memory past the current swap limit is refused unless swap moves too; keep Docker's default of twice the memory, or unlimited if it was.
    update.MemorySwap = cur.memorySwap === -1 ? -1 : memory * 2;
  }
  try {
    await port.updateContainer(cur.id, update);
    if (spec.name && spec.name !== cur.name) await port.renameContainer(cur.id, spec.name);
  } catch (e) {
    const data = withField(deps.engine.fail(e).toData(), spec);
    throw new BerthError(data.code, data.message, { field: data.field, cause: e });
  }
  return { id: cur.id, name: spec.name ?? cur.name, mode: 'live' };
}

async function waitRunning(port: EnginePort, id: string): Promise<string | undefined> {
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const s = (await port.inspectContainer(id)).State;
  if (s.Running || (s.Status === 'exited' && s.ExitCode === 0)) return undefined;
  return s.Error || `it exited with code ${s.ExitCode}${s.OOMKilled ? ' (out of memory)' : ''}`;
}

async function recreate(deps: CreateDeps, cur: CurrentState, spec: CreateSpec, report: EditReporter): Promise<EditResult> {
  const { engine, dataDir } = deps;
  const port = engine.port;
  if (cur.state === 'paused' || cur.state === 'restarting') {
    throw new BerthError('wrong-state', `${cur.name} is ${cur.state}: resume it (or let it settle) before an edit that replaces it`);
  }
  const finalName = spec.name ?? cur.name;
  // The workspace is resolved for the final name, not the temporary one, so the same folder carries over.
  const workspacePath = resolveWorkspace(dataDir, spec, finalName);
  // A replacement is a new container: the same policy as a create, even for settings the old one had.
  await assertAllowed(deps, spec, workspacePath, { replacing: cur.id });
  const check = await checkSpec(engine, spec, { editingId: cur.id });
  if (check.errors.length) throw firstError(check.errors);
  if (!check.imagePresent) throw new BerthError('image-not-found', `The image ${spec.image} is not on this machine: pull it first`, { field: 'image' });

  const steps: RecreateStep[] = ['create', 'stop', 'start', 'remove', 'rename'];
  report({ type: 'plan', mode: 'recreate', steps });
  const step = (s: RecreateStep, state: RecreateStepState, left?: string) => report({ type: 'step', step: s, state, ...(left ? { left } : {}) });

  if (workspacePath) ensureWorkspace(workspacePath);
  const tempName = `${finalName}-berth-new-${randomBytes(3).toString('hex')}`;
  const wasRunning = cur.state === 'running';
  let newId: string;
  step('create', 'running');
  try {
    const created = await deps.createQueue.run(async () => {
      await assertAllowed(deps, spec, workspacePath, { replacing: cur.id });
      return port.createContainer(specToCreateRequest({ ...spec, name: tempName }, { workspaceHostPath: workspacePath }));
    });
    newId = created.id;
  } catch (e) {
    step('create', 'failed', `Nothing was changed: ${cur.name} is as it was.`);
    const data = withField(engine.fail(e).toData(), spec);
    throw new BerthError(data.code, data.message, { field: data.field === 'name' ? undefined : data.field, cause: e });
  }
  step('create', 'done');

  if (!wasRunning) {
    // A stopped container is replaced by a stopped one: nothing to stop or start.
    step('stop', 'skipped');
    step('start', 'skipped');
  } else {
    step('stop', 'running');
    try {
      await port.stopContainer(cur.id, STOP_TIMEOUT_S);
    } catch (e) {
      const err = engine.fail(e);
      if (err.code !== 'wrong-state') {
        await removeQuietly(port, newId);
        step('stop', 'failed', `The new container was removed; ${cur.name} is as it was.`);
        throw new BerthError(err.code, `Could not stop ${cur.name} to replace it: ${err.message}. Nothing was changed.`, { cause: e });
      }
    }
    step('stop', 'done');
    step('start', 'running');
    let why: string | undefined;
    let startError: BerthError | undefined;
    try {
      await port.startContainer(newId);
      why = await waitRunning(port, newId);
    } catch (e) {
      startError = engine.fail(e);
      why = startError.message;
    }
    if (why !== undefined) {
      await removeQuietly(port, newId);
      let restarted = true;
      try {
        await port.startContainer(cur.id);
      } catch (e) {
        restarted = false;
        why += `; and restarting the original failed too: ${errorMessage(engine.fail(e))}`;
      }
      step('start', 'failed', `The new container was removed; ${restarted ? `${cur.name} was started again, as it was` : `${cur.name} is kept, stopped: start it from the list`}.`);
      const data = withField({ code: startError?.code ?? 'internal', message: why }, spec);
      throw new BerthError(
        data.code,
        `The new container did not start: ${why}. ${restarted ? `${cur.name} was restarted as it was.` : `${cur.name} is kept, stopped.`}`,
        { field: data.field, details: { rolledBack: true } },
      );
    }
    step('start', 'done');
  }

  step('remove', 'running');
  try {
    await port.removeContainer(cur.id, { force: true });
  } catch (e) {
    // The old one may still be there, stopped; the new one has all the changes: nothing to roll back to that is better.
    step('remove', 'failed', `${cur.name} could not be removed and is still there${wasRunning ? ', stopped' : ''}; the new container is ${wasRunning ? 'running' : 'created'} as ${tempName}.`);
    throw new BerthError('internal', `The new container runs as ${tempName} but removing ${cur.name} failed: ${errorMessage(engine.fail(e))}`, { cause: e });
  }
  step('remove', 'done');
  step('rename', 'running');
  try {
    await port.renameContainer(newId, finalName);
  } catch (e) {
    step('rename', 'failed', `${cur.name} was removed; the new container is ${wasRunning ? 'running' : 'created'} as ${tempName}: rename it to ${finalName}.`);
    throw new BerthError('internal', `The new container runs as ${tempName} but taking over the name failed: ${errorMessage(engine.fail(e))}`, { cause: e });
  }
  step('rename', 'done');
  return { id: newId, name: finalName, mode: 'recreate' };
}
