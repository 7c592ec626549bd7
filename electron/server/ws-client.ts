import { WebSocket } from 'ws';
import { decodeEnvelope, encodeEnvelope } from '../../shared/rpc/codec';
import type { ClientTransport, Envelope, ServerFrame } from '../../shared/rpc/frames';

/**
 * A Node client transport to the web host, for integration tests and
 * benchmarks (the renderer uses the browser's WebSocket in renderer/src/api).
 */
export function connectNodeClient(url: string, headers: Record<string, string>): Promise<ClientTransport & { ws: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['berth.v1'], { headers });
    const listeners = new Set<(env: Envelope<ServerFrame>) => void>();
    const closeListeners = new Set<(reason: string) => void>();
    ws.on('message', (data: Buffer) => {
      const env = decodeEnvelope(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      listeners.forEach((l) => l(env as Envelope<ServerFrame>));
    });
    ws.on('close', (_code, reason) => closeListeners.forEach((l) => l(reason.toString() || 'closed')));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: HTTP ${res.statusCode}`)));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        send(env) {
          if (ws.readyState === ws.OPEN) ws.send(encodeEnvelope(env));
        },
        onMessage(l) {
          listeners.add(l);
          return () => listeners.delete(l);
        },
        onClose(l) {
          closeListeners.add(l);
          return () => closeListeners.delete(l);
        },
      }),
    );
  });
}
