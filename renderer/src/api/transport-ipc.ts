import type { ClientTransport, Envelope, ServerFrame } from '../../../shared/rpc/frames';
import type { BerthBridge } from '../../../shared/bridge';
import { Listeners } from '../../../shared/rpc/listeners';

/** The transport over the preload's narrow bridge, when running inside Electron. */
export function ipcTransport(bridge: BerthBridge): ClientTransport {
  // The IPC bridge lives as long as the page: it never closes under us.
  const closes = new Listeners<string>();
  return {
    send(env) {
      bridge.send(env.frame, env.bytes);
    },
    onMessage(l) {
      return bridge.onMessage((frame, bytes) => l((bytes ? { frame, bytes } : { frame }) as Envelope<ServerFrame>));
    },
    onClose: closes.add,
  };
}
