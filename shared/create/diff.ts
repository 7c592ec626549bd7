import type { Change, CreateSpec, EditMode, EditPlan } from '../contract/create';
import { joinWords } from './shell-words';
import { parseMemory } from './memory';
import { workspaceTarget } from './request';

const NONE = '—';

interface Field {
  field: string;
  label: string;
  /** Text for the diff; equal texts mean no change. */
  text(s: CreateSpec): string;
  /** Whether the engine can apply old → new in place. */
  live?(oldSpec: CreateSpec, newSpec: CreateSpec): boolean;
}

const words = (w: string[] | undefined) => (w === undefined ? NONE : w.length ? joinWords(w) : '(cleared)');
const restartText = (s: CreateSpec) => {
  const r = s.restart ?? { policy: 'no' as const };
  return r.policy === 'on-failure' && r.maxRetries ? `on-failure:${r.maxRetries}` : r.policy;
};
const portsText = (s: CreateSpec) =>
  (s.ports ?? [])
    .map((p) => `${p.hostIp ? p.hostIp + ':' : ''}${p.hostPort ?? 'any'}→${p.containerPort}/${p.protocol ?? 'tcp'}`)
    .join(', ') || NONE;
const mountsText = (s: CreateSpec) =>
  (s.mounts ?? []).map((m) => `${m.source}:${m.target}${m.readOnly ? ' (read-only)' : ''}`).join(', ') || NONE;
const onOff = (b: boolean | undefined) => (b ? 'on' : 'off');

/**
 * The engine's `update` changes limits and the restart policy of a live
 * container, but it cannot clear a CPU or memory limit (0 means "unchanged"
 * there): removing one needs a new container.
 */
const limitLive = (get: (s: CreateSpec) => unknown) => (_o: CreateSpec, n: CreateSpec) => get(n) !== undefined;

const FIELDS: Field[] = [
  { field: 'image', label: 'Image', text: (s) => s.image.trim() },
  { field: 'name', label: 'Name', text: (s) => s.name || NONE, live: (_o, n) => Boolean(n.name) },
  { field: 'command', label: 'Command', text: (s) => words(s.command) },
  { field: 'entrypoint', label: 'Entrypoint', text: (s) => words(s.entrypoint) },
  { field: 'workingDir', label: 'Working directory', text: (s) => s.workingDir || NONE },
  { field: 'user', label: 'User', text: (s) => s.user || NONE },
  { field: 'tags', label: 'Tags', text: (s) => [...(s.tags ?? [])].sort().join(', ') || NONE },
  {
    field: 'resources.cpus',
    label: 'CPUs',
    text: (s) => (s.resources?.cpus === undefined ? 'no limit' : String(s.resources.cpus)),
    live: limitLive((s) => s.resources?.cpus),
  },
  {
    field: 'resources.memory',
    label: 'Memory',
    text: (s) => {
      const m = s.resources?.memory;
      return m === undefined ? 'no limit' : String(parseMemory(m) === undefined ? m : m.toLowerCase().replace(/\s+/g, ''));
    },
    live: limitLive((s) => s.resources?.memory),
  },
  {
    field: 'resources.pidsLimit',
    label: 'PIDs limit',
    text: (s) => (s.resources?.pidsLimit === undefined ? 'no limit' : String(s.resources.pidsLimit)),
    live: () => true,
  },
  { field: 'restart', label: 'Restart policy', text: restartText, live: () => true },
  { field: 'ports', label: 'Ports', text: portsText },
  {
    field: 'workspace',
    label: 'Workspace',
    text: (s) => (s.workspace ? `${s.workspace.hostPath ?? '(default folder)'} at ${workspaceTarget(s)}` : NONE),
  },
  { field: 'mounts', label: 'Mounts', text: mountsText },
  { field: 'network', label: 'Network', text: (s) => (s.hardening?.noNetwork ? 'none' : s.network || 'default') },
  { field: 'hardening.readOnlyRootfs', label: 'Read-only root filesystem', text: (s) => onOff(s.hardening?.readOnlyRootfs) },
  { field: 'hardening.noNewPrivileges', label: 'No new privileges', text: (s) => onOff(s.hardening?.noNewPrivileges) },
  { field: 'hardening.capDropAll', label: 'Drop all capabilities', text: (s) => onOff(s.hardening?.capDropAll) },
  { field: 'hostAccess.privileged', label: 'Privileged', text: (s) => onOff(s.hostAccess?.privileged) },
  { field: 'hostAccess.capAdd', label: 'Added capabilities', text: (s) => [...(s.hostAccess?.capAdd ?? [])].map((c) => c.toUpperCase()).sort().join(', ') || NONE },
  { field: 'hostAccess.hostPid', label: "The host's processes (PID namespace)", text: (s) => onOff(s.hostAccess?.hostPid) },
  { field: 'tty', label: 'Terminal (TTY)', text: (s) => onOff(s.tty) },
  { field: 'interactive', label: 'Keep stdin open', text: (s) => onOff(s.interactive) },
];

function recordChanges(prefix: string, label: string, a: Record<string, string> = {}, b: Record<string, string> = {}): Change[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const out: Change[] = [];
  for (const k of keys) {
    if (a[k] === b[k]) continue;
    out.push({
      field: `${prefix}.${k}`,
      label: `${label} ${k}`,
      old: a[k] === undefined ? NONE : a[k]!,
      new: b[k] === undefined ? '(removed)' : b[k]!,
      live: false,
    });
  }
  return out;
}

/** Old → new, field by field, and whether the whole edit can be applied live or needs a new container. */
export function diffSpecs(oldSpec: CreateSpec, newSpec: CreateSpec): { mode: EditMode; changes: Change[] } {
  const changes: Change[] = [];
  for (const f of FIELDS) {
    const a = f.text(oldSpec);
    const b = f.text(newSpec);
    if (a === b) continue;
    changes.push({ field: f.field, label: f.label, old: a, new: b, live: f.live ? f.live(oldSpec, newSpec) : false });
  }
  changes.push(...recordChanges('env', 'Variable', oldSpec.env, newSpec.env));
  changes.push(...recordChanges('labels', 'Label', oldSpec.labels, newSpec.labels));
  const mode: EditMode = changes.length === 0 ? 'none' : changes.every((c) => c.live) ? 'live' : 'recreate';
  return { mode, changes };
}

export function planEdit(oldSpec: CreateSpec, newSpec: CreateSpec, state: string): EditPlan {
  const { mode, changes } = diffSpecs(oldSpec, newSpec);
  const notes: string[] = [];
  if (mode === 'live') notes.push('Applied in place: same container, no restart.');
  if (mode === 'recreate') {
    const why = changes.filter((c) => !c.live).map((c) => c.label);
    notes.push(`Needs a new container because of: ${[...new Set(why)].join(', ')}.`);
    if (state === 'running') notes.push('It is running: the new one starts under a temporary name, the old one stops, and the old one comes back if the new one fails to start.');
    notes.push('The workspace folder is kept; files in the container outside its mounts are not carried over.');
  }
  return { mode, changes, notes };
}
