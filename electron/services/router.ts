import { mergeRouters, type Router } from '../../shared/rpc/server';
import { containersHandlers } from './containers/handlers';
import { createHandlers } from './create/handlers';
import { engineHandlers } from './engine/handlers';
import { filesHandlers } from './files/handlers';
import { activityHandlers } from './activity/handlers';
import { healthHandlers } from './health/handlers';
import { logsHandlers } from './logs/handlers';
import { statsHandlers } from './stats/handlers';
import { terminalsHandlers } from './terminals/handlers';
import type { Services } from './index';

/**
 * The whole API, one handler module per contract area. Add an area by adding
 * its contract to shared/contract/index.ts and its router here.
 */
export function createRouter(services: Services): Router {
  return mergeRouters(
    engineHandlers(services),
    containersHandlers(services),
    createHandlers(services),
    logsHandlers(services),
    statsHandlers(services),
    activityHandlers(services),
    healthHandlers(services),
    terminalsHandlers(services),
    filesHandlers(services),
  );
}
