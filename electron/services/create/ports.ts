import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * Whether a host port is free on this machine, by trying to bind it the way
 * the engine's proxy would. Only meaningful when the engine runs here.
 */
export function hostPortFree(port: number, protocol: 'tcp' | 'udp', hostIp?: string): Promise<boolean> {
  const host = hostIp || '0.0.0.0';
  if (protocol === 'udp') {
    return new Promise((resolve) => {
      const sock = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      sock.once('error', () => {
        sock.close();
        resolve(false);
      });
      sock.bind({ port, address: host, exclusive: true }, () => sock.close(() => resolve(true)));
    });
  }
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}
