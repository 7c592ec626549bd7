import { containersContract } from './containers';
import { createContract } from './create';
import { engineContract } from './engine';
import { filesContract } from './files';
import { activityContract } from './activity';
import { healthContract } from './health';
import { inspectContract } from './inspect';
import { logsContract } from './logs';
import { statsContract } from './stats';
import { runnerContract } from './runner';
import { terminalsContract } from './terminals';

/**
 * Everything the renderer may ask of the services. One area, one file; add an
 * area by spreading its contract here and its handlers in electron/services/router.ts.
 */
export const contract = {
  ...engineContract,
  ...containersContract,
  ...createContract,
  ...logsContract,
  ...statsContract,
  ...inspectContract,
  ...activityContract,
  ...healthContract,
  ...terminalsContract,
  ...runnerContract,
  ...filesContract,
};
export type BerthContract = typeof contract;

/** Names the preload allows through; anything else is refused before it reaches main. */
export const contractNames: readonly string[] = Object.keys(contract);
