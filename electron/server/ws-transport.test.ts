import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { runConformance } from '../../shared/rpc/conformance.testkit';
import type { ServerTransport } from '../../shared/rpc/frames';
import { connectNodeClient } from './ws-client';
import { wsServerTransport } from './ws-transport';

runConformance('WebSocket', async () => {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  const serverSide = new Promise<ServerTransport>((resolve) => wss.once('connection', (ws) => resolve(wsServerTransport(ws))));
  const client = await connectNodeClient(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, {});
  const server = await serverSide;
  return {
    client,
    server,
    drop: () => client.ws.terminate(),
    dispose: async () => {
      client.ws.terminate();
      await new Promise((r) => wss.close(r));
    },
  };
});
