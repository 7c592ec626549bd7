import { decodeEnvelope, encodeEnvelope } from '../../../shared/rpc/codec';
import type { ClientTransport, Envelope, ServerFrame } from '../../../shared/rpc/frames';
import { Listeners } from '../../../shared/rpc/listeners';

/** Subprotocol carrying the protocol version; the token travels in the session cookie. */
export const WS_PROTOCOL = 'berth.v1';

/** Opens the WebSocket transport to the web host; resolves once open. */
export function connectWebSocket(url: string): Promise<ClientTransport> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, [WS_PROTOCOL]);
    ws.binaryType = 'arraybuffer';
    const messages = new Listeners<Envelope<ServerFrame>>();
    const closes = new Listeners<string>();
    let opened = false;
    ws.onopen = () => {
      opened = true;
      resolve({
        send(env) {
          if (ws.readyState === WebSocket.OPEN) ws.send(encodeEnvelope(env));
        },
        onMessage: messages.add,
        onClose: closes.add,
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
      messages.emit(env as Envelope<ServerFrame>);
    };
    ws.onclose = (ev) => {
      if (!opened) reject(new Error(ev.code === 1008 || ev.code === 4401 ? 'unauthorized' : `connection failed (${ev.code})`));
      closes.emit(ev.reason || `closed (${ev.code})`);
    };
    ws.onerror = () => {
      /* onclose follows with the code */
    };
  });
}
