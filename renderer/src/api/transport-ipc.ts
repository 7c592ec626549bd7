import type { ClientTransport, Envelope, ServerFrame } from '../../../shared/rpc/frames';
import type { BerthBridge } from '../../../shared/bridge';

/** The transport over the preload's narrow bridge, when running inside Electron. */
export function ipcTransport(bridge: BerthBridge): ClientTransport {
  const closeListeners = new Set<(reason: string) => void>();
  return {
    send(env) {
      bridge.send(env.frame, env.bytes);
    },
    onMessage(l) {
      return bridge.onMessage((frame, bytes) => l((bytes ? { frame, bytes } : { frame }) as Envelope<ServerFrame>));
    },
    onClose(l) {
      closeListeners.add(l);
      return () => closeListeners.delete(l);
    },
  };
}
