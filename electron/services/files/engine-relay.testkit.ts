import { rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A unix-socket relay in front of the real engine socket, so a test can make
 * "the engine" vanish mid-transfer and return, without touching the dockerd
 * other tests use.
 */
export class EngineRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private cutAt = Infinity;
  private cutTo = Infinity;
  /** Resolves when a cut set by `cutAfter` has happened. */
  cut: Promise<void> = Promise.resolve();
  private onCut: (() => void) | undefined;

  constructor(
    readonly path: string,
    private readonly target = '/var/run/docker.sock',
  ) {}

  async up(): Promise<void> {
    rmSync(this.path, { force: true });
    this.server = createServer((client) => {
      const upstream = createConnection(this.target);
      this.sockets.add(client).add(upstream);
      let sent = 0;
      let received = 0;
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.on('data', (c: Buffer) => {
        sent += c.length;
        if (sent > this.cutAt) void this.fire();
      });
      upstream.on('data', (c: Buffer) => {
        received += c.length;
        if (received > this.cutTo) void this.fire();
      });
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => this.server!.once('error', reject).listen(this.path, resolve));
  }

  /** The engine goes away once one connection has sent it more than `toEngine` bytes, or received more than `fromEngine`. */
  cutAfter(bytes: { toEngine?: number; fromEngine?: number }): void {
    this.cutAt = bytes.toEngine ?? Infinity;
    this.cutTo = bytes.fromEngine ?? Infinity;
    this.cut = new Promise((resolve) => (this.onCut = resolve));
  }

  private async fire(): Promise<void> {
    this.cutAt = Infinity;
    this.cutTo = Infinity;
    await this.down();
    this.onCut?.();
  }

  /** Cuts every connection and stops listening: to the app, the engine is gone. */
  async down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    this.sockets.forEach((x) => x.destroy());
    this.sockets.clear();
    rmSync(this.path, { force: true });
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
