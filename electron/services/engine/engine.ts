import Docker from 'dockerode';
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BerthError } from '../../../shared/contract/errors';
import type { EngineInfo, EngineStatus } from '../../../shared/contract/engine';
import { DockerPort } from './docker-port';
import type { EnginePort } from './port';
import { DEFAULT_TIMEOUTS, type CallTimeouts } from './call-kinds';
import { parseDockerHost, type DockerEndpoint } from './docker-host';
import { toBerthError } from './errors';
import { JsonLineSplitter, normaliseEvent, type EngineEvent } from './events';
import { guardModem } from './guarded-modem';
import { refuseEngineRedirects } from './no-redirects';

refuseEngineRedirects();

export interface EngineOptions {
  /** Defaults to process.env.DOCKER_HOST. */
  dockerHost?: string;
  env?: NodeJS.ProcessEnv;
  /** Reconnection delays in ms; the last repeats. Why: quick first retries catch a restarting daemon, the cap keeps an absent one cheap. */
  retryDelays?: number[];
  /**
   * How often a connected engine is pinged, to notice a hung daemon that keeps
   * its socket open. Why 5 s: with the 5 s ping deadline a hung engine is
   * declared unreachable within 10 s, and a ping costs the engine nothing.
   */
  pingIntervalMs?: number;
  /** Deadlines per kind of call (see call-kinds.ts); tests shorten them. */
  timeouts?: Partial<CallTimeouts>;
}

/**
 * The one connection to the container engine: the only module that constructs
 * dockerode. Negotiates the API version from /version, keeps an events stream
 * open, reports status changes, and reconnects on its own when the engine
 * goes away and comes back.
 *
 * Every request on the client it hands out has a deadline fitting its kind
 * and is tied to the connection's life: when the engine is declared
 * unreachable (a ping fails, the events stream is lost, a call finds the
 * socket gone) every call and stream in flight fails at once with that reason.
 */
export class Engine {
  readonly endpoint: DockerEndpoint;
  /** What the features call: the engine's operations, failures already mapped (see port.ts). */
  readonly port: EnginePort = new DockerPort(
    () => this.client(),
    (e) => this.fail(e),
  );
  private docker: Docker | undefined;
  private current: EngineStatus;
  private readonly statusListeners = new Set<(s: EngineStatus) => void>();
  private readonly eventListeners = new Set<(e: EngineEvent) => void>();
  private eventStream: Readable | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private running = false;
  private connecting: Promise<void> | undefined;
  private readonly retryDelays: number[];
  private readonly pingIntervalMs: number;
  private readonly timeouts: CallTimeouts;
  /** The life of the current connection (or connection attempt); aborted when it is declared lost. */
  private life: AbortController | undefined;
  private pinging = false;

  constructor(opts: EngineOptions = {}) {
    const env = opts.env ?? process.env;
    this.endpoint = parseDockerHost(opts.dockerHost ?? env.DOCKER_HOST, env, process.platform);
    this.retryDelays = opts.retryDelays ?? [250, 500, 1000, 2000, 3000];
    this.pingIntervalMs = opts.pingIntervalMs ?? 5_000;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    this.current = { state: 'connecting', endpoint: this.endpoint.display, since: Date.now() };
  }

  get status(): EngineStatus {
    return this.current;
  }

  /** The connected dockerode client, for the port alone; throws a clear error while the engine is down. */
  client(): Docker {
    if (!this.docker || this.current.state !== 'connected') {
      throw new BerthError(
        this.current.state === 'permission-denied' ? 'permission-denied' : 'engine-unreachable',
        this.current.message ?? `The container engine at ${this.endpoint.display} is not connected yet.`,
      );
    }
    return this.docker;
  }

  /** Maps an error from a call on this engine, and notices when it means the engine went away. */
  fail(e: unknown): BerthError {
    const err = toBerthError(e, this.endpoint.display);
    if (err.code === 'engine-unreachable' && this.current.state === 'connected') this.markDown(e);
    return err;
  }

  /** Resolves true once connected (at once if it is), false when `ms` pass first. */
  waitConnected(ms: number): Promise<boolean> {
    if (this.current.state === 'connected') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => (off(), resolve(false)), ms);
      const off = this.onStatus((s) => {
        if (s.state !== 'connected') return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
    });
  }

  onStatus(listener: (s: EngineStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onEvent(listener: (e: EngineEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    this.eventStream?.destroy();
    this.eventStream = undefined;
    this.docker = undefined;
    this.endLife(`Berth closed its connection to the container engine at ${this.endpoint.display}.`);
  }

  /** Connect now instead of at the next scheduled attempt. */
  async reconnectNow(): Promise<EngineStatus> {
    if (this.current.state !== 'connected') {
      clearTimeout(this.retryTimer);
      this.running = true;
      await this.connect();
    }
    return this.current;
  }

  private baseOptions(): Docker.DockerOptions {
    const ep = this.endpoint;
    if (ep.kind === 'socket') return { socketPath: ep.socketPath };
    const opts: Docker.DockerOptions = { host: ep.host, port: ep.port, protocol: ep.tls ? 'https' : 'http' };
    const certPath = process.env.DOCKER_CERT_PATH;
    if (ep.tls && certPath) {
      opts.ca = readFileSync(join(certPath, 'ca.pem'));
      opts.cert = readFileSync(join(certPath, 'cert.pem'));
      opts.key = readFileSync(join(certPath, 'key.pem'));
    }
    return opts;
  }

  private connect(): Promise<void> {
    this.connecting ??= this.doConnect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** A dockerode client whose every request is guarded by the given life and the per-kind deadlines. */
  private guarded(life: AbortSignal, extra: Docker.DockerOptions = {}): Docker {
    const docker = new Docker({ ...this.baseOptions(), ...extra });
    guardModem(docker.modem, { life, timeouts: this.timeouts, onTimeout: () => void this.ping() });
    return docker;
  }

  /** Fails everything in flight on the current connection with the engine-unreachable reason. */
  private endLife(message: string): void {
    const life = this.life;
    this.life = undefined;
    life?.abort(new BerthError('engine-unreachable', message));
  }

  private async doConnect(): Promise<void> {
    this.endLife(`The connection to the container engine at ${this.endpoint.display} was replaced.`);
    const life = new AbortController();
    // One listener per request or stream in flight: many is normal, not a leak.
    setMaxListeners(0, life.signal);
    this.life = life;
    try {
      const probe = this.guarded(life.signal);
      const version = (await probe.version()) as Docker.DockerVersion & {
        Components?: Array<{ Name?: string }>;
        MinAPIVersion?: string;
      };
      // Speak the engine's own API version: newer engines dropped fields older clients relied on.
      const docker = this.guarded(life.signal, { version: `v${version.ApiVersion}` });
      const info = (await docker.info()) as {
        Containers?: number;
        ContainersRunning?: number;
        Images?: number;
        OperatingSystem?: string;
      };
      if (!this.running) return;
      await this.openEvents(docker);
      this.docker = docker;
      this.attempt = 0;
      const engineInfo: EngineInfo = {
        // Docker names its component plain "Engine"; Podman says "Podman Engine".
        name: engineName(version.Components?.[0]?.Name),
        version: version.Version,
        apiVersion: version.ApiVersion,
        minApiVersion: version.MinAPIVersion,
        os: info.OperatingSystem ?? version.Os,
        arch: version.Arch,
        kernel: version.KernelVersion,
        containers: info.Containers ?? 0,
        containersRunning: info.ContainersRunning ?? 0,
        images: info.Images ?? 0,
      };
      this.setStatus({ state: 'connected', endpoint: this.endpoint.display, info: engineInfo, since: Date.now() });
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => void this.ping(), this.pingIntervalMs);
      this.pingTimer.unref?.();
    } catch (e) {
      this.markDown(e);
    }
  }

  private async openEvents(docker: Docker): Promise<void> {
    this.eventStream?.destroy();
    const stream = (await docker.getEvents({})) as unknown as Readable;
    this.eventStream = stream;
    const splitter = new JsonLineSplitter();
    stream.on('data', (chunk: Buffer) => {
      for (const raw of splitter.push(chunk)) {
        const ev = normaliseEvent(raw);
        if (!ev) continue;
        for (const l of this.eventListeners) {
          try {
            l(ev);
          } catch (err) {
            console.error('[engine] event listener failed', err);
          }
        }
      }
    });
    const lost = (why: unknown) => {
      if (this.eventStream !== stream) return;
      this.eventStream = undefined;
      this.markDown(why ?? Object.assign(new Error('events stream closed'), { code: 'ECONNRESET' }));
    };
    stream.on('error', lost);
    stream.on('end', () => lost(undefined));
    stream.on('close', () => lost(undefined));
  }

  private async ping(): Promise<void> {
    const docker = this.docker;
    if (!docker || this.current.state !== 'connected' || this.pinging) return;
    this.pinging = true;
    try {
      await docker.ping();
    } catch (e) {
      // A ping refused by a live engine (an HTTP error) still proves it answers.
      if (this.docker === docker && (e as { statusCode?: unknown } | null)?.statusCode === undefined) this.markDown(e);
    } finally {
      this.pinging = false;
    }
  }

  private markDown(e: unknown): void {
    clearInterval(this.pingTimer);
    this.eventStream?.destroy();
    this.eventStream = undefined;
    this.docker = undefined;
    if (!this.running) {
      this.endLife(`Berth closed its connection to the container engine at ${this.endpoint.display}.`);
      return;
    }
    const err = toBerthError(e, this.endpoint.display);
    const delay = this.retryDelays[Math.min(this.attempt, this.retryDelays.length - 1)] ?? 3000;
    this.attempt++;
    const denied = err.code === 'permission-denied';
    const cause = (e as { code?: string } | null)?.code;
    const where = this.endpoint.kind === 'socket' ? this.endpoint.socketPath : `${this.endpoint.host}:${this.endpoint.port}`;
    const message = denied
      ? `Permission denied on ${where}.`
      : cause === 'ENOENT'
        ? `No container engine socket at ${where}.`
        : cause === 'ECONNREFUSED'
          ? `Nothing is listening at ${where}.`
          : err.code === 'timeout'
            ? `The container engine at ${this.endpoint.display} stopped answering: ${err.message.replace(/^The container engine /, 'it ')}`
            : cause && err.code === 'engine-unreachable'
              ? `The connection to the container engine at ${this.endpoint.display} was lost (${cause}).`
              : `The container engine at ${this.endpoint.display} is not answering (${err.message}).`;
    const hint = denied
      ? 'Add your user to the docker group (sudo usermod -aG docker $USER, then log in again), or point DOCKER_HOST at an engine you may use.'
      : 'Start the engine (e.g. sudo systemctl start docker, or run dockerd), or set DOCKER_HOST to its address. Berth reconnects by itself.';
    const prev = this.current;
    const since = prev.state === (denied ? 'permission-denied' : 'unreachable') ? prev.since : Date.now();
    this.setStatus({
      state: denied ? 'permission-denied' : 'unreachable',
      endpoint: this.endpoint.display,
      message,
      hint,
      since,
      retryAt: Date.now() + delay,
    });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref?.();
    // After the status says why, so whoever is failed now reads the same reason.
    this.endLife(message);
  }

  private setStatus(s: EngineStatus): void {
    this.current = s;
    for (const l of this.statusListeners) {
      try {
        l(s);
      } catch (err) {
        console.error('[engine] status listener failed', err);
      }
    }
  }
}

function engineName(component: string | undefined): string {
  if (!component || component === 'Engine') return 'Docker Engine';
  return component;
}
