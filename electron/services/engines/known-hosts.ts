import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Host key checking as OpenSSH does it, against known_hosts files Berth only
 * reads (the user's) and one it owns (in its data dir, where a key the user
 * accepted is added). Pure parsing and matching; file access is at the edges.
 */

export interface KnownHostEntry {
  marker: '@revoked' | '@cert-authority' | undefined;
  /** Comma-separated patterns, or one hashed `|1|salt|hash`. */
  hosts: string[];
  keyType: string;
  key: Buffer;
}

export type HostKeyVerdict =
  | { status: 'known'; fingerprint: string }
  | { status: 'unknown'; fingerprint: string; keyType: string }
  /** The host is known with other keys: refused, as OpenSSH does. */
  | { status: 'changed'; fingerprint: string; keyType: string; knownFingerprints: string[] }
  | { status: 'revoked'; fingerprint: string };

/** `SHA256:…` as `ssh-keygen -l` and OpenSSH's prompts print it (unpadded base64). */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (its first string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  if (len > 64 || 4 + len > blob.length) return 'unknown';
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** How known_hosts names a host: the bare name on port 22, `[host]:port` otherwise. */
export function hostToken(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
    else if (fields[0]?.startsWith('@')) continue;
    const [hosts, keyType, b64] = fields;
    if (!hosts || !keyType || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) continue;
    const key = Buffer.from(b64, 'base64');
    // A line whose blob names another type is damaged: skipped, as OpenSSH does.
    if (keyTypeOf(key) !== keyType) continue;
    out.push({ marker, hosts: hosts.split(','), keyType, key });
  }
  return out;
}

function globToRegExp(pattern: string): RegExp {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i');
}

function hashedMatches(pattern: string, token: string): boolean {
  const m = /^\|1\|([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)$/.exec(pattern);
  if (!m) return false;
  const salt = Buffer.from(m[1]!, 'base64');
  const want = Buffer.from(m[2]!, 'base64');
  const got = createHmac('sha1', salt).update(token).digest();
  return got.length === want.length && got.equals(want);
}

/** Whether an entry names this host: any positive pattern matches and no negated one does. */
export function entryMatches(entry: KnownHostEntry, host: string, port: number): boolean {
  const token = hostToken(host, port);
  let hit = false;
  for (const p of entry.hosts) {
    if (p.startsWith('|')) {
      if (hashedMatches(p, token)) hit = true;
      continue;
    }
    const negated = p.startsWith('!');
    const pat = negated ? p.slice(1) : p;
    if (globToRegExp(pat).test(token)) {
      if (negated) return false;
      hit = true;
    }
  }
  return hit;
}

export function checkHostKey(entries: KnownHostEntry[], host: string, port: number, key: Buffer): HostKeyVerdict {
  const fp = fingerprint(key);
  const mine = entries.filter((e) => e.marker !== '@cert-authority' && entryMatches(e, host, port));
  if (mine.some((e) => e.marker === '@revoked' && e.key.equals(key))) return { status: 'revoked', fingerprint: fp };
  const plain = mine.filter((e) => e.marker === undefined);
  if (plain.some((e) => e.key.equals(key))) return { status: 'known', fingerprint: fp };
  const keyType = keyTypeOf(key);
  if (plain.length > 0) {
    return { status: 'changed', fingerprint: fp, keyType, knownFingerprints: [...new Set(plain.map((e) => fingerprint(e.key)))] };
  }
  return { status: 'unknown', fingerprint: fp, keyType };
}

/** Key types this host is known by, to ask the server for one of those first (as OpenSSH does). */
export function knownKeyTypes(entries: KnownHostEntry[], host: string, port: number): string[] {
  return [...new Set(entries.filter((e) => e.marker === undefined && entryMatches(e, host, port)).map((e) => e.keyType))];
}

/** Reads and parses known_hosts files; a missing or unreadable one counts as empty. */
export function readKnownHosts(files: string[], read: (path: string) => string = (p) => readFileSync(p, 'utf8')): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = read(f);
    } catch {
      continue;
    }
    out.push(...parseKnownHosts(text));
  }
  return out;
}

/** The line OpenSSH would add for this host and key. */
export function knownHostLine(host: string, port: number, key: Buffer): string {
  return `${hostToken(host, port)} ${keyTypeOf(key)} ${key.toString('base64')}`;
}

/**
 * Adds an accepted host key to Berth's own known-hosts file (never the user's
 * ~/.ssh files). Owner-only, created with its folder if missing.
 */
export function trustHostKey(file: string, host: string, port: number, key: Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  appendFileSync(file, `${knownHostLine(host, port, key)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}
