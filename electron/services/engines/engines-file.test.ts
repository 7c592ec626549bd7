import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newEngineId, readEnginesFile, writeEnginesFile, type EnginesFile } from './engines-file';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'berth-engines-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const local: EnginesFile = {
  version: 1,
  engines: [{ id: 'local', name: 'Local', endpoint: { kind: 'unix', path: '/var/run/docker.sock' }, enabled: true, source: 'detected' }],
  defaultId: 'local',
};
const defaults = () => structuredClone(local);

describe('engines.json', () => {
  it('uses the defaults when absent, and reads back what it wrote, owner-only, with no temporary file left', () => {
    const d = fresh();
    expect(readEnginesFile(d, defaults)).toEqual({ file: local });
    const list: EnginesFile = {
      version: 1,
      engines: [
        ...local.engines,
        { id: 'tls', name: 'Build box', endpoint: { kind: 'tcp', host: '10.0.0.2', port: 2376, tls: { ca: '/home/me/ca.pem', cert: '/home/me/cert.pem', key: '/home/me/key.pem', verify: true } }, enabled: false, source: 'manual' },
        { id: 'ssh', name: 'Pi', endpoint: { kind: 'ssh', user: 'pi', host: 'pi.local', port: 22, identityFile: '/home/me/.ssh/id_ed25519', useAgent: true }, enabled: true, source: 'context', context: 'pi' },
      ],
      defaultId: 'ssh',
    };
    writeEnginesFile(d, list);
    expect(statSync(join(d, 'engines.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(d)).toEqual(['engines.json']);
    expect(readEnginesFile(d, defaults).file).toEqual(list);
  });

  it('keeps a corrupt file aside and uses the defaults, never throwing', () => {
    for (const bad of ['{not json', '[]', '{"version":2,"engines":[]}', '{"version":1,"engines":[{"id":"a","name":"x","endpoint":{"kind":"tcp","host":"h","port":0}}]}', '\u0000\u0001', '{"version":1,"engines":[],"defaultId":"nope"}']) {
      const d = fresh();
      writeFileSync(join(d, 'engines.json'), bad);
      const r = readEnginesFile(d, defaults, () => Date.UTC(2026, 11, 4, 21, 0, 0));
      expect(r.file).toEqual(local);
      expect(r.keptAside).toBe(join(d, 'engines.json.corrupt-2026-12-04T21-00-00-000Z'));
      expect(readFileSync(r.keptAside!, 'utf8')).toBe(bad);
      expect(r.problem).toMatch(/damaged/);
    }
  });

  it('never stores key material or passphrases, whatever it is given', () => {
    const d = fresh();
    const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';
    const sneaky = {
      version: 1,
      engines: [{ id: 'ssh', name: 'Pi', endpoint: { kind: 'ssh', user: 'pi', host: 'pi', port: 22, useAgent: true, passphrase: 'hunter2', privateKey: pem }, enabled: true, passphrase: 'hunter2' }],
    } as unknown as EnginesFile;
    writeEnginesFile(d, sneaky);
    const text = readFileSync(join(d, 'engines.json'), 'utf8');
    expect(text).not.toMatch(/BEGIN|PRIVATE|hunter2|passphrase/i);
    // A PEM where a path belongs is refused, and nothing is written.
    const e = fresh();
    expect(() => writeEnginesFile(e, { version: 1, engines: [{ id: 't', name: 't', endpoint: { kind: 'tcp', host: 'h', port: 2376, tls: { key: pem, verify: true } }, enabled: true, source: 'manual' }] })).toThrow(/not valid/);
    expect(readdirSync(e)).toEqual([]);
  });

  it('refuses duplicate ids and a default that is not listed', () => {
    const d = fresh();
    expect(() => writeEnginesFile(d, { ...local, engines: [...local.engines, ...local.engines] })).toThrow(/used twice/);
    expect(() => writeEnginesFile(d, { ...local, defaultId: 'other' })).toThrow(/not in the list/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('makes ids from names', () => {
    expect(newEngineId('Build box #1', [])).toBe('build-box-1');
    expect(newEngineId('Local', ['local', 'local-2'])).toBe('local-3');
    expect(newEngineId('!!!', [])).toBe('engine');
  });
});
