import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import type { BindWarning, CreatePolicy, CreateSpec } from '../../../shared/contract/create';
import type { ErrorData } from '../../../shared/contract/errors';
import { defaultWorkspacePath } from '../../../shared/create/request';
import { bindWarnings, policyErrors, type HeldBind } from '../../../shared/create/policy';
import type { Engine } from '../engine/engine';

/**
 * Whoever can use Berth can use the engine, and the engine is root on its
 * host. The desktop app is used by the machine's own user and keeps that
 * power; the web host is reachable by whoever holds its token, so it refuses
 * what reaches past the container unless its operator said otherwise.
 */
export interface ContainerPolicyOptions {
  /** Every setting allowed, binds anywhere (the desktop app: the wizard asks to confirm dangerous binds). */
  fullAccess?: boolean;
  /** Host folders binds may use besides the workspaces folder (`--allow-bind DIR`). */
  allowBind?: readonly string[];
  allowPrivileged?: boolean;
  allowCapAdd?: boolean;
  allowHostPid?: boolean;
  allowHostNetwork?: boolean;
}

/**
 * Where a host path leads, links followed. A path that does not exist yet
 * (the engine makes missing bind folders) leads where its longest existing
 * part leads, plus the rest; a dangling link or a loop is an error, since the
 * kernel would follow it at mount time to a place we cannot judge.
 */
export function resolveOnHost(path: string): string {
  const rest: string[] = [];
  let head = path;
  for (;;) {
    try {
      const real = realpathSync.native(head);
      return rest.length ? join(real, ...rest.reverse()) : real;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new Error(code === 'ELOOP' ? `${head} is a loop of links` : `${head}: ${code ?? String(e)}`);
      let exists = false;
      try {
        lstatSync(head);
        exists = true;
      } catch {
        // Really missing: look at its parent.
      }
      if (exists) throw new Error(`${head} is a link to a path that does not exist`);
      const parent = dirname(head);
      if (parent === head) return path;
      rest.push(basename(head));
      head = parent;
    }
  }
}

function lift(flag: string): string {
  return `Start the web host with ${flag} to allow this.`;
}

/** The policy a host serves, from its options; `workspacesRoot` is always an allowed bind folder. */
export function buildCreatePolicy(opts: ContainerPolicyOptions, ctx: { workspacesRoot: string; engineSocket?: string }): CreatePolicy {
  let engineSocket: string | undefined;
  if (ctx.engineSocket) {
    try {
      engineSocket = resolveOnHost(ctx.engineSocket);
    } catch {
      engineSocket = ctx.engineSocket;
    }
  }
  if (opts.fullAccess) return { bindRoots: null, refused: {}, ...(engineSocket ? { engineSocket } : {}) };
  const roots = [ctx.workspacesRoot, ...(opts.allowBind ?? []).map((d) => resolvePath(d))];
  const unique = [...new Set(roots)];
  const refused: CreatePolicy['refused'] = {
    binds: `This web host binds only folders inside ${unique.join(', ')}: any other folder would hand this machine's files to whoever can use Berth. Start the web host with --allow-bind DIR to add a folder.`,
  };
  if (!opts.allowPrivileged) {
    refused.privileged = `This web host refuses privileged containers: one is root on this machine, with every device. ${lift('--allow-privileged')}`;
  }
  if (!opts.allowCapAdd) {
    refused.capAdd = `This web host refuses added capabilities: they let the container reach past itself into this machine's kernel. ${lift('--allow-cap-add')}`;
  }
  if (!opts.allowHostPid) {
    refused.hostPid = `This web host refuses the host's PID namespace: the container would see and signal every process on this machine. ${lift('--allow-host-pid')}`;
  }
  if (!opts.allowHostNetwork) {
    refused.hostNetwork = `This web host refuses the host network: the container would share every interface and port of this machine, loopback services included. ${lift('--allow-host-network')}`;
  }
  return { bindRoots: unique, refused, ...(engineSocket ? { engineSocket } : {}) };
}

/** The workspace folder a spec would bind, when it can be told without creating anything. */
function workspaceOf(spec: CreateSpec, workspacesRoot: string, name = spec.name): string | undefined {
  if (!spec.workspace) return undefined;
  return spec.workspace.hostPath ?? (name ? defaultWorkspacePath(workspacesRoot, name) : undefined);
}

/** True when `ref` (an id, a short id or a name) names this container. */
function names(c: { Id: string; Names: string[] }, ref: string): boolean {
  return c.Id === ref || c.Id.startsWith(ref) || c.Names.includes(`/${ref}`);
}

/**
 * The binds every container on the engine holds (but `exceptRef`, the one an
 * edit replaces), for the nesting rule: only asked for when binds are limited.
 */
export async function heldBinds(engine: Engine, exceptRef?: string): Promise<HeldBind[]> {
  try {
    const list = await engine.port.listContainers();
    return list
      .filter((c) => !exceptRef || !names(c, exceptRef))
      .flatMap((c) =>
        (c.Mounts ?? [])
          .filter((m) => m.Type === 'bind' && m.Source)
          .map((m) => ({ source: m.Source, readOnly: !m.RW, owner: (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, '') })),
      );
  } catch (e) {
    throw engine.fail(e);
  }
}

/**
 * The policy's verdict on a spec, links on disk followed: refusals by field,
 * and binds to confirm. `held` (from heldBinds) adds the nesting rule.
 */
export function judgeSpec(
  policy: CreatePolicy,
  spec: CreateSpec,
  ctx: { workspacesRoot: string; workspaceHostPath?: string; held?: readonly HeldBind[] },
): { errors: ErrorData[]; confirm: BindWarning[] } {
  const workspaceHostPath = ctx.workspaceHostPath ?? workspaceOf(spec, ctx.workspacesRoot);
  const opts = { resolve: resolveOnHost, workspaceHostPath };
  return {
    errors: policyErrors(spec, policy, { ...opts, held: ctx.held }),
    confirm: bindWarnings(spec, { ...opts, workspacesRoot: ctx.workspacesRoot, engineSocket: policy.engineSocket }),
  };
}
