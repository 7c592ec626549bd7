import { existsSync, statSync } from 'node:fs';
import type { CreateSpec } from '../../../shared/contract/create';
import type { ErrorData } from '../../../shared/contract/errors';
import { BerthError } from '../../../shared/contract/errors';
import { imageRefError, validateSpec } from '../../../shared/create/validate';
import type { Engine } from '../engine/engine';
import type { EnginePort } from '../engine/port';
import { hostPortFree } from './ports';

export interface CheckResult {
  errors: ErrorData[];
  imagePresent: boolean;
}

/** Networks every engine has, which need no lookup. */
const BUILTIN_NETWORKS = new Set(['bridge', 'host', 'none', 'default']);

export async function hostCpus(port: EnginePort): Promise<number> {
  const info = await port.info();
  return info.NCPU ?? 1;
}

/** Whether the engine has the image; a string that is no image reference never reaches the engine. */
export async function imagePresent(port: EnginePort, ref: string): Promise<boolean> {
  const bad = imageRefError(ref);
  if (bad) throw new BerthError('invalid-input', bad, { field: 'image' });
  try {
    await port.inspectImage(ref.trim());
    return true;
  } catch (e) {
    if (e instanceof BerthError && (e.code === 'image-not-found' || e.code === 'not-found')) return false;
    throw e;
  }
}

/**
 * Everything the engine would refuse, found before anything is created: the
 * pure rules, then the machine's state (names taken, host ports busy on this
 * machine or held by another container, networks that do not exist).
 * `editingId` is the container being replaced: its own name and ports do not count.
 */
export async function checkSpec(engine: Engine, spec: CreateSpec, opts: { editingId?: string } = {}): Promise<CheckResult> {
  try {
    const port = engine.port;
    const [cpus, containers, present] = await Promise.all([
      hostCpus(port),
      port.listContainers(),
      // Only a valid reference is asked about: the pure rules below report a bad one.
      imageRefError(spec.image) ? false : imagePresent(port, spec.image).catch(() => false),
    ]);
    const errors = validateSpec(spec, { hostCpus: cpus });
    const has = (field: string) => errors.some((e) => e.field === field);
    const editing = opts.editingId
      ? containers.find((c) => c.Id === opts.editingId || c.Id.startsWith(opts.editingId!) || c.Names.includes(`/${opts.editingId}`))
      : undefined;

    if (spec.name && !has('name')) {
      const owner = containers.find((c) => c !== editing && c.Names.includes(`/${spec.name}`));
      if (owner) errors.push({ code: 'name-in-use', field: 'name', message: `The name "${spec.name}" is taken by another container (${owner.Id.slice(0, 12)})` });
    }

    const local = engine.endpoint.kind === 'socket';
    const ownPorts = new Set((editing?.Ports ?? []).filter((p) => p.PublicPort).map((p) => `${p.PublicPort}/${p.Type}`));
    for (const [i, p] of (spec.ports ?? []).entries()) {
      const field = `ports.${i}.hostPort`;
      if (p.hostPort === undefined || has(field)) continue;
      const proto = p.protocol ?? 'tcp';
      const key = `${p.hostPort}/${proto}`;
      const user = containers.find((c) => c !== editing && c.Ports.some((cp) => cp.PublicPort === p.hostPort && cp.Type === proto));
      if (user) {
        errors.push({
          code: 'port-in-use',
          field,
          message: `Host port ${key} is used by container ${(user.Names[0] ?? user.Id).replace(/^\//, '')}`,
        });
        continue;
      }
      if (local && !ownPorts.has(key) && !(await hostPortFree(p.hostPort, proto, p.hostIp))) {
        errors.push({ code: 'port-in-use', field, message: `Host port ${key} is already in use on this machine` });
      }
    }

    if (spec.network && !BUILTIN_NETWORKS.has(spec.network) && !has('network')) {
      const nets = await port.listNetworks();
      if (!nets.some((n) => n.Name === spec.network || n.Id.startsWith(spec.network!))) {
        errors.push({ code: 'not-found', field: 'network', message: `There is no network "${spec.network}"` });
      }
    }
    const ws = spec.workspace?.hostPath;
    if (ws && !has('workspace.hostPath') && existsSync(ws) && !statSync(ws).isDirectory()) {
      errors.push({ code: 'invalid-input', field: 'workspace.hostPath', message: `${ws} is a file, not a folder` });
    }
    return { errors, imagePresent: present };
  } catch (e) {
    throw engine.fail(e);
  }
}
