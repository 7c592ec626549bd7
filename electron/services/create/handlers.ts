import { createContract } from '../../../shared/contract/create';
import { implement, type Router } from '../../../shared/rpc/server';
import type { Services } from '../index';
import { runBatch } from './batch';
import { checkSpec } from './checks';
import { createContainer } from './create';
import { applyEdit, currentSpec, planFor } from './edit';
import { pullImage } from './pull';
import { createInfo, listImages, templateStore } from './service';

export function createHandlers(services: Services): Router {
  const deps = services;
  return implement(createContract, {
    'create.info': () => createInfo(deps),
    'create.images': ({ search }) => listImages(deps, search),
    'create.check': ({ spec, editingId }) => checkSpec(deps.engine, spec, { editingId }),
    'create.create': ({ spec, operationId }) => createContainer(deps, spec, { operationId }),
    'create.pull': async ({ ref }, ch) => {
      try {
        const done = await deps.activity.track('image.pull', { id: ref }, {}, () =>
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
        const cur = await currentSpec(deps.engine.client(), id);
        return { id: cur.id, spec: cur.spec, state: cur.state };
      } catch (e) {
        throw deps.engine.fail(e);
      }
    },
    'create.planEdit': ({ id, spec }) => planFor(deps, id, spec),
    'create.applyEdit': ({ id, spec }) => applyEdit(deps, id, spec),
    'create.templates': () => templateStore(deps).list(),
    'create.saveTemplate': ({ name, description, spec }) =>
      deps.activity.track('template.save', { id: name }, { image: spec.image }, async () => templateStore(deps).save(name, spec, description)),
    'create.deleteTemplate': async ({ id }) => {
      await deps.activity.track('template.delete', { id }, {}, async () => templateStore(deps).delete(id));
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
