import { rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A unix socket in front of the real engine, for fault tests: it forwards
 * bytes both ways until told to hang (connections stay open, nothing moves:
 * the hung daemon), to cut (every connection dropped and the socket gone: the
 * engine lost; now, or once a connection has carried so many bytes), or to
 * lose the answer to one kind of request (the request reaches the engine, its
 * response never reaches the client). The docker CLI, on the real socket,
 * keeps watching meanwhile. One relay serves the unit, integration and e2e
 * tests alike.
 */
export class EngineRelay {
  readonly path: string;
  private server: Server | undefined;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private hung = false;
  private loseAnswerTo: RegExp | undefined;
  private onLost: (() => void) | undefined;
  /** Request lines seen from clients, e.g. "POST /v1.41/containers/create?name=x". */
  readonly requests: string[] = [];

  private cutToEngine = Infinity;
  private cutFromEngine = Infinity;
  private onCut: (() => void) | undefined;
  /** Resolves once a cut set by `cutAfter` has happened. */
  whenCut: Promise<void> = Promise.resolve();

  /** @param name a short name (the socket goes in the temp folder, unique to this process) */
  constructor(name: string, private readonly target = '/var/run/docker.sock') {
    this.path = join(tmpdir(), `berth-relay-${name}-${process.pid}-${Date.now().toString(36)}.sock`);
  }

  get dockerHost(): string {
    return `unix://${this.path}`;
  }

  async listen(): Promise<void> {
    rmSync(this.path, { force: true });
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((r) => server.listen(this.path, r));
  }

  /** Nothing moves any more, on open connections or new ones; sockets stay open. */
  hang(): void {
    this.hung = true;
    for (const { client, upstream } of this.pairs) {
      client.pause();
      upstream.pause();
    }
  }

  /**
   * The next request whose request line matches goes to the engine, and when
   * the engine answers, the client's connection is dropped instead: the
   * operation happened, its caller never hears. Then `then` runs (e.g. a cut).
   */
  loseAnswer(requestLine: RegExp, then?: () => void): void {
    this.loseAnswerTo = requestLine;
    this.onLost = then;
  }

  /** The engine goes away once one connection has sent it more than `toEngine` bytes, or received more than `fromEngine`. */
  cutAfter(bytes: { toEngine?: number; fromEngine?: number }): void {
    this.cutToEngine = bytes.toEngine ?? Infinity;
    this.cutFromEngine = bytes.fromEngine ?? Infinity;
    this.whenCut = new Promise((resolve) => (this.onCut = resolve));
  }

  private fireCut(): void {
    this.cutToEngine = Infinity;
    this.cutFromEngine = Infinity;
    void this.cut().then(() => this.onCut?.());
  }

  /** Every connection dropped and the socket closed: the engine is gone until `listen` again. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    this.hung = false;
    if (server) await new Promise((r) => server.close(r));
    rmSync(this.path, { force: true });
  }

  private accept(client: Socket): void {
    const upstream = createConnection(this.target);
    const pair = { client, upstream };
    this.pairs.add(pair);
    let losing = false;
    let sent = 0;
    let received = 0;
    if (this.hung) {
      client.pause();
      upstream.pause();
    }
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (sent > this.cutToEngine) return this.fireCut();
      const line = /^([A-Z]+ \S+) HTTP\/1\.[01]\r\n/.exec(chunk.subarray(0, 2048).toString('latin1'));
      if (line) {
        this.requests.push(line[1]!);
        if (this.loseAnswerTo?.test(line[1]!)) {
          this.loseAnswerTo = undefined;
          losing = true;
        }
      }
      if (!upstream.write(chunk)) client.pause(), upstream.once('drain', () => !this.hung && client.resume());
    });
    upstream.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > this.cutFromEngine) return this.fireCut();
      if (losing) {
        client.destroy();
        upstream.destroy();
        const then = this.onLost;
        this.onLost = undefined;
        then?.();
        return;
      }
      if (!client.write(chunk)) upstream.pause(), client.once('drain', () => !this.hung && upstream.resume());
    });
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  }
}
