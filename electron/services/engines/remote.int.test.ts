import type Docker from 'dockerode';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Demuxer } from '../engine/demux';
import { toBerthError } from '../engine/errors';
import { dockerCli, TEST_IMAGE, until } from '../testing/docker-cli';
import { connectEngine, type ConnectDeps, type EngineConnection, type EngineSecrets } from './connect';
import { failureOf } from './connect-errors';
import type { Endpoint, SshEndpoint, TcpEndpoint } from './endpoint';
import { trustHostKey } from './known-hosts';
import { testConnection } from './test-connection';

/*
 * Against real parts: a dockerd on tcp://127.0.0.1:2376 with --tlsverify
 * (scripts/tls-engine.sh) and Debian's sshd on 127.0.0.1:2222 in front of
 * this machine's engine (scripts/ssh-engine.sh). The docker CLI is the witness.
 */

const ROOT = new URL('../../../', import.meta.url).pathname;
const T = '/var/lib/berth-tls';
const S = '/var/lib/berth-ssh';
const LABEL = 'berth.test=remote';
const TLS_CLI = ['-H', 'tcp://127.0.0.1:2376', '--tlsverify', '--tlscacert', `${T}/ca.pem`, '--tlscert', `${T}/cert.pem`, '--tlskey', `${T}/key.pem`];
/** Short deadlines: every bad case must fail well within the test's own bound. */
const HANDSHAKE_MS = 3000;
const QUICK_MS = 3000;

const tlsEp = (tls: Partial<NonNullable<TcpEndpoint['tls']>> = {}, port = 2376): TcpEndpoint => ({
  kind: 'tcp',
  host: '127.0.0.1',
  port,
  tls: { ca: `${T}/ca.pem`, cert: `${T}/cert.pem`, key: `${T}/key.pem`, verify: true, ...tls },
});
const sshEp = (key: string, extra: Partial<SshEndpoint> = {}): SshEndpoint => ({ kind: 'ssh', user: 'root', host: '127.0.0.1', port: 2222, identityFile: `${S}/${key}`, useAgent: false, ...extra });

const dataDir = mkdtempSync(join(tmpdir(), 'berth-remote-'));
const berthKnownHosts = join(dataDir, 'known_hosts');
const deps = (extra: Partial<ConnectDeps> = {}): ConnectDeps => ({
  knownHostsFiles: [`${S}/known_hosts`, berthKnownHosts],
  env: {},
  defaultKeyFiles: [],
  handshakeMs: HANDSHAKE_MS,
  timeouts: { quick: QUICK_MS, ping: QUICK_MS },
  ...extra,
});

function sh(script: string): string {
  return execFileSync('bash', [join(ROOT, 'scripts', script)], { encoding: 'utf8', timeout: 120_000 }).trim().split('\n').pop() ?? '';
}

/** This process's established TCP connections to a port (the sshd's or the daemon's). */
function connectionsTo(port: number): number {
  const out = execFileSync('ss', ['-Htnp', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(`pid=${process.pid},`)).length;
}

async function settledConnections(port: number): Promise<number> {
  // A closed connection leaves the table within moments.
  return until(() => connectionsTo(port), (n) => n === 0, 3000).catch(() => connectionsTo(port));
}

function cliTls(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker', [...TLS_CLI, ...args], { timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout.trim())));
  });
}

async function removeLabelledTls(): Promise<void> {
  const ids = (await cliTls(['ps', '-aq', '--filter', `label=${LABEL}`]).catch(() => '')).split('\n').filter(Boolean);
  if (ids.length) await cliTls(['rm', '-f', '-v', ...ids]).catch(() => undefined);
}
async function removeLabelledLocal(): Promise<void> {
  const ids = (await dockerCli(['ps', '-aq', '--filter', `label=${LABEL}`])).split('\n').filter(Boolean);
  if (ids.length) await dockerCli(['rm', '-f', '-v', ...ids]).catch(() => undefined);
}

async function outcome(p: Promise<unknown>): Promise<{ code: string; reason: string | undefined; message: string; ms: number; details: unknown }> {
  const t0 = Date.now();
  try {
    await p;
    return { code: 'ok', reason: undefined, message: '', ms: Date.now() - t0, details: undefined };
  } catch (e) {
    const err = toBerthError(e);
    return { code: err.code, reason: failureOf(err), message: err.message, ms: Date.now() - t0, details: err.details };
  }
}

async function execOutput(docker: Docker, id: string, cmd: string[]): Promise<string> {
  const exec = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = (await exec.start({ hijack: true, stdin: false })) as unknown as Readable;
  const out = { stdout: '', stderr: '' };
  const d = new Demuxer((s, b) => (out[s] += b.toString('utf8')));
  for await (const chunk of stream) d.push(chunk as Buffer);
  return `${out.stdout}|${out.stderr}`;
}

async function roundTripArchive(docker: Docker, id: string): Promise<string> {
  const pack = tar.pack();
  pack.entry({ name: 'hello.txt' }, 'over the wire\n');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  await docker.getContainer(id).putArchive(Buffer.concat(chunks), { path: '/tmp' });
  const got = (await docker.getContainer(id).getArchive({ path: '/tmp/hello.txt' })) as unknown as Readable;
  const extract = tar.extract();
  let text = '';
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (_h, s, next) => {
      s.on('data', (b: unknown) => (text += String(b)));
      s.on('end', next);
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  got.pipe(extract);
  await done;
  return text;
}

/** Runs the features' round trip on a connection: list, run, exec, archive put and get. */
async function exercise(conn: EngineConnection, witness: (args: string[]) => Promise<string>, name: string): Promise<void> {
  const before = await conn.docker.listContainers({ all: true });
  expect(Array.isArray(before)).toBe(true);
  const c = await conn.docker.createContainer({ Image: TEST_IMAGE, name, Cmd: ['sleep', '300'], Labels: { 'berth.test': 'remote' } });
  await c.start();
  expect(await witness(['inspect', '-f', '{{.State.Running}} {{index .Config.Labels "berth.test"}}', name])).toBe('true remote');
  const listed = await conn.docker.listContainers({ filters: { label: [LABEL] } });
  expect(listed.map((x) => x.Id)).toContain(c.id);
  expect(await execOutput(conn.docker, c.id, ['sh', '-c', 'echo out; echo err >&2'])).toBe('out\n|err\n');
  expect(await roundTripArchive(conn.docker, c.id)).toBe('over the wire\n');
  expect(await witness(['exec', name, 'cat', '/tmp/hello.txt'])).toBe('over the wire');
  await c.remove({ force: true });
}

/** A TCP server that accepts and never says a word: a host that does not answer. */
function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({ port, close: () => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))) });
    }),
  );
}

/** A TCP relay in front of a local port, whose cut closes every connection through it and refuses new ones. */
function tcpRelay(target: number): Promise<{ port: number; cut: () => void; close: () => Promise<void> }> {
  const pairs = new Set<[Socket, Socket]>();
  let cut = false;
  const server = createServer((client) => {
    if (cut) return client.resetAndDestroy();
    const upstream = createConnection({ host: '127.0.0.1', port: target });
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream).pipe(client);
    const end = () => (pairs.delete(pair), client.destroy(), upstream.destroy());
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as { port: number }).port,
        cut: () => {
          cut = true;
          // A plain close (FIN), as the kernel ends a killed daemon's sockets with nothing unread: the hang seen.
          for (const [a, b] of pairs) (a.destroy(), b.destroy());
        },
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

async function closedPort(): Promise<number> {
  const s = await silentServer();
  await s.close();
  return s.port;
}

/** What this file started itself (scripts/provision.sh may have started them already): stopped after. */
const started: string[] = [];
const TLS_PIDFILE = '/run/berth-engine-tls/docker.pid';
const SSH_PIDFILE = `${S}/sshd.pid`;
const pidOf = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim() : '');

beforeAll(() => {
  for (const [script, pidfile] of [['tls-engine.sh', TLS_PIDFILE], ['ssh-engine.sh', SSH_PIDFILE]] as const) {
    const before = pidOf(pidfile);
    sh(script);
    if (pidOf(pidfile) !== before) started.push(pidfile);
  }
}, 120_000);

afterAll(async () => {
  await removeLabelledTls();
  await removeLabelledLocal();
  rmSync(dataDir, { recursive: true, force: true });
  for (const pidfile of started) {
    const pid = Number(pidOf(pidfile));
    if (pid > 0) process.kill(pid, 'SIGTERM');
  }
}, 60_000);

describe('remote engines over TLS (real dockerd with --tlsverify)', () => {
  it('tests the connection, then lists, runs, execs and copies files through it; the docker CLI sees the same', async () => {
    const r = await testConnection(tlsEp(), {}, deps());
    expect(r).toMatchObject({ ok: true, kind: 'docker', apiVersion: await cliTls(['version', '-f', '{{.Server.APIVersion}}']), warnings: [] });
    const conn = await connectEngine(tlsEp(), {}, deps());
    try {
      await exercise(conn, cliTls, `berth-remote-tls-${process.pid}`);
    } finally {
      await conn.close();
    }
    expect(await settledConnections(2376)).toBe(0);
  });

  it.each([
    ['a CA that did not sign the daemon', () => tlsEp({ ca: `${T}/rogue-ca.pem` }), 'unauthorized', 'tls-server-untrusted', /did not sign/],
    ['a client certificate the daemon does not trust', () => tlsEp({ cert: `${T}/rogue-client-cert.pem`, key: `${T}/rogue-client-key.pem` }), 'unauthorized', 'tls-client-refused', /does not trust the client certificate/],
    ['no client certificate', () => tlsEp({ cert: undefined, key: undefined }), 'unauthorized', 'tls-client-refused', /requires a client certificate/],
    ['a key that is not the certificate’s', () => tlsEp({ key: `${T}/rogue-client-key.pem` }), 'invalid-input', 'key-mismatch', /does not belong/],
    ['a missing CA file', () => tlsEp({ ca: `${T}/no-such-ca.pem` }), 'invalid-input', 'file-missing', /does not exist/],
    ['a CA file that is not PEM', () => tlsEp({ ca: `${S}/id_ed25519.pub` }), 'invalid-input', 'not-pem', /not a PEM certificate/],
    ['plain HTTP to the TLS port', (): Endpoint => ({ kind: 'tcp', host: '127.0.0.1', port: 2376 }), 'invalid-input', 'tls-expected', /expects TLS/],
  ] as const)('refuses %s with its own error, leaving nothing open', async (_what, ep, code, reason, message) => {
    const r = await outcome(connectEngine(ep(), {}, deps()));
    expect(r).toMatchObject({ code, reason });
    expect(r.message).toMatch(message);
    expect(r.ms).toBeLessThan(HANDSHAKE_MS + QUICK_MS);
    expect(await settledConnections(2376)).toBe(0);
  });

  it('says so when the host does not answer, within the deadline, and when the port is closed', async () => {
    const silent = await silentServer();
    try {
      const r = await outcome(connectEngine(tlsEp({}, silent.port), {}, deps()));
      expect(r).toMatchObject({ code: 'timeout', reason: 'no-answer' });
      expect(r.ms).toBeGreaterThanOrEqual(QUICK_MS - 100);
      expect(r.ms).toBeLessThan(QUICK_MS + 2000);
      expect(await settledConnections(silent.port)).toBe(0);
    } finally {
      await silent.close();
    }
    const port = await closedPort();
    const r = await outcome(connectEngine(tlsEp({}, port), {}, deps()));
    expect(r).toMatchObject({ code: 'engine-unreachable', reason: 'refused' });
    expect(r.message).toMatch(/Nothing is listening/);
  });

  it('flags plain tcp to a non-loopback address, whatever the outcome', async () => {
    // TEST-NET-1 (192.0.2.0/24) is never routed: the warning comes with a no-answer or unreachable error.
    const r = await testConnection({ kind: 'tcp', host: '192.0.2.1', port: 2375 }, {}, deps({ timeouts: { quick: 1500 } }));
    expect(r.warnings).toEqual(['plain-tcp-remote']);
    expect(r.ok).toBe(false);
    expect(r.ok === false && ['timeout', 'engine-unreachable']).toContain(r.ok === false && r.error.code);
    expect(r.ms).toBeLessThan(4000);
  });

  it('fails a call in flight as unreachable when the engine is lost mid-answer, and the next call too', async () => {
    // Reproduction: a cut mid-answer left a plain call (wait, no deadline) waiting forever.
    // The engine sits behind a TCP relay of our own; cutting it closes every connection,
    // as the kernel does when the daemon dies (killing the shared machine's daemons is not ours to do,
    // and this one's containerd did not always come back in time on two cores).
    const relay = await tcpRelay(2376);
    const conn = await connectEngine(tlsEp({}, relay.port), {}, deps());
    try {
      const name = `berth-remote-tlscut-${process.pid}`;
      const c = await conn.docker.createContainer({ Image: TEST_IMAGE, name, Cmd: ['sleep', '300'], Labels: { 'berth.test': 'remote' } });
      await c.start();
      const waiting = outcome(c.wait());
      await new Promise((r) => setTimeout(r, 300));
      relay.cut();
      const r = await waiting;
      expect(r.code).toBe('engine-unreachable');
      expect(r.ms).toBeLessThan(5000);
      const next = await outcome(conn.docker.listContainers());
      expect(next.code).toBe('engine-unreachable');
      expect(next.ms).toBeLessThan(QUICK_MS + 500);
    } finally {
      await conn.close();
      await relay.close();
    }
    expect(await settledConnections(relay.port)).toBe(0);
  });
});

describe('remote engines over SSH (real sshd, docker system dial-stdio)', () => {
  it('tests the connection with ed25519, ECDSA and RSA keys', async () => {
    for (const key of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
      const r = await testConnection(sshEp(key), {}, deps());
      expect(r, key).toMatchObject({ ok: true, kind: 'docker', apiVersion: await dockerCli(['version', '-f', '{{.Server.APIVersion}}']) });
    }
    expect(await settledConnections(2222)).toBe(0);
  });

  it('lists, runs, execs and copies files through it; the docker CLI on the engine sees the same', async () => {
    const conn = await connectEngine(sshEp('id_ed25519'), {}, deps());
    try {
      await exercise(conn, dockerCli, `berth-remote-ssh-${process.pid}`);
    } finally {
      await conn.close();
    }
    expect(await settledConnections(2222)).toBe(0);
  });

  it('opens a protected key with its passphrase, and asks for it (never hangs) without', async () => {
    const asked = await outcome(connectEngine(sshEp('id_passphrase'), {}, deps()));
    expect(asked).toMatchObject({ code: 'unauthorized', reason: 'passphrase-needed' });
    expect(asked.message).toMatch(/needs its passphrase/);
    expect(asked.ms).toBeLessThan(1000);
    const wrong = await outcome(connectEngine(sshEp('id_passphrase'), { passphrase: 'not it' }, deps()));
    expect(wrong).toMatchObject({ code: 'unauthorized', reason: 'passphrase-wrong' });
    const secrets: EngineSecrets = { passphrase: 'berth-test-passphrase' };
    const r = await testConnection(sshEp('id_passphrase'), secrets, deps());
    expect(r.ok).toBe(true);
    expect(await settledConnections(2222)).toBe(0);
  });

  it('shows an unknown host key’s fingerprint as ssh-keygen does, and connects once it is trusted in Berth’s own file', async () => {
    const own = join(dataDir, 'trust-test-known_hosts');
    const r = await outcome(connectEngine(sshEp('id_ed25519'), {}, deps({ knownHostsFiles: [own] })));
    expect(r).toMatchObject({ code: 'unauthorized', reason: 'host-key-unknown' });
    const fp = execFileSync('ssh-keygen', ['-lf', `${S}/host_ed25519.pub`], { encoding: 'utf8' }).split(' ')[1];
    expect(r.details).toMatchObject({ fingerprint: fp, keyType: 'ssh-ed25519', host: '127.0.0.1', port: 2222 });
    expect(r.message).toContain(fp);
    // Nothing was written while asking.
    expect(existsSync(own)).toBe(false);
    const key = Buffer.from((r.details as { key: string }).key, 'base64');
    trustHostKey(own, '127.0.0.1', 2222, key);
    expect((await testConnection(sshEp('id_ed25519'), {}, deps({ knownHostsFiles: [own] }))).ok).toBe(true);
    expect(await settledConnections(2222)).toBe(0);
  });

  it('refuses a changed host key with both fingerprints, as OpenSSH does', async () => {
    const forged = join(dataDir, 'forged_known_hosts');
    const other = readFileSync(`${S}/id_stranger.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(forged, `[127.0.0.1]:2222 ${other}\n`);
    const r = await outcome(connectEngine(sshEp('id_ed25519'), {}, deps({ knownHostsFiles: [forged] })));
    expect(r).toMatchObject({ code: 'unauthorized', reason: 'host-key-changed' });
    const was = execFileSync('ssh-keygen', ['-lf', `${S}/id_stranger.pub`], { encoding: 'utf8' }).split(' ')[1];
    const now = execFileSync('ssh-keygen', ['-lf', `${S}/host_ed25519.pub`], { encoding: 'utf8' }).split(' ')[1];
    expect(r.details).toMatchObject({ fingerprint: now, knownFingerprints: [was] });
    expect(readFileSync(forged, 'utf8')).toBe(`[127.0.0.1]:2222 ${other}\n`);
    expect(await settledConnections(2222)).toBe(0);
  });

  it.each([
    ['a key the server does not authorise', () => sshEp('id_stranger'), 'unauthorized', 'ssh-auth-failed', /refused the login as root/],
    ['a remote with no docker CLI', () => sshEp('id_nodocker'), 'unsupported', 'no-docker-cli', /no docker command/],
    ['a missing key file', () => sshEp('id_none'), 'invalid-input', 'file-missing', /does not exist/],
    ['a file that is not a key', () => sshEp('known_hosts'), 'invalid-input', 'key-unsupported', /not a private key/],
    ['no agent and no key', () => sshEp('x', { identityFile: undefined }), 'unauthorized', 'ssh-no-credentials', /no ssh agent/],
  ] as const)('refuses %s with its own error, leaving nothing open', async (_what, ep, code, reason, message) => {
    const r = await outcome(connectEngine(ep(), {}, deps()));
    expect(r, r.message).toMatchObject({ code, reason });
    expect(r.message).toMatch(message);
    expect(r.ms).toBeLessThan(HANDSHAKE_MS + QUICK_MS);
    expect(await settledConnections(2222)).toBe(0);
  });

  it('says so when the host does not answer, within the deadline, and when the port is closed', async () => {
    const silent = await silentServer();
    try {
      const r = await outcome(connectEngine(sshEp('id_ed25519', { port: silent.port }), {}, deps()));
      expect(r).toMatchObject({ code: 'timeout', reason: 'no-answer' });
      expect(r.ms).toBeLessThan(HANDSHAKE_MS + 1500);
      expect(await settledConnections(silent.port)).toBe(0);
    } finally {
      await silent.close();
    }
    const r = await outcome(connectEngine(sshEp('id_ed25519', { port: await closedPort() }), {}, deps()));
    expect(r).toMatchObject({ code: 'engine-unreachable', reason: 'refused' });
  });

  it('authenticates through a running ssh agent (SSH_AUTH_SOCK) with no key file named', async () => {
    const sock = join(dataDir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      await until(() => existsSync(sock), (x) => x, 5000);
      execFileSync('ssh-add', [`${S}/id_ecdsa`], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      const viaAgent = sshEp('x', { identityFile: undefined, useAgent: true });
      const r = await testConnection(viaAgent, {}, deps({ env: { SSH_AUTH_SOCK: sock } }));
      expect(r.ok).toBe(true);
      // Without the agent, the same endpoint has nothing to log in with.
      expect((await testConnection(viaAgent, {}, deps())).ok).toBe(false);
    } finally {
      agent.kill();
    }
    expect(await settledConnections(2222)).toBe(0);
  });

  it('serves more streams at once than one SSH connection allows (MaxSessions 10) by opening more, and closes them all', async () => {
    const conn = await connectEngine(sshEp('id_ed25519'), {}, deps());
    const name = `berth-remote-sshmany-${process.pid}`;
    try {
      const c = await conn.docker.createContainer({ Image: TEST_IMAGE, name, Cmd: ['sh', '-c', 'while :; do echo tick; sleep 0.2; done'], Labels: { 'berth.test': 'remote' } });
      await c.start();
      const streams = await Promise.all(Array.from({ length: 20 }, () => c.logs({ follow: true, stdout: true }) as unknown as Promise<Readable>));
      const heard = await Promise.all(streams.map((s) => new Promise<boolean>((resolve) => s.once('data', () => resolve(true)))));
      expect(heard).toEqual(Array(20).fill(true));
      // 20 streams, 8 channels a connection: three SSH connections, and requests still answer beside them.
      expect(connectionsTo(2222)).toBeGreaterThanOrEqual(3);
      expect((await conn.docker.listContainers({ filters: { name: [name] } })).length).toBe(1);
      for (const s of streams) s.destroy();
    } finally {
      await conn.close();
    }
    expect(await settledConnections(2222)).toBe(0);
  });

  it('wrote nothing to the data dir on any failure (only what the tests put there themselves)', () => {
    expect(readdirSync(dataDir).filter((f) => !['trust-test-known_hosts', 'forged_known_hosts', 'agent.sock'].includes(f))).toEqual([]);
  });

  it('fails a call in flight as unreachable when the remote side dies', async () => {
    const conn = await connectEngine(sshEp('id_ed25519'), {}, deps());
    try {
      const name = `berth-remote-sshkill-${process.pid}`;
      const c = await conn.docker.createContainer({ Image: TEST_IMAGE, name, Cmd: ['sleep', '300'], Labels: { 'berth.test': 'remote' } });
      await c.start();
      const waiting = outcome(c.wait());
      // The remote dial-stdio processes serving this connection (children of our own sshd), ended by id.
      const master = readFileSync(`${S}/sshd.pid`, 'utf8').trim();
      const dials = await until(
        () => dialStdioUnder(master),
        (p) => p.length > 0,
        5000,
      );
      for (const pid of dials) process.kill(Number(pid), 'SIGKILL');
      const r = await waiting;
      expect(r.code).toBe('engine-unreachable');
      expect(r.ms).toBeLessThan(5000);
    } finally {
      await conn.close();
    }
    expect(await settledConnections(2222)).toBe(0);
  });
});

/** Pids of `docker system dial-stdio` processes descending from the given sshd. */
function dialStdioUnder(root: string): string[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null);
  const kids = new Map<string, string[]>();
  for (const [, pid, ppid] of rows) kids.set(ppid!, [...(kids.get(ppid!) ?? []), pid!]);
  const under = new Set<string>();
  const walk = (p: string) => (kids.get(p) ?? []).forEach((k) => (under.add(k), walk(k)));
  walk(root);
  return rows.filter(([, pid, , args]) => under.has(pid!) && /^docker system dial-stdio/.test(args!)).map(([, pid]) => pid!);
}
