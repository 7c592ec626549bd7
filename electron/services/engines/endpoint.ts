import { z } from 'zod';
import { BerthError } from '../../../shared/contract/errors';

/*
 * Where an engine listens, as users name it. Contract-shaped (plain data, no
 * Node types) so it can cross the bridge as it is: file paths only, never key
 * material or passphrases.
 */

/** A host name or an IP literal (IPv6 without its brackets). No spaces, no leading dash: never an option to anything. */
const Host = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(?!-)[A-Za-z0-9._:%-]+$/, 'a host name or an IP address');
const Port = z.number().int().min(1).max(65535);
/** An absolute path, without NUL or line breaks (they end paths early or split files). */
const FilePath = z
  .string()
  .min(2)
  .max(4096)
  .regex(/^\/[^\0\r\n]*$/, 'an absolute path');

export const UnixEndpoint = z.object({ kind: z.literal('unix'), path: FilePath });
export type UnixEndpoint = z.infer<typeof UnixEndpoint>;

export const TlsFiles = z.object({
  /** The CA that signed the daemon's certificate; without it, the system's CAs. */
  ca: FilePath.optional(),
  /** The client certificate and its key, for a daemon started with --tlsverify. */
  cert: FilePath.optional(),
  key: FilePath.optional(),
  /** Check the daemon's certificate and name. Off only by an explicit choice, warned. */
  verify: z.boolean().default(true),
});
export type TlsFiles = z.infer<typeof TlsFiles>;

export const TcpEndpoint = z.object({
  kind: z.literal('tcp'),
  host: Host,
  port: Port,
  /** Absent: plain HTTP (unencrypted, unauthenticated). */
  tls: TlsFiles.optional(),
});
export type TcpEndpoint = z.infer<typeof TcpEndpoint>;

export const SshEndpoint = z.object({
  kind: z.literal('ssh'),
  user: z
    .string()
    .min(1)
    .max(64)
    .regex(/^(?!-)[A-Za-z0-9._][A-Za-z0-9._-]*\$?$/, 'a user name'),
  host: Host,
  port: Port.default(22),
  /** A private key file (ed25519, ECDSA, RSA); absent: the agent and the default key files. */
  identityFile: FilePath.optional(),
  /** Offer the keys of the running ssh agent (SSH_AUTH_SOCK). */
  useAgent: z.boolean().default(true),
});
export type SshEndpoint = z.infer<typeof SshEndpoint>;

export const Endpoint = z.discriminatedUnion('kind', [UnixEndpoint, TcpEndpoint, SshEndpoint]);
export type Endpoint = z.infer<typeof Endpoint>;

export const EndpointWarning = z.enum(['plain-tcp-remote', 'plain-tcp', 'tls-verify-off']);
export type EndpointWarning = z.infer<typeof EndpointWarning>;

const MAX_INPUT = 4096;

/** At most 80 characters, control characters escaped: a message stays one readable line. */
function clip(text: string): string {
  const shown = text.length > 80 ? `${text.slice(0, 77)}…` : text;
  return JSON.stringify(shown).slice(1, -1);
}

function bad(text: string, why: string): BerthError {
  const safe = clip(text);
  return new BerthError('invalid-input', `"${safe}" is not an engine address: ${why}. Use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host[:port].`, {
    field: 'endpoint',
  });
}

function parsePort(text: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,5}$/.test(raw)) throw bad(text, `the port "${raw}" is not a number`);
  const port = Number(raw);
  if (port < 1 || port > 65535) throw bad(text, `the port ${port} is outside 1–65535`);
  return port;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`. */
function splitHostPort(text: string, rest: string): { host: string; port: string | undefined } {
  const v6 = /^\[([0-9A-Fa-f:.%A-Za-z]+)\](?::([^:]*))?$/.exec(rest);
  if (v6) return { host: v6[1]!, port: v6[2] };
  const m = /^([^:[\]]*)(?::([^:]*))?$/.exec(rest);
  if (!m) throw bad(text, 'an IPv6 address needs brackets, e.g. [::1]:2376');
  if (!m[1]) throw bad(text, 'the host is missing');
  return { host: m[1], port: m[2] };
}

function checkHost(text: string, host: string): string {
  if (!Host.safeParse(host).success) throw bad(text, `"${clip(host)}" is not a host name or an IP address`);
  return host;
}

/**
 * Parses what a user types into the address field: `unix:///path`, `/path`,
 * `tcp://host:port` (a bare `host:port` too), `ssh://user@host[:port]`. TLS
 * files and the identity file come from the form's other fields.
 * Throws invalid-input (field `endpoint`) with a sentence saying what is wrong.
 */
export function parseEndpoint(input: string): Endpoint {
  if (typeof input !== 'string') throw bad(String(input), 'it is not text');
  if (input.length > MAX_INPUT) throw bad(input, `it is longer than ${MAX_INPUT} characters`);
  const text = input.trim();
  if (!text) throw bad(text, 'it is empty');
  if (/[\0-\x1f\x7f\s]/.test(text)) throw bad(text, 'it contains spaces or control characters');

  if (text.startsWith('/')) return unix(text, text);
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(text);
  if (!m) {
    if (/^[^/:@]+:\d+$/.test(text)) return tcp(text, text);
    throw bad(text, 'it has no scheme');
  }
  const scheme = m[1]!.toLowerCase();
  const rest = m[2]!;
  switch (scheme) {
    case 'unix':
      if (!rest.startsWith('/')) throw bad(text, 'a unix socket needs an absolute path (unix:///run/docker.sock)');
      return unix(text, rest);
    case 'tcp':
      return tcp(text, rest);
    case 'ssh':
      return ssh(text, rest);
    case 'http':
    case 'https':
      throw bad(text, `use tcp://${rest.replace(/\/$/, '')} (with the TLS files for https)`);
    case 'npipe':
      throw bad(text, 'Windows named pipes are not supported on this system');
    default:
      throw bad(text, `the scheme "${scheme}" is not one of unix, tcp, ssh`);
  }
}

function unix(text: string, path: string): UnixEndpoint {
  if (path.includes('?') || path.includes('#')) throw bad(text, 'a socket path has no query or fragment');
  const r = FilePath.safeParse(path);
  if (!r.success || /(^|\/)\.\.?(\/|$)/.test(path)) throw bad(text, 'the socket path must be absolute, without "." or ".." segments');
  return { kind: 'unix', path };
}

function tcp(text: string, rest: string): TcpEndpoint {
  const hostPort = rest.replace(/\/$/, '');
  if (/[/?#@]/.test(hostPort)) throw bad(text, 'a tcp address is only host:port (no user, path or query)');
  const { host, port } = splitHostPort(text, hostPort);
  return { kind: 'tcp', host: checkHost(text, host), port: parsePort(text, port, 2376) };
}

function ssh(text: string, rest: string): SshEndpoint {
  const hostPart = rest.replace(/\/$/, '');
  if (/[/?#]/.test(hostPart)) throw bad(text, 'an ssh address is only user@host[:port] (no path or query)');
  const at = hostPart.lastIndexOf('@');
  if (at < 0) throw bad(text, 'the user is missing (ssh://user@host)');
  const user = decodeURIComponentSafe(hostPart.slice(0, at));
  if (!user) throw bad(text, 'the user is missing (ssh://user@host)');
  if (user.includes(':')) throw bad(text, 'passwords do not belong in the address; Berth uses your ssh agent or a key file');
  if (!SshEndpoint.shape.user.safeParse(user).success) throw bad(text, `"${clip(user)}" is not a user name`);
  const { host, port } = splitHostPort(text, hostPart.slice(at + 1));
  return { kind: 'ssh', user, host: checkHost(text, host), port: parsePort(text, port, 22), useAgent: true };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The address as users read and type it. */
export function formatEndpoint(e: Endpoint): string {
  const host = (h: string) => (h.includes(':') ? `[${h}]` : h);
  switch (e.kind) {
    case 'unix':
      return `unix://${e.path}`;
    case 'tcp':
      return `tcp://${host(e.host)}:${e.port}`;
    case 'ssh':
      return `ssh://${e.user}@${host(e.host)}${e.port === 22 ? '' : `:${e.port}`}`;
  }
}

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/**
 * What the connection form should warn about before saving: plain tcp anywhere
 * but loopback gives anyone on the network root on that machine; TLS without
 * verification trusts whoever answers.
 */
export function endpointWarnings(e: Endpoint): EndpointWarning[] {
  if (e.kind !== 'tcp') return [];
  if (!e.tls) return [isLoopback(e.host) ? 'plain-tcp' : 'plain-tcp-remote'];
  return e.tls.verify === false ? ['tls-verify-off'] : [];
}

export const WARNING_TEXT: Record<EndpointWarning, string> = {
  'plain-tcp-remote': 'This address has no TLS: the engine is open to anyone who can reach it on the network, with root on that machine, and the traffic is not encrypted.',
  'plain-tcp': 'This address has no TLS: any local user can reach this engine.',
  'tls-verify-off': 'Certificate verification is off: Berth cannot tell this engine from an impostor.',
};
