import { engineContract } from '../../../shared/contract/engine';
import { implement, type Router } from '../../../shared/rpc/server';
import type { Services } from '../index';

export function engineHandlers({ engine }: Services): Router {
  return implement(engineContract, {
    'engine.status': () => engine.status,
    'engine.reconnect': () => engine.reconnectNow(),
    'engine.watch': (_input, ch) => {
      ch.emit(engine.status);
      ch.onClose(engine.onStatus((s) => ch.emit(s)));
    },
  });
}
