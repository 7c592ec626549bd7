import { inspectContract } from '../../../shared/contract/inspect';
import { logsContract } from '../../../shared/contract/logs';
import { implement, mergeRouters, type Router } from '../../../shared/rpc/server';
import type { Services } from '../index';
import { registerLogDownload } from './download';
import { runLogStream } from './stream';

export function logsHandlers(services: Pick<Services, 'engine' | 'downloads' | 'activity'>): Router {
  return mergeRouters(
    implement(logsContract, {
      'logs.stream': (input, ch) => runLogStream(services, input, ch),
      'logs.download': (input) => registerLogDownload(services, input),
    }),
    implement(inspectContract, {
      'inspect.raw': async ({ id }) => {
        try {
          const info = await services.engine.port.inspectContainer(id);
          return info as unknown as Record<string, unknown>;
        } catch (e) {
          throw services.engine.fail(e);
        }
      },
    }),
  );
}
