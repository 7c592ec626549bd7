import { containersContract } from '../../../shared/contract/containers';
import { implement, type Router } from '../../../shared/rpc/server';
import type { Services } from '../index';
import { act, actMany } from './actions';
import { detailsFromInspect, rowFromSummary } from './mappers';

export function containersHandlers({ engine, containers }: Services): Router {
  return implement(containersContract, {
    'containers.list': async () => {
      try {
        return (await engine.port.listContainers()).map(rowFromSummary);
      } catch (e) {
        throw engine.fail(e);
      }
    },
    'containers.watch': (_input, ch) => {
      ch.onClose(containers.watch((ev) => ch.emit(ev)));
    },
    'containers.act': (input) => act(engine, containers, input),
    'containers.actMany': (input) => actMany(engine, containers, input),
    'containers.inspect': async ({ id }) => {
      try {
        return detailsFromInspect(await engine.port.inspectContainer(id));
      } catch (e) {
        throw engine.fail(e);
      }
    },
  });
}
