import { rm } from 'node:fs/promises';
import { join, relative, resolve, isAbsolute } from 'node:path';
import type { ActionInput, ActionResult, ContainerAction, ContainerRow } from '../../../shared/contract/containers';
import { BerthError } from '../../../shared/contract/errors';
import { WORKSPACE_LABEL } from '../../../shared/contract/labels';
import type { Engine } from '../engine/engine';
import type { ContainerStore } from './store';

const VERB: Record<ContainerAction, string> = {
  start: 'start',
  stop: 'stop',
  restart: 'restart',
  pause: 'pause',
  unpause: 'resume',
  kill: 'kill',
  remove: 'delete',
};

/** Batch actions in flight at once: bounded, since two cores gain little past a few (environment.md). */
const BATCH_CONCURRENCY = 4;

/** Rewrites an engine refusal into a sentence naming the container and what state it is in. */
function explain(action: ContainerAction, label: string, row: ContainerRow | undefined, err: BerthError): BerthError {
  const verb = VERB[action];
  const state = row ? ` (it is ${row.state})` : '';
  switch (err.code) {
    case 'not-found':
      return new BerthError('not-found', `Cannot ${verb} “${label}”: it no longer exists (removed by someone else?).`, { cause: err });
    case 'wrong-state':
      return new BerthError('wrong-state', `Cannot ${verb} “${label}”${state}: ${err.message.replace(/^.*?: /, '')}`, { cause: err });
    case 'conflict':
      return new BerthError('conflict', `Cannot ${verb} “${label}”${state}: ${err.message}`, { cause: err });
    default:
      return new BerthError(err.code, `Could not ${verb} “${label}”: ${err.message}`, { cause: err });
  }
}

/** Refusals we can explain before asking the engine (the engine's own words are cryptic for these). */
function precheck(action: ContainerAction, label: string, row: ContainerRow | undefined, force: boolean): void {
  if (!row) return;
  const s = row.state;
  const refuse = (why: string) => {
    throw new BerthError('wrong-state', `Cannot ${VERB[action]} “${label}”: ${why}.`);
  };
  if (action === 'pause' && s !== 'running') refuse(`only a running container can be paused (it is ${s})`);
  if (action === 'unpause' && s !== 'paused') refuse(`it is not paused (it is ${s})`);
  if (action === 'kill' && s !== 'running' && s !== 'paused' && s !== 'restarting') refuse(`it is not running (it is ${s})`);
  if (action === 'start' && s === 'running') refuse('it is already running');
  if (action === 'start' && s === 'paused') refuse('it is paused: resume it instead');
  if (action === 'remove' && !force && (s === 'running' || s === 'paused' || s === 'restarting')) {
    refuse(`it is ${s}; stop it first or delete with force`);
  }
}

/** Only folders Berth made under its own data dir are ever deleted with a container. */
function workspaceToRemove(dataDir: string, row: ContainerRow | undefined, labels: Record<string, string>): string | undefined {
  const path = labels[WORKSPACE_LABEL] ?? row?.labels[WORKSPACE_LABEL];
  if (!path) return undefined;
  const root = resolve(join(dataDir, 'workspaces'));
  const target = resolve(path);
  const rel = relative(root, target);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return target;
}

export async function act(engine: Engine, store: ContainerStore, input: ActionInput): Promise<ActionResult> {
  const row = store.find(input.id);
  const label = row?.name ?? input.id.slice(0, 12);
  const params: Record<string, unknown> = {};
  if (input.force) params.force = true;
  if (input.removeWorkspace) params.removeWorkspace = true;
  return store.activity.track(`container.${input.action}`, { id: row?.id ?? input.id, name: row?.name }, params, async () => {
    precheck(input.action, label, row, input.force === true);
    const port = engine.port;
    const id = input.id;
    try {
      switch (input.action) {
        case 'start':
          await port.startContainer(id);
          break;
        // Without an explicit timeout the engine uses the container's own StopTimeout, as `docker stop` does.
        case 'stop':
          await port.stopContainer(id, input.timeoutSeconds);
          break;
        case 'restart':
          await port.restartContainer(id, input.timeoutSeconds);
          break;
        case 'pause':
          await port.pauseContainer(id);
          break;
        case 'unpause':
          await port.unpauseContainer(id);
          break;
        case 'kill':
          await port.killContainer(id);
          break;
        case 'remove': {
          const labels = input.removeWorkspace ? ((await port.inspectContainer(id)).Config?.Labels ?? {}) : {};
          await port.removeContainer(id, { force: input.force === true, volumes: false });
          if (input.removeWorkspace) {
            const dir = workspaceToRemove(store.dataDir, row, labels);
            if (dir) await rm(dir, { recursive: true, force: true });
          }
          break;
        }
      }
    } catch (e) {
      throw explain(input.action, label, row, engine.fail(e));
    } finally {
      if (input.action !== 'remove') store.touch(input.id);
    }
    return { id: row?.id ?? input.id, ok: true };
  });
}

/** The same action on many containers: every one gets its own result; one failure hides no success. */
export async function actMany(
  engine: Engine,
  store: ContainerStore,
  input: Omit<ActionInput, 'id'> & { ids: string[] },
): Promise<ActionResult[]> {
  const results: ActionResult[] = new Array(input.ids.length);
  let next = 0;
  const worker = async () => {
    while (next < input.ids.length) {
      const i = next++;
      const id = input.ids[i]!;
      try {
        results[i] = await act(engine, store, { ...input, id });
      } catch (e) {
        const err = e instanceof BerthError ? e : engine.fail(e);
        results[i] = { id: store.find(id)?.id ?? id, ok: false, error: err.toData() };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, input.ids.length) }, worker));
  return results;
}
