import { decodeEnvelope, encodeEnvelope } from '../../../shared/rpc/codec';
import type { ClientTransport, Envelope, ServerFrame } from '../../../shared/rpc/frames';

/** Subprotocol carrying the protocol version; the token travels in the session cookie. */
export const WS_PROTOCOL = 'berth.v1';

/** Opens the WebSocket transport to the web host; resolves once open. */
export function connectWebSocket(url: string): Promise<ClientTransport> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, [WS_PROTOCOL]);
    ws.binaryType = 'arraybuffer';
    const messageListeners = new Set<(env: Envelope<ServerFrame>) => void>();
    const closeListeners = new Set<(reason: string) => void>();
    let opened = false;
    ws.onopen = () => {
      opened = true;
      resolve({
        send(env) {
          if (ws.readyState === WebSocket.OPEN) ws.send(encodeEnvelope(env));
        },
        onMessage(l) {
          messageListeners.add(l);
          return () => messageListeners.delete(l);
        },
        onClose(l) {
          closeListeners.add(l);
          return () => closeListeners.delete(l);
        },
      });
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (!(ev.data instanceof ArrayBuffer)) return;
      let env: Envelope<unknown>;
      try {
        env = decodeEnvelope(new Uint8Array(ev.data));
      } catch {
        return; // the RPC client parses frames; a frame we cannot even decode is dropped
      }
      messageListeners.forEach((l) => l(env as Envelope<ServerFrame>));
    };
    ws.onclose = (ev) => {
      if (!opened) reject(new Error(ev.code === 1008 || ev.code === 4401 ? 'unauthorized' : `connection failed (${ev.code})`));
      closeListeners.forEach((l) => l(ev.reason || `closed (${ev.code})`));
    };
    ws.onerror = () => {
      /* onclose follows with the code */
    };
  });
}
