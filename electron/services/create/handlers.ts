import { createContract, type CreateSpec } from '../../../shared/contract/create';
import { implement, type Router } from '../../../shared/rpc/server';
import { runBatch } from './batch';
import { checkSpec } from './checks';
import { createContainer, workspacesRoot } from './create';
import type { CreateDeps } from './deps';
import { applyEdit, currentSpec, planFor } from './edit';
import { heldBinds, judgeSpec } from './policy';
import { pullImage } from './pull';
import { createInfo, listImages } from './service';

/** The engine's objections and the host's policy together, one error per field (a field's first problem wins). */
async function checkAll(deps: CreateDeps, spec: CreateSpec, editingId?: string) {
  const held = deps.createPolicy.bindRoots ? await heldBinds(deps.engine, editingId) : undefined;
  const verdict = judgeSpec(deps.createPolicy, spec, { workspacesRoot: workspacesRoot(deps.dataDir), held });
  const base = await checkSpec(deps.engine, spec, { editingId });
  const errors = [...base.errors];
  for (const e of verdict.errors) if (!errors.some((x) => x.field === e.field)) errors.push(e);
  return { errors, imagePresent: base.imagePresent, confirm: verdict.confirm };
}

export function createHandlers(deps: CreateDeps): Router {
  return implement(createContract, {
    'create.info': () => createInfo(deps),
    'create.policy': async () => deps.createPolicy,
    'create.images': ({ search }) => listImages(deps, search),
    'create.check': ({ spec, editingId }) => checkAll(deps, spec, editingId),
    'create.create': ({ spec, operationId }) => createContainer(deps, spec, { operationId }),
    'create.pull': async ({ ref }, ch) => {
      try {
        const done = await deps.activity.track('image.pull', { id: ref, name: ref }, { image: ref }, () =>
          pullImage(deps.engine, ref, { signal: ch.signal, onProgress: (e) => ch.emit(e) }),
        );
        ch.emit(done);
        ch.end();
      } catch (e) {
        ch.end(e);
      }
    },
    'create.specOf': async ({ id }) => {
      try {
        const cur = await currentSpec(deps.engine.port, id);
        return { id: cur.id, spec: cur.spec, state: cur.state };
      } catch (e) {
        throw deps.engine.fail(e);
      }
    },
    'create.planEdit': ({ id, spec }) => planFor(deps, id, spec),
    'create.applyEdit': ({ id, spec }) => applyEdit(deps, id, spec),
    'create.applyEditSteps': async ({ id, spec }, ch) => {
      try {
        const result = await applyEdit(deps, id, spec, (e) => void ch.emit(e));
        ch.emit({ type: 'done', result });
        ch.end();
      } catch (e) {
        ch.end(e);
      }
    },
    'create.templates': () => deps.templates.list(),
    'create.saveTemplate': ({ name, description, spec }) =>
      deps.activity.track('template.save', { id: name, name }, { image: spec.image }, async () => deps.templates.save(name, spec, description)),
    'create.deleteTemplate': async ({ id }) => {
      await deps.activity.track('template.delete', { id }, {}, async () => deps.templates.delete(id));
      return null;
    },
    'create.batch': async (input, ch) => {
      try {
        await deps.activity.track('container.batchCreate', undefined, { concurrency: input.concurrency, bytes: input.text.length }, () =>
          runBatch(deps, input, (e) => ch.emit(e), ch.signal),
        );
        ch.end();
      } catch (e) {
        ch.end(e);
      }
    },
  });
}
