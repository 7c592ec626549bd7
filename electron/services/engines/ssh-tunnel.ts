import { Agent as HttpAgent, type AgentOptions } from 'node:http';
import type { Duplex } from 'node:stream';
// ssh2 is CommonJS: its named exports are read from the default one.
import ssh2, { type AuthenticationType, type AuthMethod, type Client, type ClientChannel, type ConnectConfig, type ParsedKey } from 'ssh2';
import { BerthError } from '../../../shared/contract/errors';
import type { SshEndpoint } from './endpoint';
import { connectError } from './connect-errors';
import { checkHostKey, knownKeyTypes, readKnownHosts, type HostKeyVerdict, type KnownHostEntry } from './known-hosts';

export interface SshDeps {
  /** Read in order; the user's ~/.ssh/known_hosts (read only) and Berth's own file. */
  knownHostsFiles: string[];
  /** SSH_AUTH_SOCK for the agent, HOME for the default key files. */
  env: { SSH_AUTH_SOCK?: string; HOME?: string };
  readFile: (path: string) => Buffer;
  /** How long the TCP connect + handshake + authentication may take. */
  handshakeMs: number;
  /** Tried when the endpoint names no identity file (as ssh does). */
  defaultKeyFiles?: string[];
}

export interface SshSecrets {
  /** For the identity file (or a default key file) when it is protected. Held in memory only. */
  passphrase?: string;
}

/** ssh2's list, with the types this host is already known by first, so its known key is the one offered. */
const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
const algorithmKeyType = (a: string) => (a.startsWith('rsa-sha2-') ? 'ssh-rsa' : a);

const DIAL = 'docker system dial-stdio';
const { utils } = ssh2;

interface KeyChoice {
  key: ParsedKey;
  path: string;
}

function parseIdentity(path: string, data: Buffer, passphrase: string | undefined): KeyChoice | BerthError {
  const parsed = utils.parseKey(data, passphrase);
  if (!(parsed instanceof Error)) {
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (!key) return connectError('invalid-input', 'key-unsupported', `The key file ${path} holds no key.`, { field: 'identityFile' });
    return { key, path };
  }
  const msg = parsed.message;
  if (/no passphrase given/i.test(msg)) {
    return connectError('unauthorized', 'passphrase-needed', `The key ${path} is protected: it needs its passphrase.`, { field: 'passphrase', details: { identityFile: path } });
  }
  if (/bad passphrase|integrity check failed|bad decrypt/i.test(msg)) {
    return connectError('unauthorized', 'passphrase-wrong', `The passphrase does not open the key ${path}.`, { field: 'passphrase', details: { identityFile: path } });
  }
  return connectError('invalid-input', 'key-unsupported', `The file ${path} is not a private key Berth can use (ed25519, ECDSA or RSA in OpenSSH or PEM format): ${msg}.`, {
    field: 'identityFile',
  });
}

/** What authenticates this connection: the agent, then the key file (or the default ones). */
function credentials(ep: SshEndpoint, secrets: SshSecrets, deps: SshDeps): { methods: AuthMethod[]; skipped: BerthError[] } {
  const methods: AuthMethod[] = [];
  const skipped: BerthError[] = [];
  const agent = deps.env.SSH_AUTH_SOCK;
  if (ep.useAgent && agent) methods.push({ type: 'agent', username: ep.user, agent } as AuthMethod);
  if (ep.identityFile) {
    let data: Buffer;
    try {
      data = deps.readFile(ep.identityFile);
    } catch (e) {
      const code = (e as { code?: string } | null)?.code;
      throw connectError('invalid-input', code === 'ENOENT' ? 'file-missing' : 'file-unreadable', code === 'ENOENT' ? `The key file ${ep.identityFile} does not exist.` : `Berth cannot read the key file ${ep.identityFile} (${code ?? 'error'}).`, {
        field: 'identityFile',
      });
    }
    const choice = parseIdentity(ep.identityFile, data, secrets.passphrase);
    // The key the user named must work: a protected one without its passphrase is asked for now, not silently skipped.
    if (choice instanceof BerthError) throw choice;
    methods.push({ type: 'publickey', username: ep.user, key: choice.key } as AuthMethod);
  } else {
    for (const path of deps.defaultKeyFiles ?? []) {
      let data: Buffer;
      try {
        data = deps.readFile(path);
      } catch {
        continue;
      }
      const choice = parseIdentity(path, data, secrets.passphrase);
      if (choice instanceof BerthError) skipped.push(choice);
      else methods.push({ type: 'publickey', username: ep.user, key: choice.key } as AuthMethod);
    }
  }
  return { methods, skipped };
}

function where(ep: SshEndpoint): string {
  return `${ep.host}:${ep.port}`;
}

/** Maps what ssh2 reported while connecting to a sentence and a reason. */
function connectFailure(
  ep: SshEndpoint,
  err: Error & { level?: string; code?: string },
  verdict: HostKeyVerdict | undefined,
  presented: Buffer | undefined,
  skipped: BerthError[], handshakeMs: number): BerthError {
  if (verdict && verdict.status !== 'known') {
    if (verdict.status === 'unknown') {
      return connectError('unauthorized', 'host-key-unknown', `The host ${where(ep)} is not known yet. Its ${verdict.keyType} key fingerprint is ${verdict.fingerprint}. Trust it only if it is the one the host's administrator gave you.`, {
        // The public key itself, so that once the user accepts the fingerprint it can be trusted (trustHostKey).
        details: { host: ep.host, port: ep.port, fingerprint: verdict.fingerprint, keyType: verdict.keyType, key: presented?.toString('base64') },
      });
    }
    if (verdict.status === 'changed') {
      return connectError(
        'unauthorized',
        'host-key-changed',
        `The host key of ${where(ep)} has changed: it now presents ${verdict.fingerprint}, but it is known as ${verdict.knownFingerprints.join(', ')}. Someone may be intercepting the connection, or the host was reinstalled. Berth refuses to connect; remove the old key from known_hosts if the change is expected.`,
        { details: { host: ep.host, port: ep.port, fingerprint: verdict.fingerprint, knownFingerprints: verdict.knownFingerprints } },
      );
    }
    return connectError('unauthorized', 'host-key-revoked', `The host key of ${where(ep)} (${verdict.fingerprint}) is marked revoked in known_hosts. Berth refuses to connect.`, {
      details: { host: ep.host, port: ep.port, fingerprint: verdict.fingerprint },
    });
  }
  if (err.level === 'client-authentication') {
    const protectedKey = skipped.find((s) => (s.details as { reason?: string }).reason === 'passphrase-needed');
    if (protectedKey) return protectedKey;
    return connectError('unauthorized', 'ssh-auth-failed', `${where(ep)} refused the login as ${ep.user}: none of the offered keys is authorised there${ep.identityFile ? ` (key ${ep.identityFile})` : ''}.`, {
      field: 'identityFile',
    });
  }
  if (err.level === 'client-timeout') {
    return connectError('timeout', 'no-answer', `${where(ep)} did not complete the SSH handshake within ${Math.round(handshakeMs / 1000)} s.`, { cause: err });
  }
  if (err.code === 'ECONNREFUSED') return connectError('engine-unreachable', 'refused', `Nothing is listening at ${where(ep)} (connection refused).`, { cause: err });
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return connectError('engine-unreachable', 'no-such-host', `The host name ${ep.host} cannot be resolved.`, { cause: err });
  if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH' || err.code === 'ETIMEDOUT') {
    return connectError('engine-unreachable', 'no-answer', `${where(ep)} cannot be reached (${err.code}).`, { cause: err });
  }
  if (err.code === 'ECONNRESET' || /Connection lost before handshake/i.test(err.message)) {
    return connectError('engine-unreachable', 'lost', `${where(ep)} closed the connection during the SSH handshake.`, { cause: err });
  }
  if (/Cannot parse privateKey|Unsupported key format/i.test(err.message)) {
    return connectError('invalid-input', 'key-unsupported', `The key could not be used: ${err.message}.`, { field: 'identityFile', cause: err });
  }
  return connectError('engine-unreachable', 'lost', `The SSH connection to ${where(ep)} failed: ${err.message}.`, { cause: err });
}

/** One SSH connection: TCP, host key checked against known_hosts, authenticated; each failure its own error. */
function handshake(ep: SshEndpoint, methods: AuthMethod[], skipped: BerthError[], entries: KnownHostEntry[], deps: SshDeps): Promise<Client> {
  const known = knownKeyTypes(entries, ep.host, ep.port);
  const algorithms = [...HOST_KEY_ALGORITHMS].sort((a, b) => Number(known.includes(algorithmKeyType(b))) - Number(known.includes(algorithmKeyType(a))));
  let verdict: HostKeyVerdict | undefined;
  let presented: Buffer | undefined;
  const conn = new ssh2.Client();
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (e: Error & { level?: string; code?: string }) => {
      if (settled) return;
      settled = true;
      conn.removeAllListeners('ready');
      conn.on('error', () => undefined);
      conn.end();
      reject(connectFailure(ep, e, verdict, presented, skipped, deps.handshakeMs));
    };
    const lostEarly = () => fail(Object.assign(new Error('Connection lost before handshake'), { code: 'ECONNRESET' }));
    conn.once('error', fail);
    conn.once('close', lostEarly);
    conn.once('ready', () => {
      if (settled) return;
      settled = true;
      conn.removeListener('error', fail);
      conn.removeListener('close', lostEarly);
      // Requests are small writes waiting on answers: no Nagle delay on our side (×15 on a warm list here).
      conn.setNoDelay(true);
      resolve(conn);
    });
    const config: ConnectConfig = {
      host: ep.host,
      port: ep.port,
      username: ep.user,
      readyTimeout: deps.handshakeMs,
      keepaliveInterval: 10_000,
      keepaliveCountMax: 3,
      algorithms: { serverHostKey: algorithms as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] },
      authHandler: methods as AuthMethod[] & AuthenticationType[],
      hostVerifier: (key: Buffer) => {
        verdict = checkHostKey(entries, ep.host, ep.port, key);
        presented = key;
        return verdict.status === 'known';
      },
    };
    try {
      conn.connect(config);
    } catch (e) {
      fail(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

/**
 * Channels per SSH connection. Why 8: OpenSSH's default MaxSessions is 10 per
 * connection, and every request or stream in flight holds one channel; past
 * that, another connection to the same host is opened (and closed once idle).
 */
const CHANNELS_PER_LINK = 8;
/** Why 8 links (64 channels): more than Berth keeps open at once; a bound so a runaway never floods the host. */
const MAX_LINKS = 8;
/** An extra connection with nothing on it closes after this long. */
const LINK_IDLE_MS = 15_000;

interface Link {
  client: Client;
  channels: Set<ClientChannel>;
  /** Channels asked for and not open yet: counted, so that concurrent dials spread over links. */
  pending: number;
  idle?: NodeJS.Timeout;
}

/**
 * SSH connections to a remote host, through which each engine request runs
 * `docker system dial-stdio` on its own channel, as the Docker CLI does.
 * Opened explicitly (host key checked, authenticated) so every failure has its
 * own clear error before any engine request; closed explicitly.
 */
export class SshTunnel {
  private closed = false;
  private lostReason: BerthError | undefined;
  private readonly links: Link[] = [];
  private opening: Promise<Link> | undefined;
  private readonly closeListeners: Array<(why: BerthError) => void> = [];

  private constructor(
    readonly endpoint: SshEndpoint,
    primary: Client,
    /** Another connection like the first (same host key check, same credentials). */
    private readonly connectAgain: () => Promise<Client>,
  ) {
    this.adopt(primary, true);
  }

  private adopt(client: Client, primary: boolean): Link {
    const link: Link = { client, channels: new Set(), pending: 0 };
    this.links.push(link);
    client.on('error', (e) => {
      if (primary) this.lostReason = new BerthError('engine-unreachable', `The SSH connection to ${where(this.endpoint)} was lost (${e.message}).`, { cause: e });
    });
    client.on('close', () => {
      clearTimeout(link.idle);
      const i = this.links.indexOf(link);
      if (i >= 0) this.links.splice(i, 1);
      // The first connection is the tunnel's life: when it goes, the host is gone (or the tunnel was closed).
      if (primary && !this.closed) {
        this.closed = true;
        this.lostReason ??= new BerthError('engine-unreachable', `The SSH connection to ${where(this.endpoint)} was closed.`);
        for (const l of this.links.splice(0)) l.client.end();
        for (const cb of this.closeListeners.splice(0)) cb(this.lostReason);
      }
    });
    return link;
  }

  /** Told once, with the reason, when the SSH connection ends (lost or closed). */
  onClose(cb: (why: BerthError) => void): void {
    if (this.closed) cb(this.lostReason ?? new BerthError('engine-unreachable', `The SSH connection to ${where(this.endpoint)} is closed.`));
    else this.closeListeners.push(cb);
  }

  /** Channels open now, over all connections. */
  get channels(): number {
    return this.links.reduce((n, l) => n + l.channels.size, 0);
  }

  /** SSH connections open now. */
  get connections(): number {
    return this.links.length;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  static async open(ep: SshEndpoint, secrets: SshSecrets, deps: SshDeps): Promise<SshTunnel> {
    const { methods, skipped } = credentials(ep, secrets, deps);
    if (methods.length === 0) {
      const protectedKey = skipped.find((s) => (s.details as { reason?: string }).reason === 'passphrase-needed');
      if (protectedKey) throw protectedKey;
      throw connectError('unauthorized', 'ssh-no-credentials', `Berth has no way to log in to ${where(ep)}: no ssh agent is running (SSH_AUTH_SOCK is not set) and no key file is given or found in ~/.ssh.`, {
        field: 'identityFile',
      });
    }
    const entries = readKnownHosts(deps.knownHostsFiles, (p) => deps.readFile(p).toString('utf8'));
    const connect = () => handshake(ep, methods, skipped, entries, deps);
    return new SshTunnel(ep, await connect(), connect);
  }

  /** A link with room for one more channel, that room reserved (pending) before anything else can look. */
  private async link(): Promise<Link> {
    const free = this.links.find((l) => l.channels.size + l.pending < CHANNELS_PER_LINK);
    if (free) {
      free.pending++;
      return free;
    }
    if (this.opening) return this.opening.then(() => this.link());
    if (this.links.length >= MAX_LINKS) {
      throw new BerthError('engine-unreachable', `Berth already holds ${MAX_LINKS * CHANNELS_PER_LINK} requests and streams open to ${where(this.endpoint)}; close some views and try again.`);
    }
    this.opening = this.connectAgain()
      .then((client) => {
        if (this.closed) {
          client.end();
          throw this.lostReason ?? new BerthError('engine-unreachable', `The SSH connection to ${where(this.endpoint)} is closed.`);
        }
        return this.adopt(client, false);
      })
      .finally(() => (this.opening = undefined));
    await this.opening;
    return this.link();
  }

  private release(link: Link, channel: ClientChannel): void {
    link.channels.delete(channel);
    if (link.channels.size + link.pending > 0 || link === this.links[0]) return;
    clearTimeout(link.idle);
    link.idle = setTimeout(() => {
      if (link.channels.size === 0) link.client.end();
    }, LINK_IDLE_MS);
    link.idle.unref?.();
  }

  /**
   * An http agent whose every connection is a fresh `docker system dial-stdio`
   * channel: the engine's HTTP then runs over it unchanged, so the guarded
   * modem's deadlines and refusal of redirects apply as on a local socket.
   * Kept alive: a channel (and its remote dial-stdio process, slow to start)
   * serves request after request; idle ones close with the agent.
   */
  httpAgent(opts: AgentOptions = {}): HttpAgent {
    const agent = new HttpAgent({ keepAlive: true, maxFreeSockets: 4, ...opts });
    const tunnel = this;
    (agent as unknown as { createConnection: (o: unknown, cb: (err: Error | null, s?: Duplex) => void) => undefined }).createConnection = (_o, cb) => {
      tunnel.dial().then(
        (s) => cb(null, s),
        (e: Error) => cb(e),
      );
      return undefined;
    };
    return agent;
  }

  /** One channel running dial-stdio; fails clearly when the remote has no docker CLI. */
  async dial(): Promise<Duplex> {
    if (this.closed) throw this.lostReason ?? new BerthError('engine-unreachable', `The SSH connection to ${where(this.endpoint)} is closed.`);
    const link = await this.link();
    clearTimeout(link.idle);
    return new Promise((resolve, reject) => {
      link.client.exec(DIAL, (err, channel) => {
        link.pending--;
        if (err) {
          reject(new BerthError('engine-unreachable', `The SSH server at ${where(this.endpoint)} refused a new session (${err.message}).`, { cause: err }));
          return;
        }
        link.channels.add(channel);
        let answered = false;
        let exited = false;
        let eofHeld = false;
        let stderr = '';
        // sshd may send the end of output before the exit status: a dial-stdio that failed at once
        // would read as a bare "socket hang up". Until the engine has said anything, the end waits
        // for the exit status, so a failure is reported for what it is.
        const push = channel.push.bind(channel);
        channel.push = (chunk: unknown, encoding?: BufferEncoding) => {
          if (chunk === null && !answered && !exited) {
            eofHeld = true;
            return false;
          }
          if (chunk !== null) answered = true;
          return push(chunk, encoding);
        };
        const release = () => {
          if (!eofHeld) return;
          eofHeld = false;
          if (!channel.destroyed) push(null);
        };
        channel.stderr.on('data', (d: Buffer) => {
          if (stderr.length < 2000) stderr += d.toString('utf8');
        });
        channel.once('exit', (code: number | null) => {
          exited = true;
          if (answered || code === 0) return release();
          const missing = code === 127 || /not found|No such file/i.test(stderr);
          const why = missing
            ? connectError('unsupported', 'no-docker-cli', `The host ${where(this.endpoint)} has no docker command for Berth to reach its engine through (docker system dial-stdio: ${stderr.trim() || `exit ${code}`}). Install the Docker CLI there, or connect over TCP with TLS.`)
            : connectError('engine-unreachable', 'lost', `docker system dial-stdio on ${where(this.endpoint)} failed: ${stderr.trim() || `exit ${code}`}.`);
          // ssh2's channel ignores destroy's argument: the error is told to whoever reads the channel first.
          if (channel.listenerCount('error') > 0) channel.emit('error', why);
          channel.destroy();
        });
        channel.once('close', () => {
          exited = true;
          release();
          this.release(link, channel);
        });
        // The http client treats its connection as a net.Socket: these are no-ops on a channel.
        const shim = channel as unknown as Record<string, unknown>;
        for (const m of ['setKeepAlive', 'setNoDelay', 'setTimeout', 'ref', 'unref']) {
          if (typeof shim[m] !== 'function') shim[m] = () => channel;
        }
        resolve(channel);
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed && this.links.length === 0) return;
    this.closed = true;
    this.lostReason ??= new BerthError('engine-unreachable', `Berth closed its SSH connection to ${where(this.endpoint)}.`);
    const links = this.links.splice(0);
    await Promise.all(
      links.map(
        (l) =>
          new Promise<void>((resolve) => {
            clearTimeout(l.idle);
            for (const ch of l.channels) ch.destroy();
            const t = setTimeout(resolve, 2000);
            t.unref?.();
            l.client.once('close', () => (clearTimeout(t), resolve()));
            l.client.end();
          }),
      ),
    );
    for (const cb of this.closeListeners.splice(0)) cb(this.lostReason);
  }
}
