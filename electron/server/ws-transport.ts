import type { WebSocket } from 'ws';
import { decodeEnvelope, encodeEnvelope } from '../../shared/rpc/codec';
import type { ClientFrame, Envelope, ServerTransport } from '../../shared/rpc/frames';
import { Listeners } from '../../shared/rpc/listeners';

/** The RPC server's transport over one WebSocket (binary frames, see shared/rpc/codec.ts). */
export function wsServerTransport(ws: WebSocket, log: (m: string) => void = () => {}): ServerTransport {
  const messages = new Listeners<Envelope<ClientFrame>>();
  const closes = new Listeners<string>();
  ws.on('message', (data, isBinary) => {
    if (!isBinary) {
      log('dropped a text frame');
      return;
    }
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    let env: Envelope<unknown>;
    try {
      env = decodeEnvelope(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    } catch (e) {
      log(`dropped an undecodable frame: ${(e as Error).message}`);
      return;
    }
    // The frame is still untrusted: the RPC server parses it with its schema.
    messages.emit(env as Envelope<ClientFrame>);
  });
  ws.on('close', (code, reason) => closes.emit(reason.toString() || `closed (${code})`));
  return {
    send(env) {
      if (ws.readyState === ws.OPEN) ws.send(encodeEnvelope(env), { binary: true });
    },
    onMessage: messages.add,
    onClose: closes.add,
  };
}
