import { WebSocket } from 'ws';
import { decodeEnvelope, encodeEnvelope } from '../../shared/rpc/codec';
import type { ClientTransport, Envelope, ServerFrame } from '../../shared/rpc/frames';
import { Listeners } from '../../shared/rpc/listeners';

/**
 * A Node client transport to the web host, for integration tests and
 * benchmarks (the renderer uses the browser's WebSocket in renderer/src/api).
 */
export function connectNodeClient(url: string, headers: Record<string, string>): Promise<ClientTransport & { ws: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['berth.v1'], { headers });
    const messages = new Listeners<Envelope<ServerFrame>>();
    const closes = new Listeners<string>();
    ws.on('message', (data: Buffer) => {
      const env = decodeEnvelope(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      messages.emit(env as Envelope<ServerFrame>);
    });
    ws.on('close', (_code, reason) => closes.emit(reason.toString() || 'closed'));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: HTTP ${res.statusCode}`)));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        send(env) {
          if (ws.readyState === ws.OPEN) ws.send(encodeEnvelope(env));
        },
        onMessage: messages.add,
        onClose: closes.add,
      }),
    );
  });
}
