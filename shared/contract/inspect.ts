import { z } from 'zod';
import { method } from '../rpc/define';
import { ContainerRef } from './common';

export const inspectContract = {
  /** The engine's inspect document as it is, for the raw JSON view. */
  'inspect.raw': method(z.object({ id: ContainerRef }).strict(), z.record(z.string(), z.unknown())),
};
