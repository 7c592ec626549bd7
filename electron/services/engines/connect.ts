import Docker from 'dockerode';
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { BerthError } from '../../../shared/contract/errors';
import { DEFAULT_TIMEOUTS, type CallTimeouts } from '../engine/call-kinds';
import { guardModem } from '../engine/guarded-modem';
import { refuseEngineRedirects } from '../engine/no-redirects';
import { mapConnectError } from './connect-errors';
import { formatEndpoint, type Endpoint } from './endpoint';
import { loadTlsMaterial } from './tls-material';
import { SshTunnel, type SshDeps } from './ssh-tunnel';

refuseEngineRedirects();

export interface ConnectDeps {
  /** The user's ~/.ssh/known_hosts (read only) and Berth's own, in that order. */
  knownHostsFiles: string[];
  env: { SSH_AUTH_SOCK?: string; HOME?: string };
  readFile?: (path: string) => Buffer;
  /** Deadlines per kind of call; the same table the local engine uses. */
  timeouts?: Partial<CallTimeouts>;
  /** TCP connect plus the TLS or SSH handshake. Why 10 s: a reachable host answers in well under a second, a slow link in a few. */
  handshakeMs?: number;
  /** The key files ssh tries when the endpoint names none. */
  defaultKeyFiles?: string[];
}

/** What the user gave for this session only: never written anywhere. */
export interface EngineSecrets {
  /** The SSH identity file's or the TLS client key's passphrase. */
  passphrase?: string;
}

export interface EngineConnection {
  readonly endpoint: Endpoint;
  /** As users read it: tcp://host:port, ssh://user@host, unix:///path. */
  readonly display: string;
  /** Speaks the engine's own API version; every request guarded (deadline per kind, no redirects, the connection's life). */
  readonly docker: Docker;
  readonly version: Docker.DockerVersion & { Components?: Array<{ Name?: string }>; MinAPIVersion?: string };
  /** Aborted, with an engine-unreachable reason, when the connection is lost or closed. */
  readonly life: AbortSignal;
  close(): Promise<void>;
}

/** The default key files, in the order ssh tries them. */
export function defaultKeyFiles(home: string | undefined): string[] {
  return home ? ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => `${home}/.ssh/${f}`) : [];
}

/** docker-modem takes an http agent; dockerode's types do not name it. */
type ModemOptions = Docker.DockerOptions & { agent?: HttpAgent };

interface Transport {
  options: ModemOptions;
  close(): Promise<void>;
  /** Called with a reason when the transport itself is lost. */
  onLost?(cb: (why: BerthError) => void): void;
}

/**
 * Connections are kept for the next request, as Node's global agent does for
 * the local engine: a new TLS handshake per call costs more than the call.
 * Idle ones close after 30 s (a free socket's timeout ends it) and all of them with the connection.
 */
const KEEP = { keepAlive: true, maxFreeSockets: 4, timeout: 30_000 } as const;

async function transport(ep: Endpoint, secrets: EngineSecrets, deps: ConnectDeps): Promise<Transport> {
  const read = deps.readFile ?? ((p: string) => readFileSync(p));
  const handshakeMs = deps.handshakeMs ?? 10_000;
  switch (ep.kind) {
    case 'unix': {
      const agent = new HttpAgent(KEEP);
      return { options: { socketPath: ep.path, agent }, close: async () => agent.destroy() };
    }
    case 'tcp': {
      if (!ep.tls) {
        const agent = new HttpAgent(KEEP);
        return { options: { protocol: 'http', host: ep.host, port: ep.port, agent }, close: async () => agent.destroy() };
      }
      const m = loadTlsMaterial(ep.tls, { keyPassphrase: secrets.passphrase }, read);
      // The agent's options win over any per-request ones: these files, and verification unless turned off.
      const agent = new HttpsAgent({ ...KEEP, ca: m.ca, cert: m.cert, key: m.key, rejectUnauthorized: m.rejectUnauthorized });
      return { options: { protocol: 'https', host: ep.host, port: ep.port, agent }, close: async () => agent.destroy() };
    }
    case 'ssh': {
      const sshDeps: SshDeps = {
        knownHostsFiles: deps.knownHostsFiles,
        env: deps.env,
        readFile: read,
        handshakeMs,
        defaultKeyFiles: deps.defaultKeyFiles ?? defaultKeyFiles(deps.env.HOME),
      };
      const tunnel = await SshTunnel.open(ep, secrets, sshDeps);
      const agent = tunnel.httpAgent();
      return {
        // The host names nothing: every connection is a dial-stdio channel.
        options: { protocol: 'http', host: 'localhost', port: 2375, agent },
        close: async () => {
          agent.destroy();
          await tunnel.close();
        },
        onLost: (cb) => tunnel.onClose(cb),
      };
    }
  }
}

/**
 * Opens a connection to the engine an endpoint names: the transport (socket,
 * TCP with TLS, or SSH) is set up and checked first, each failure with its own
 * error; then /version, and a client speaking the engine's API version. Its
 * requests go through the same guarded modem as the local engine's.
 */
export async function connectEngine(ep: Endpoint, secrets: EngineSecrets, deps: ConnectDeps): Promise<EngineConnection> {
  const display = formatEndpoint(ep);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...deps.timeouts };
  const ctx = { display, kind: ep.kind, tls: ep.kind === 'tcp' && ep.tls !== undefined, clientCert: ep.kind === 'tcp' && Boolean(ep.tls?.cert) };
  let t: Transport;
  try {
    t = await transport(ep, secrets, deps);
  } catch (e) {
    throw mapConnectError(e, ctx);
  }
  const life = new AbortController();
  setMaxListeners(0, life.signal);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    life.abort(new BerthError('engine-unreachable', `Berth closed its connection to the container engine at ${display}.`));
    await t.close();
  };
  t.onLost?.((why) => {
    if (!life.signal.aborted) life.abort(why);
  });
  const guarded = (extra: Docker.DockerOptions = {}) => {
    const docker = new Docker({ ...t.options, ...extra } as Docker.DockerOptions);
    guardModem(docker.modem, { life: life.signal, timeouts });
    return docker;
  };
  try {
    const version = (await guarded().version()) as EngineConnection['version'];
    if (typeof version?.ApiVersion !== 'string' || !/^\d+\.\d+$/.test(version.ApiVersion)) {
      throw new BerthError('unsupported', `${display} answered, but not as a container engine (no API version in /version).`, { details: { reason: 'not-an-engine' } });
    }
    const docker = guarded({ version: `v${version.ApiVersion}` });
    return { endpoint: ep, display, docker, version, life: life.signal, close };
  } catch (e) {
    await close();
    throw mapConnectError(e, ctx);
  }
}
