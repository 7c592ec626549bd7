import { CAPABILITY_PATTERN, CreateSpec, type MountSpec, type PortProtocol, type PortSpec, type RestartPolicyName } from '../contract/create';
import type { ErrorData } from '../contract/errors';
import { TAG_PATTERN } from '../contract/labels';
import { joinWords, splitWords } from './shell-words';
import { validateSpec, type ValidateContext } from './validate';

/**
 * The wizard's state: what the user typed, as text, so nothing typed is lost
 * while it is not valid yet. draftToSpec is the one mapping from the form to a
 * CreateSpec (and so to the Engine request and the `docker run` preview).
 */
export interface KeyValueRow {
  key: string;
  value: string;
}
export interface PortRow {
  /** Empty with anyFree: the engine picks. */
  hostPort: string;
  anyFree: boolean;
  containerPort: string;
  protocol: PortProtocol;
  hostIp: string;
}
export interface MountRow {
  type: 'bind' | 'volume';
  source: string;
  target: string;
  readOnly: boolean;
}
export interface CreateDraft {
  image: string;
  name: string;
  command: string;
  entrypoint: string;
  workingDir: string;
  user: string;
  env: KeyValueRow[];
  /** Comma or space separated. */
  tags: string;
  labels: KeyValueRow[];
  cpus: string;
  memory: string;
  pidsLimit: string;
  ports: PortRow[];
  workspace: boolean;
  /** Empty: the default folder under the data folder. */
  workspaceHostPath: string;
  workspaceContainerPath: string;
  mounts: MountRow[];
  restartPolicy: RestartPolicyName;
  maxRetries: string;
  network: string;
  readOnlyRootfs: boolean;
  noNewPrivileges: boolean;
  capDropAll: boolean;
  noNetwork: boolean;
  privileged: boolean;
  /** Capabilities to add, separated by commas or spaces. */
  capAdd: string;
  hostPid: boolean;
  tty: boolean;
  interactive: boolean;
  start: boolean;
}

export function emptyDraft(): CreateDraft {
  return {
    image: '',
    name: '',
    command: '',
    entrypoint: '',
    workingDir: '',
    user: '',
    env: [],
    tags: '',
    labels: [],
    cpus: '',
    memory: '',
    pidsLimit: '',
    ports: [],
    workspace: false,
    workspaceHostPath: '',
    workspaceContainerPath: '/app',
    mounts: [],
    restartPolicy: 'no',
    maxRetries: '',
    network: '',
    readOnlyRootfs: false,
    noNewPrivileges: false,
    capDropAll: false,
    noNetwork: false,
    privileged: false,
    capAdd: '',
    hostPid: false,
    tty: false,
    interactive: false,
    start: true,
  };
}

export function emptyPortRow(): PortRow {
  return { hostPort: '', anyFree: false, containerPort: '', protocol: 'tcp', hostIp: '' };
}

const err = (field: string, message: string): ErrorData => ({ code: 'invalid-input', field, message });

export function splitTags(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

function intField(text: string, field: string, errors: ErrorData[], min: number, max: number, what: string): number | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t);
  if (!/^\d+$/.test(t) || n < min || n > max) {
    errors.push(err(field, `${what} must be a whole number from ${min} to ${max}`));
    return undefined;
  }
  return n;
}

/**
 * Form → spec, with one error per field the user must fix (field paths are
 * the form's: `env.2.key`, `ports.0.hostPort`). The spec is returned even when
 * there are errors so the preview keeps showing what it can.
 */
export function draftToSpec(d: CreateDraft, ctx: ValidateContext = {}): { spec: CreateSpec; errors: ErrorData[] } {
  const errors: ErrorData[] = [];
  const spec: CreateSpec = { image: d.image.trim() };
  if (d.name.trim()) spec.name = d.name.trim();
  for (const key of ['command', 'entrypoint'] as const) {
    if (!d[key].trim()) continue;
    const split = splitWords(d[key]);
    if (split.error) errors.push(err(key, `Could not split this: ${split.error}`));
    else spec[key] = split.words;
  }
  if (d.workingDir.trim()) spec.workingDir = d.workingDir.trim();
  if (d.user.trim()) spec.user = d.user.trim();

  const env: Record<string, string> = {};
  d.env.forEach((row, i) => {
    if (!row.key.trim() && !row.value) return;
    const key = row.key.trim();
    if (key in env) errors.push(err(`env.${i}.key`, `${key} is set twice`));
    env[key] = row.value;
  });
  if (Object.keys(env).length) spec.env = env;

  const tags = splitTags(d.tags);
  const badTag = tags.find((t) => !TAG_PATTERN.test(t));
  if (badTag) errors.push(err('tags', `"${badTag}" is not a tag: letters, digits, _ . - only (up to 63)`));
  else if (tags.length) spec.tags = [...new Set(tags)];

  const labels: Record<string, string> = {};
  d.labels.forEach((row, i) => {
    if (!row.key.trim() && !row.value) return;
    const key = row.key.trim();
    if (key in labels) errors.push(err(`labels.${i}.key`, `${key} is set twice`));
    labels[key] = row.value;
  });
  if (Object.keys(labels).length) spec.labels = labels;

  const resources: NonNullable<CreateSpec['resources']> = {};
  if (d.cpus.trim()) {
    const n = Number(d.cpus.trim());
    if (!Number.isFinite(n) || n <= 0) errors.push(err('resources.cpus', `"${d.cpus}" is not a number of CPUs, e.g. 0.5 or 2`));
    else resources.cpus = n;
  }
  if (d.memory.trim()) resources.memory = d.memory.trim();
  const pids = intField(d.pidsLimit, 'resources.pidsLimit', errors, 1, 4_194_304, 'The PIDs limit');
  if (pids !== undefined) resources.pidsLimit = pids;
  if (Object.keys(resources).length) spec.resources = resources;

  const ports: PortSpec[] = [];
  d.ports.forEach((row, i) => {
    if (!row.containerPort.trim() && !row.hostPort.trim() && !row.anyFree) return;
    const c = intField(row.containerPort, `ports.${i}.containerPort`, errors, 1, 65535, 'The container port');
    if (!row.containerPort.trim()) errors.push(err(`ports.${i}.containerPort`, 'Give the container port'));
    let h: number | undefined;
    if (!row.anyFree) {
      if (!row.hostPort.trim()) errors.push(err(`ports.${i}.hostPort`, 'Give a host port or choose "any free port"'));
      h = intField(row.hostPort, `ports.${i}.hostPort`, errors, 1, 65535, 'The host port');
    }
    if (c === undefined) return;
    const p: PortSpec = { containerPort: c };
    if (h !== undefined) p.hostPort = h;
    if (row.protocol !== 'tcp') p.protocol = row.protocol;
    if (row.hostIp.trim()) p.hostIp = row.hostIp.trim();
    ports.push(p);
  });
  if (ports.length) spec.ports = ports;

  if (d.workspace) {
    spec.workspace = {};
    if (d.workspaceHostPath.trim()) spec.workspace.hostPath = d.workspaceHostPath.trim();
    const target = d.workspaceContainerPath.trim();
    if (target && target !== '/app') spec.workspace.containerPath = target;
  }
  const mounts: MountSpec[] = [];
  d.mounts.forEach((row, i) => {
    if (!row.source.trim() && !row.target.trim()) return;
    if (!row.source.trim()) errors.push(err(`mounts.${i}.source`, row.type === 'bind' ? 'Give the host folder' : 'Give the volume name'));
    if (!row.target.trim()) errors.push(err(`mounts.${i}.target`, 'Give the path inside the container'));
    if (!row.source.trim() || !row.target.trim()) return;
    mounts.push({ type: row.type, source: row.source.trim(), target: row.target.trim(), ...(row.readOnly ? { readOnly: true } : {}) });
  });
  if (mounts.length) spec.mounts = mounts;

  if (d.restartPolicy !== 'no') {
    spec.restart = { policy: d.restartPolicy };
    if (d.restartPolicy === 'on-failure') {
      const n = intField(d.maxRetries, 'restart.maxRetries', errors, 0, 1000, 'The retry count');
      if (n !== undefined) spec.restart.maxRetries = n;
    }
  }
  if (d.network.trim() && !d.noNetwork) spec.network = d.network.trim();
  const hardening: NonNullable<CreateSpec['hardening']> = {};
  if (d.readOnlyRootfs) hardening.readOnlyRootfs = true;
  if (d.noNewPrivileges) hardening.noNewPrivileges = true;
  if (d.capDropAll) hardening.capDropAll = true;
  if (d.noNetwork) hardening.noNetwork = true;
  if (Object.keys(hardening).length) spec.hardening = hardening;
  const access: NonNullable<CreateSpec['hostAccess']> = {};
  if (d.privileged) access.privileged = true;
  const caps = [...new Set(d.capAdd.split(/[\s,]+/).filter(Boolean))];
  const badCap = caps.find((c) => !CAPABILITY_PATTERN.test(c));
  if (badCap) errors.push(err('hostAccess.capAdd', `"${badCap}" is not a capability name, e.g. NET_ADMIN`));
  else if (caps.length) access.capAdd = caps;
  if (d.hostPid) access.hostPid = true;
  if (Object.keys(access).length) spec.hostAccess = access;
  if (d.tty) spec.tty = true;
  if (d.interactive) spec.interactive = true;
  if (!d.start) spec.start = false;

  const parsed = CreateSpec.safeParse(spec);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const field = i.path.map(String).join('.');
      if (!errors.some((e) => e.field === field)) errors.push(err(field, i.message));
    }
  }
  for (const e of validateSpec(spec, ctx)) {
    const field = specFieldToDraftField(e.field ?? '', d);
    if (!errors.some((x) => x.field === field)) errors.push({ ...e, field });
  }
  return { spec, errors };
}

/** A spec path from the service (`env.FOO`, `labels.k`, `tags.2`) → the form row it concerns. */
export function specFieldToDraftField(field: string, d: CreateDraft): string {
  const [head, ...rest] = field.split('.');
  const key = rest.join('.');
  if (head === 'env' && key) {
    const i = d.env.findIndex((r) => r.key.trim() === key);
    return i >= 0 ? `env.${i}.key` : 'env';
  }
  if (head === 'labels' && key) {
    const i = d.labels.findIndex((r) => r.key.trim() === key);
    return i >= 0 ? `labels.${i}.key` : 'labels';
  }
  if (head === 'tags') return 'tags';
  if (head === 'ports' && rest.length) {
    // Rows left empty are skipped by draftToSpec: map the spec's index back to the row's.
    const filled = d.ports.map((r, i) => ({ r, i })).filter(({ r }) => r.containerPort.trim() || r.hostPort.trim() || r.anyFree);
    const row = filled[Number(rest[0])];
    return row ? ['ports', row.i, ...rest.slice(1)].join('.') : 'ports';
  }
  if (head === 'mounts' && rest.length) {
    const filled = d.mounts.map((r, i) => ({ r, i })).filter(({ r }) => r.source.trim() || r.target.trim());
    const row = filled[Number(rest[0])];
    return row ? ['mounts', row.i, ...rest.slice(1)].join('.') : 'mounts';
  }
  return field;
}

export function specToDraft(spec: CreateSpec): CreateDraft {
  const d = emptyDraft();
  d.image = spec.image;
  d.name = spec.name ?? '';
  d.command = spec.command ? joinWords(spec.command) : '';
  d.entrypoint = spec.entrypoint ? joinWords(spec.entrypoint) : '';
  d.workingDir = spec.workingDir ?? '';
  d.user = spec.user ?? '';
  d.env = Object.entries(spec.env ?? {}).map(([key, value]) => ({ key, value }));
  d.tags = (spec.tags ?? []).join(', ');
  d.labels = Object.entries(spec.labels ?? {}).map(([key, value]) => ({ key, value }));
  d.cpus = spec.resources?.cpus !== undefined ? String(spec.resources.cpus) : '';
  d.memory = spec.resources?.memory ?? '';
  d.pidsLimit = spec.resources?.pidsLimit !== undefined ? String(spec.resources.pidsLimit) : '';
  d.ports = (spec.ports ?? []).map((p) => ({
    hostPort: p.hostPort !== undefined ? String(p.hostPort) : '',
    anyFree: p.hostPort === undefined,
    containerPort: String(p.containerPort),
    protocol: p.protocol ?? 'tcp',
    hostIp: p.hostIp ?? '',
  }));
  d.workspace = spec.workspace !== undefined;
  d.workspaceHostPath = spec.workspace?.hostPath ?? '';
  d.workspaceContainerPath = spec.workspace?.containerPath ?? '/app';
  d.mounts = (spec.mounts ?? []).map((m) => ({ type: m.type, source: m.source, target: m.target, readOnly: Boolean(m.readOnly) }));
  d.restartPolicy = spec.restart?.policy ?? 'no';
  d.maxRetries = spec.restart?.maxRetries !== undefined ? String(spec.restart.maxRetries) : '';
  d.network = spec.network ?? '';
  d.readOnlyRootfs = Boolean(spec.hardening?.readOnlyRootfs);
  d.noNewPrivileges = Boolean(spec.hardening?.noNewPrivileges);
  d.capDropAll = Boolean(spec.hardening?.capDropAll);
  d.noNetwork = Boolean(spec.hardening?.noNetwork);
  d.privileged = Boolean(spec.hostAccess?.privileged);
  d.capAdd = (spec.hostAccess?.capAdd ?? []).join(', ');
  d.hostPid = Boolean(spec.hostAccess?.hostPid);
  d.tty = Boolean(spec.tty);
  d.interactive = Boolean(spec.interactive);
  d.start = spec.start !== false;
  return d;
}

/**
 * A `.env` file → rows: `KEY=VALUE` lines, `export ` prefixes, # comments,
 * values in single or double quotes. Lines that are not assignments are reported.
 */
export function parseEnvFile(text: string): { rows: KeyValueRow[]; skipped: number[] } {
  const rows: KeyValueRow[] = [];
  const skipped: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      skipped.push(i + 1);
      return;
    }
    let value = m[2]!;
    const q = value[0];
    if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    rows.push({ key: m[1]!, value });
  });
  return { rows, skipped };
}
