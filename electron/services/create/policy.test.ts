import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCreatePolicy, judgeSpec, resolveOnHost } from './policy';

let dir: string;
let ws: string;

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'berth-policy-')));
  ws = join(dir, 'workspaces');
  mkdirSync(join(ws, 'real'), { recursive: true });
  symlinkSync('/', join(ws, 'to-root'));
  symlinkSync('/etc', join(ws, 'to-etc'));
  symlinkSync(join(ws, 'real'), join(ws, 'to-real'));
  symlinkSync(join(dir, 'nowhere'), join(ws, 'dangling'));
  symlinkSync(join(ws, 'loop-b'), join(ws, 'loop-a'));
  symlinkSync(join(ws, 'loop-a'), join(ws, 'loop-b'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveOnHost', () => {
  it('follows links, also for paths that do not exist yet below them', () => {
    expect(resolveOnHost(join(ws, 'to-root'))).toBe('/');
    expect(resolveOnHost(join(ws, 'to-etc', 'not-there', 'deeper'))).toBe('/etc/not-there/deeper');
    expect(resolveOnHost(join(ws, 'to-real', 'new'))).toBe(join(ws, 'real', 'new'));
    expect(resolveOnHost(join(ws, 'brand-new', 'folder'))).toBe(join(ws, 'brand-new', 'folder'));
  });
  it('refuses dangling links and loops: the kernel would follow them at mount time', () => {
    expect(() => resolveOnHost(join(ws, 'dangling'))).toThrow(/link to a path that does not exist/);
    expect(() => resolveOnHost(join(ws, 'dangling', 'below'))).toThrow(/link to a path that does not exist/);
    expect(() => resolveOnHost(join(ws, 'loop-a'))).toThrow(/loop of links/);
  });
});

describe('the web host policy on disk', () => {
  const policy = () => buildCreatePolicy({}, { workspacesRoot: ws });
  const bind = (source: string) => ({ image: 'busybox', name: 'box', mounts: [{ type: 'bind' as const, source, target: '/mnt' }] });

  it('refuses a link inside the workspaces folder that leads out of it', () => {
    for (const p of [join(ws, 'to-root'), join(ws, 'to-etc'), join(ws, 'to-etc', 'ssl'), join(ws, 'dangling'), join(ws, 'loop-a')]) {
      const { errors } = judgeSpec(policy(), bind(p), { workspacesRoot: ws });
      expect(errors, p).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code: 'permission-denied', field: 'mounts.0.source' });
    }
    expect(judgeSpec(policy(), bind(join(ws, 'to-root')), { workspacesRoot: ws }).errors[0]!.message).toMatch(/to-root \(it leads to \/\) is outside the folders this host binds.*--allow-bind DIR/);
  });

  it('answers odd paths with an error at the field, never a throw', () => {
    for (const p of [`${ws}/a\0b`, `${ws}/${'x'.repeat(4000)}`, `${ws}/${'d/'.repeat(1500)}`]) {
      const { errors } = judgeSpec(policy(), bind(p), { workspacesRoot: ws });
      expect(errors.length, p.slice(0, 40)).toBeLessThanOrEqual(1);
      for (const e of errors) expect(e).toMatchObject({ code: 'permission-denied', field: 'mounts.0.source' });
    }
    expect(judgeSpec(policy(), bind(`${ws}/a\0b`), { workspacesRoot: ws }).errors[0]!.message).toMatch(/Cannot tell where/);
  });

  it('allows a link that stays inside, and folders not made yet', () => {
    expect(judgeSpec(policy(), bind(join(ws, 'to-real', 'sub')), { workspacesRoot: ws }).errors).toEqual([]);
    expect(judgeSpec(policy(), bind(join(ws, 'later')), { workspacesRoot: ws }).errors).toEqual([]);
    expect(judgeSpec(policy(), { image: 'busybox', name: 'box', workspace: {} }, { workspacesRoot: ws }).errors).toEqual([]);
  });

  it('names each flag in its reason, and --allow-bind adds folders', () => {
    const p = buildCreatePolicy({ allowBind: [join(dir, 'extra')] }, { workspacesRoot: ws });
    expect(p.bindRoots).toEqual([ws, join(dir, 'extra')]);
    expect(p.refused.privileged).toMatch(/--allow-privileged/);
    expect(p.refused.capAdd).toMatch(/--allow-cap-add/);
    expect(p.refused.hostPid).toMatch(/--allow-host-pid/);
    expect(p.refused.hostNetwork).toMatch(/--allow-host-network/);
    expect(judgeSpec(p, bind(join(dir, 'extra', 'a')), { workspacesRoot: ws }).errors).toEqual([]);
    const lifted = buildCreatePolicy({ allowPrivileged: true, allowCapAdd: true, allowHostPid: true, allowHostNetwork: true }, { workspacesRoot: ws });
    expect(Object.keys(lifted.refused)).toEqual(['binds']);
  });

  it('the desktop policy refuses nothing and resolves the engine socket for its warning', () => {
    const p = buildCreatePolicy({ fullAccess: true }, { workspacesRoot: ws, engineSocket: join(ws, 'to-real') });
    expect(p).toEqual({ bindRoots: null, refused: {}, engineSocket: join(ws, 'real') });
    const verdict = judgeSpec(p, bind(join(ws, 'to-root')), { workspacesRoot: ws });
    expect(verdict.errors).toEqual([]);
    expect(verdict.confirm).toEqual([{ field: 'mounts.0.source', message: expect.stringMatching(/whole filesystem/) }]);
  });
});
