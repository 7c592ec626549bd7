import type { WebSocket } from 'ws';
import { decodeEnvelope, encodeEnvelope } from '../../shared/rpc/codec';
import type { ClientFrame, Envelope, ServerTransport } from '../../shared/rpc/frames';
import { CloseCode } from '../../shared/rpc/limits';
import { Listeners } from '../../shared/rpc/listeners';

/**
 * Bytes queued for a client that does not read. Channel events stop at their
 * flow window, but call results do not: past this the client is cut off
 * rather than held in memory. Far above one burst (a full container list is
 * well under 1 MiB; a channel's window is 512 KiB).
 */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** A client told to go gets this long to answer the close before its socket is cut. */
const CLOSE_GRACE_MS = 1000;

/** The RPC server's transport over one WebSocket (binary frames, see shared/rpc/codec.ts). */
export function wsServerTransport(ws: WebSocket, log: (m: string) => void = () => {}): ServerTransport {
  const messages = new Listeners<Envelope<ClientFrame>>();
  const closes = new Listeners<string>();
  ws.on('message', (data, isBinary) => {
    if (!isBinary) {
      log('dropped a text frame');
      return;
    }
    // A Buffer as it came (Buffer.from would copy it: up to 16 MiB a frame).
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
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
  const close = (code: number, reason: string) => {
    if (ws.readyState !== ws.OPEN) return;
    log(`closing (${code}): ${reason}`);
    // Close reasons are at most 123 bytes.
    ws.close(code, Buffer.from(reason).subarray(0, 123).toString());
    setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
  };
  return {
    send(env) {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        close(CloseCode.NOT_READING, `the client stopped reading with ${ws.bufferedAmount} bytes queued for it`);
        return;
      }
      ws.send(encodeEnvelope(env), { binary: true });
    },
    onMessage: messages.add,
    onClose: closes.add,
    close,
  };
}
