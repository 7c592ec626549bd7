import { describe, expect, it } from 'vitest';
import type { CreatePolicy, CreateSpec } from '../contract/create';
import { bindWarnings, isInside, nestingErrors, plainAbsolute, policyErrors, type HeldBind, type Resolve } from './policy';

/** A pretend disk: links by path prefix, as the services' resolver would follow them. */
function disk(links: Record<string, string>): Resolve {
  return (p) => {
    for (const [from, to] of Object.entries(links)) {
      if (p === from || p.startsWith(`${from}/`)) return to + p.slice(from.length) || '/';
    }
    return p;
  };
}

const web: CreatePolicy = {
  bindRoots: ['/data/berth/workspaces', '/srv/shared'],
  refused: { binds: 'BINDS-WHY', privileged: 'PRIV-WHY', capAdd: 'CAP-WHY', hostPid: 'PID-WHY', hostNetwork: 'NET-WHY' },
};
const full: CreatePolicy = { bindRoots: null, refused: {} };
const spec = (over: Partial<CreateSpec>): CreateSpec => ({ image: 'busybox', name: 'box', ...over });
const bind = (source: string) => ({ type: 'bind' as const, source, target: '/mnt' });
const same: Resolve = (p) => p;

describe('paths', () => {
  it('folds slashes and refuses relative paths and . or .. segments', () => {
    expect(plainAbsolute('//srv///shared/')).toBe('/srv/shared');
    expect(plainAbsolute('/')).toBe('/');
    expect(plainAbsolute('srv')).toBeUndefined();
    expect(plainAbsolute('/srv/shared/../..')).toBeUndefined();
    expect(plainAbsolute('/srv/./shared')).toBeUndefined();
    expect(plainAbsolute('/srv/..hidden')).toBe('/srv/..hidden');
  });
  it('is inside a root only at a segment boundary', () => {
    expect(isInside('/srv/shared', '/srv/shared')).toBe(true);
    expect(isInside('/srv/shared', '/srv/shared/a')).toBe(true);
    expect(isInside('/srv/shared', '/srv/shared-evil')).toBe(false);
    expect(isInside('/', '/etc')).toBe(true);
  });
});

describe('the web policy', () => {
  it('allows binds inside the allowed folders and named volumes anywhere', () => {
    const s = spec({
      workspace: {},
      mounts: [bind('/srv/shared/x'), bind('/data/berth/workspaces/other'), { type: 'volume', source: 'cache', target: '/c' }],
    });
    expect(policyErrors(s, web, { resolve: same, workspaceHostPath: '/data/berth/workspaces/box' })).toEqual([]);
  });

  it('refuses binds outside them, at the field, with the reason', () => {
    const s = spec({ workspace: { hostPath: '/etc' }, mounts: [bind('/'), bind('/srv/shared-evil'), bind('/var/run/docker.sock')] });
    const errors = policyErrors(s, web, { resolve: same });
    expect(errors.map((e) => [e.code, e.field])).toEqual([
      ['permission-denied', 'workspace.hostPath'],
      ['permission-denied', 'mounts.0.source'],
      ['permission-denied', 'mounts.1.source'],
      ['permission-denied', 'mounts.2.source'],
    ]);
    expect(errors[1]!.message).toBe('/ is outside the folders this host binds. BINDS-WHY');
  });

  it('follows a link that leads out of an allowed folder', () => {
    const resolve = disk({ '/srv/shared/escape': '/', '/srv/shared/etc-link': '/etc' });
    const errors = policyErrors(spec({ mounts: [bind('/srv/shared/escape'), bind('/srv/shared/etc-link/ssl'), bind('/srv/shared/fine')] }), web, { resolve });
    expect(errors).toEqual([
      { code: 'permission-denied', field: 'mounts.0.source', message: '/srv/shared/escape (it leads to /) is outside the folders this host binds. BINDS-WHY' },
      { code: 'permission-denied', field: 'mounts.1.source', message: '/srv/shared/etc-link/ssl (it leads to /etc/ssl) is outside the folders this host binds. BINDS-WHY' },
    ]);
  });

  it('follows links in the allowed folders too, so a link to an allowed folder passes', () => {
    const resolve = disk({ '/home/me/link-to-shared': '/srv/shared', '/srv/shared': '/mnt/disk/shared' });
    expect(policyErrors(spec({ mounts: [bind('/srv/shared/a')] }), web, { resolve })).toEqual([]);
    expect(policyErrors(spec({ mounts: [bind('/mnt/disk/shared/b')] }), web, { resolve })).toEqual([]);
  });

  it('refuses what it cannot resolve, and . or .. paths, rather than guessing', () => {
    const resolve: Resolve = (p) => {
      if (p.startsWith('/srv/shared/loop')) throw new Error('/srv/shared/loop is a loop of links');
      return p;
    };
    const errors = policyErrors(spec({ mounts: [bind('/srv/shared/loop'), bind('/srv/shared/../../etc')] }), web, { resolve });
    expect(errors.map((e) => e.field)).toEqual(['mounts.0.source', 'mounts.1.source']);
    expect(errors[0]!.message).toMatch(/Cannot tell where \/srv\/shared\/loop leads \(.*loop of links\)/);
    expect(errors[1]!.message).toMatch(/plain absolute path/);
  });

  it('refuses privileged, added capabilities and host namespaces with their reasons', () => {
    const s = spec({ hostAccess: { privileged: true, capAdd: ['NET_ADMIN'], hostPid: true }, network: 'host' });
    expect(policyErrors(s, web, { resolve: same })).toEqual([
      { code: 'permission-denied', field: 'hostAccess.privileged', message: 'PRIV-WHY' },
      { code: 'permission-denied', field: 'hostAccess.capAdd', message: 'CAP-WHY' },
      { code: 'permission-denied', field: 'hostAccess.hostPid', message: 'PID-WHY' },
      { code: 'permission-denied', field: 'network', message: 'NET-WHY' },
    ]);
    expect(policyErrors(spec({ network: 'container:web' }), web, { resolve: same })).toEqual([
      { code: 'permission-denied', field: 'network', message: "container:web: joining another container's network is refused with the host network. NET-WHY" },
    ]);
    // "No network" wins over a network name, so host is not used then; an empty list adds nothing.
    expect(policyErrors(spec({ network: 'host', hardening: { noNetwork: true }, hostAccess: { capAdd: [] } }), web, { resolve: same })).toEqual([]);
  });

  it('lifts each refusal on its own', () => {
    const lifted: CreatePolicy = { bindRoots: ['/srv/shared'], refused: { binds: 'B', hostNetwork: 'N' } };
    const s = spec({ hostAccess: { privileged: true, capAdd: ['SYS_ADMIN'], hostPid: true }, network: 'host', mounts: [bind('/srv/shared/a')] });
    expect(policyErrors(s, lifted, { resolve: same }).map((e) => e.field)).toEqual(['network']);
  });
});

describe('binds nested in writable binds', () => {
  const held: HeldBind[] = [
    { source: '/srv/shared/a', readOnly: false, owner: 'writer' },
    { source: '/srv/shared/ro', readOnly: true, owner: 'reader' },
  ];
  const fields = (s: CreateSpec, h = held, resolve = same) => nestingErrors(s, resolve, h).map((e) => e.field);

  it('refuses a bind inside a writable bind of another container, not inside a read-only one', () => {
    expect(fields(spec({ mounts: [bind('/srv/shared/a/sub')] }))).toEqual(['mounts.0.source']);
    expect(nestingErrors(spec({ mounts: [bind('/srv/shared/a/sub')] }), same, held)[0]!.message).toMatch(/inside \/srv\/shared\/a, bound by container writer, which a container can write/);
    expect(fields(spec({ mounts: [bind('/srv/shared/ro/sub')] }))).toEqual([]);
  });

  it('refuses a writable bind that holds any other bind, and allows it read-only', () => {
    expect(fields(spec({ mounts: [bind('/srv/shared')] }))).toEqual(['mounts.0.source']);
    expect(fields(spec({ mounts: [{ ...bind('/srv/shared'), readOnly: true }] }))).toEqual([]);
    expect(fields(spec({ workspace: { hostPath: '/srv' } }))).toEqual(['workspace.hostPath']);
  });

  it('allows the same folder twice and folders side by side', () => {
    expect(fields(spec({ mounts: [bind('/srv/shared/a'), bind('/srv/shared/b'), bind('/srv/shared/ab')] }))).toEqual([]);
  });

  it('judges binds of one spec against each other, and paths where they lead', () => {
    expect(fields(spec({ workspace: { hostPath: '/srv/shared/w' }, mounts: [{ ...bind('/srv/shared/w/in'), readOnly: true }] }), [])).toEqual(['workspace.hostPath', 'mounts.0.source']);
    expect(fields(spec({ mounts: [bind('/srv/shared/link/x')] }), held, disk({ '/srv/shared/link': '/srv/shared/a' }))).toEqual(['mounts.0.source']);
  });

  it('is part of the web policy when the host knows what is held, and never of the desktop one', () => {
    const s = spec({ mounts: [bind('/srv/shared/a/sub')] });
    expect(policyErrors(s, web, { resolve: same, held }).map((e) => e.field)).toEqual(['mounts.0.source']);
    expect(policyErrors(s, web, { resolve: same })).toEqual([]);
    expect(policyErrors(s, full, { resolve: same, held })).toEqual([]);
  });
});

describe('the desktop policy', () => {
  it('refuses nothing', () => {
    const s = spec({ hostAccess: { privileged: true, capAdd: ['SYS_ADMIN'], hostPid: true }, network: 'host', mounts: [bind('/')] });
    expect(policyErrors(s, full, { resolve: same })).toEqual([]);
  });

  it('asks to confirm /, the engine socket and system folders, links followed, but not its own workspaces', () => {
    const resolve = disk({ '/var/run': '/run', '/home/me/sys': '/etc' });
    const s = spec({
      workspace: {},
      mounts: [bind('/'), bind('/var/run/docker.sock'), bind('/home/me/.docker/run/docker.sock'), bind('/etc/nginx'), bind('/home/me/sys'), bind('/home/me/project'), bind('/usr/../home/me/x')],
    });
    const warnings = bindWarnings(s, { resolve, workspaceHostPath: '/root/.config/Berth/workspaces/box', workspacesRoot: '/root/.config/Berth/workspaces', engineSocket: '/run/docker.sock' });
    expect(warnings.map((w) => w.field)).toEqual(['mounts.0.source', 'mounts.1.source', 'mounts.2.source', 'mounts.3.source', 'mounts.4.source']);
    expect(warnings[0]!.message).toMatch(/whole filesystem/);
    expect(warnings[1]!.message).toMatch(/^\/var\/run\/docker.sock \(it leads to \/run\/docker.sock\) is a container engine's socket/);
    expect(warnings[2]!.message).toMatch(/engine's socket/);
    expect(warnings[3]!.message).toMatch(/^\/etc\/nginx is a system folder/);
    expect(warnings[4]!.message).toMatch(/^\/home\/me\/sys \(it leads to \/etc\) is a system folder/);
  });
});
