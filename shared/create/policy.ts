import type { BindWarning, CreatePolicy, CreateSpec } from '../contract/create';
import type { ErrorData } from '../contract/errors';

/**
 * The host's policy applied to a spec, and the binds worth a confirmation.
 * Pure: where a path really leads is the caller's `resolve` (the services
 * follow links on disk; the renderer, which cannot, passes the path as is and
 * the services check again on create).
 */

/** Where a host path leads: links followed. May throw when it cannot tell (a dangling link, a loop). */
export type Resolve = (absolutePath: string) => string;

/** Folders whose contents are the machine itself: binding one (or anything inside) asks for a confirmation. */
export const SYSTEM_FOLDERS = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/sys',
  '/usr',
  '/var',
  '/System',
  '/Library',
  '/private/etc',
  '/private/var',
] as const;

/** Engine sockets by their usual names, wherever they live (Docker Desktop, rootless, Podman). */
const SOCKET_NAME = /\/(docker|podman|containerd)\.sock$/;

export interface BindSource {
  /** The spec path the form shows it at. */
  field: string;
  source: string;
}

/** Every host path the spec binds: the workspace folder and bind mounts (named volumes are not host paths). */
export function bindSources(spec: CreateSpec, workspaceHostPath?: string): BindSource[] {
  const out: BindSource[] = [];
  const ws = workspaceHostPath ?? spec.workspace?.hostPath;
  if (spec.workspace && ws) out.push({ field: 'workspace.hostPath', source: ws });
  (spec.mounts ?? []).forEach((m, i) => {
    if (m.type === 'bind') out.push({ field: `mounts.${i}.source`, source: m.source });
  });
  return out;
}

/**
 * An absolute path with repeated and trailing slashes folded, or undefined when
 * it is relative or has `.` or `..` segments: what those mean depends on links
 * the kernel follows at mount time, so a policy cannot judge them by the text.
 */
export function plainAbsolute(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const parts = path.split('/').filter(Boolean);
  if (parts.some((p) => p === '.' || p === '..')) return undefined;
  return `/${parts.join('/')}`;
}

/** `path` is `root` or below it; both plain absolute paths. */
export function isInside(root: string, path: string): boolean {
  if (root === '/') return true;
  return path === root || path.startsWith(`${root}/`);
}

/** Lexical `..` folding, for warnings only (never for the policy: see plainAbsolute). */
function folded(path: string): string {
  const out: string[] = [];
  for (const p of path.split('/')) {
    if (!p || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

/** A bind an existing container holds: the engine records its source as it was given. */
export interface HeldBind {
  source: string;
  readOnly: boolean;
  /** The container's name, for the message. */
  owner: string;
}

function denied(field: string, message: string): ErrorData {
  return { code: 'permission-denied', field, message };
}

/**
 * What this host refuses in the spec, one error per field, each with the
 * reason and the flag that lifts it. `workspaceHostPath` is the resolved
 * default workspace folder, when the spec leaves it to the default.
 */
export function policyErrors(spec: CreateSpec, policy: CreatePolicy, opts: { resolve: Resolve; workspaceHostPath?: string; held?: readonly HeldBind[] }): ErrorData[] {
  const out: ErrorData[] = [];
  const { refused } = policy;
  if (policy.bindRoots) {
    const roots: string[] = [];
    for (const r of policy.bindRoots) {
      const plain = plainAbsolute(r);
      if (!plain) continue;
      try {
        roots.push(opts.resolve(plain));
      } catch {
        // A root that cannot be resolved admits nothing.
      }
    }
    const why = refused.binds ?? '';
    for (const b of bindSources(spec, opts.workspaceHostPath)) {
      const plain = plainAbsolute(b.source);
      if (!plain) {
        out.push(denied(b.field, `${b.source}: name the folder as a plain absolute path (no . or .. parts) on this host. ${why}`.trim()));
        continue;
      }
      let real: string;
      try {
        real = opts.resolve(plain);
      } catch (e) {
        out.push(denied(b.field, `Cannot tell where ${b.source} leads (${e instanceof Error ? e.message : String(e)}). ${why}`.trim()));
        continue;
      }
      if (!roots.some((r) => isInside(r, real))) {
        const via = real === plain ? '' : ` (it leads to ${real})`;
        out.push(denied(b.field, `${b.source}${via} is outside the folders this host binds. ${why}`.trim()));
      }
    }
    if (opts.held && !out.some((e) => e.field?.startsWith('mounts.') || e.field === 'workspace.hostPath')) out.push(...nestingErrors(spec, opts.resolve, opts.held, opts.workspaceHostPath));
  }
  const h = spec.hostAccess ?? {};
  if (h.privileged && refused.privileged) out.push(denied('hostAccess.privileged', refused.privileged));
  if ((h.capAdd ?? []).length > 0 && refused.capAdd) out.push(denied('hostAccess.capAdd', refused.capAdd));
  if (h.hostPid && refused.hostPid) out.push(denied('hostAccess.hostPid', refused.hostPid));
  if (!spec.hardening?.noNetwork && refused.hostNetwork) {
    if (spec.network === 'host') out.push(denied('network', refused.hostNetwork));
    // Another container's namespace may be the host's own: judged the same way.
    else if (spec.network?.startsWith('container:')) out.push(denied('network', `${spec.network}: joining another container's network is refused with the host network. ${refused.hostNetwork}`));
  }
  return out;
}

/**
 * Binds nested in writable binds. The kernel follows links when a container
 * starts, so a container that can write a folder could swap a folder inside it
 * for a link to `/` after the check, and the next start of whichever container
 * binds that inner folder would mount the host's root. So a bind may not lie
 * strictly inside a writable bind (of this spec or of any container), and a
 * writable bind may not contain another bind. The same folder bound twice is
 * fine: its parent is bound by neither.
 */
export function nestingErrors(spec: CreateSpec, resolve: Resolve, held: readonly HeldBind[], workspaceHostPath?: string): ErrorData[] {
  const real = (p: string): string | undefined => {
    const plain = plainAbsolute(p);
    if (!plain) return undefined;
    try {
      return resolve(plain);
    } catch {
      return undefined;
    }
  };
  const mine = bindSources(spec, workspaceHostPath).map((b) => {
    const m = b.field.startsWith('mounts.') ? spec.mounts?.[Number(b.field.split('.')[1])] : undefined;
    return { ...b, real: real(b.source), readOnly: Boolean(m?.readOnly) };
  });
  const others = [
    ...held.map((h) => ({ real: real(h.source), readOnly: h.readOnly, what: `${h.source}, bound by container ${h.owner}` })),
    ...mine.map((b) => ({ real: b.real, readOnly: b.readOnly, what: `${b.source}, bound at ${b.field}`, field: b.field })),
  ];
  const out: ErrorData[] = [];
  for (const b of mine) {
    if (!b.real) continue;
    for (const o of others) {
      if (!o.real || ('field' in o && o.field === b.field) || o.real === b.real) continue;
      const inWritable = !o.readOnly && isInside(o.real, b.real);
      const holdsOther = !b.readOnly && isInside(b.real, o.real);
      if (!inWritable && !holdsOther) continue;
      const msg = inWritable
        ? `${b.source} is inside ${o.what}, which a container can write: it could swap this folder for a link out of the allowed folders before a start. Bind a folder beside it instead.`
        : `${b.source} holds ${o.what}: a container writing here could swap that folder for a link out of the allowed folders before a start. Bind it read-only, or a folder beside it.`;
      out.push(denied(b.field, msg));
      break;
    }
  }
  return out;
}

/**
 * Binds a user should confirm: the machine's root, the engine's socket (the
 * container could then drive the engine, which is root), system folders.
 * Berth's own workspaces folder is never one of them.
 */
export function bindWarnings(
  spec: CreateSpec,
  opts: { resolve: Resolve; workspaceHostPath?: string; workspacesRoot?: string; engineSocket?: string },
): BindWarning[] {
  const out: BindWarning[] = [];
  let ownRoot: string | undefined;
  if (opts.workspacesRoot) {
    try {
      ownRoot = opts.resolve(folded(opts.workspacesRoot));
    } catch {
      ownRoot = folded(opts.workspacesRoot);
    }
  }
  for (const b of bindSources(spec, opts.workspaceHostPath)) {
    if (!b.source.startsWith('/')) continue;
    let real: string;
    try {
      real = opts.resolve(folded(b.source));
    } catch {
      real = folded(b.source);
    }
    const shown = real === b.source ? b.source : `${b.source} (it leads to ${real})`;
    if (ownRoot && isInside(ownRoot, real)) continue;
    if (real === '/') out.push({ field: b.field, message: `${shown} is this machine's whole filesystem: the container can read and change everything on it.` });
    else if ((opts.engineSocket && real === opts.engineSocket) || SOCKET_NAME.test(real)) {
      out.push({ field: b.field, message: `${shown} is a container engine's socket: the container can drive the engine, and through it this whole machine.` });
    } else if (SYSTEM_FOLDERS.some((f) => isInside(f, real))) {
      out.push({ field: b.field, message: `${shown} is a system folder: the container can read and change this machine's own files there.` });
    }
  }
  return out;
}
