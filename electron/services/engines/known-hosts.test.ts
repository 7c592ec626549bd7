import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkHostKey, fingerprint, hostToken, keyTypeOf, knownKeyTypes, parseKnownHosts, readKnownHosts, trustHostKey } from './known-hosts';

/** An ssh-ed25519 public key blob, as a server sends it. */
function ed25519Blob(): Buffer {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const name = Buffer.from('ssh-ed25519');
  const b = Buffer.alloc(4 + name.length + 4 + raw.length);
  b.writeUInt32BE(name.length, 0);
  name.copy(b, 4);
  b.writeUInt32BE(raw.length, 4 + name.length);
  raw.copy(b, 8 + name.length);
  return b;
}
const b64 = (k: Buffer) => k.toString('base64');
function hashed(token: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(token).digest('base64')}`;
}

const dir = mkdtempSync(join(tmpdir(), 'berth-kh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('known_hosts', () => {
  const key = ed25519Blob();
  const other = ed25519Blob();

  it('prints fingerprints as OpenSSH does', () => {
    // The blob of a fixed key and the fingerprint `ssh-keygen -lf` gives for it.
    const fixed = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl', 'base64');
    expect(keyTypeOf(fixed)).toBe('ssh-ed25519');
    expect(fingerprint(fixed)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(fingerprint(key)).not.toBe(fingerprint(other));
  });

  it('names a host as known_hosts does', () => {
    expect(hostToken('example.org', 22)).toBe('example.org');
    expect(hostToken('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });

  it('finds a known key in plain, [host]:port, hashed and wildcard forms', () => {
    for (const names of ['127.0.0.1', 'a.example,127.0.0.1', hashed('127.0.0.1'), '127.0.0.*']) {
      const entries = parseKnownHosts(`# comment\n\n${names} ssh-ed25519 ${b64(key)} comment here\n`);
      expect(checkHostKey(entries, '127.0.0.1', 22, key)).toMatchObject({ status: 'known' });
    }
    const ported = parseKnownHosts(`[127.0.0.1]:2222 ssh-ed25519 ${b64(key)}\n${hashed('[10.0.0.1]:2200')} ssh-ed25519 ${b64(other)}`);
    expect(checkHostKey(ported, '127.0.0.1', 2222, key).status).toBe('known');
    expect(checkHostKey(ported, '10.0.0.1', 2200, other).status).toBe('known');
    // The port matters: the same host on 22 is another entry.
    expect(checkHostKey(ported, '127.0.0.1', 22, key).status).toBe('unknown');
  });

  it('says unknown with the fingerprint, and changed with both', () => {
    const entries = parseKnownHosts(`[h]:2222 ssh-ed25519 ${b64(other)}`);
    expect(checkHostKey(entries, 'x', 2222, key)).toEqual({ status: 'unknown', fingerprint: fingerprint(key), keyType: 'ssh-ed25519' });
    expect(checkHostKey(entries, 'h', 2222, key)).toEqual({
      status: 'changed',
      fingerprint: fingerprint(key),
      keyType: 'ssh-ed25519',
      knownFingerprints: [fingerprint(other)],
    });
  });

  it('honours negation, @revoked, and skips damaged and @cert-authority lines', () => {
    expect(checkHostKey(parseKnownHosts(`*,!h ssh-ed25519 ${b64(key)}`), 'h', 22, key).status).toBe('unknown');
    expect(checkHostKey(parseKnownHosts(`h ssh-ed25519 ${b64(key)}\n@revoked h ssh-ed25519 ${b64(key)}`), 'h', 22, key).status).toBe('revoked');
    expect(parseKnownHosts(`@cert-authority * ssh-ed25519 ${b64(key)}\nh ssh-rsa ${b64(key)}\nh ssh-ed25519 !!!\nh\n@weird h ssh-ed25519 ${b64(key)}`)).toHaveLength(1);
    expect(checkHostKey(parseKnownHosts(`@cert-authority h ssh-ed25519 ${b64(key)}`), 'h', 22, key).status).toBe('unknown');
  });

  it('lists the key types a host is known by', () => {
    expect(knownKeyTypes(parseKnownHosts(`h ssh-ed25519 ${b64(key)}`), 'h', 22)).toEqual(['ssh-ed25519']);
  });

  it('adds an accepted key to its own file, owner-only, and reads it back; a missing file is empty', () => {
    const file = join(dir, 'sub', 'known_hosts');
    expect(readKnownHosts([file, join(dir, 'none')])).toEqual([]);
    trustHostKey(file, '127.0.0.1', 2222, key);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(`[127.0.0.1]:2222 ssh-ed25519 ${b64(key)}\n`);
    expect(checkHostKey(readKnownHosts([file]), '127.0.0.1', 2222, key).status).toBe('known');
  });
});
