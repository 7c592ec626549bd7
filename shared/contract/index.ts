import { containersContract } from './containers';
import { engineContract } from './engine';

/**
 * Everything the renderer may ask of the services. One area, one file; add an
 * area by spreading its contract here and its handlers in electron/services/router.ts.
 */
export const contract = {
  ...engineContract,
  ...containersContract,
};
export type BerthContract = typeof contract;

/** Names the preload allows through; anything else is refused before it reaches main. */
export const contractNames: readonly string[] = Object.keys(contract);
