import type { CreatePolicy, CreateSpec } from '../../../../shared/contract/create';
import { specToDockerRun } from '../../../../shared/create/docker-run';
import { draftToSpec, specFieldToDraftField, type CreateDraft } from '../../../../shared/create/draft';
import { policyErrors } from '../../../../shared/create/policy';
import { defaultWorkspacePath } from '../../../../shared/create/request';
import type { ValidateContext } from '../../../../shared/create/validate';

/** Field errors of the form, keyed by form path (`name`, `env.2.key`, `ports.0.hostPort`). */
export type FieldErrors = Record<string, string>;

export interface FormContext {
  validate: ValidateContext;
  policy?: CreatePolicy;
  /** Where `<dataDir>/workspaces` is, once the host has said. */
  workspacesRoot?: string;
}

/** Which step shows a form field, so an error takes the user there. */
export function stepOfField(field: string): number {
  const head = field.split('.')[0] ?? '';
  if (['image', 'name', 'command', 'entrypoint', 'workingDir', 'user', 'tty', 'interactive'].includes(head)) return 0;
  if (['env', 'tags', 'labels'].includes(head)) return 1;
  if (['resources', 'ports'].includes(head)) return 2;
  if (['workspace', 'mounts', 'restart', 'network', 'hardening', 'hostAccess'].includes(head)) return 3;
  return 4;
}

/** The default workspace folder the spec would get, when it asks for one and names the container. */
export function defaultWorkspaceOf(spec: CreateSpec, ctx: FormContext): string | undefined {
  return ctx.workspacesRoot && spec.name && spec.workspace && !spec.workspace.hostPath ? defaultWorkspacePath(ctx.workspacesRoot, spec.name) : undefined;
}

/**
 * Every problem the form can see by itself, one per form field (the first
 * wins). These are the contract's rules, not a copy: draftToSpec parses with
 * the CreateSpec schema and runs validateSpec, the same checks the services
 * make; policyErrors is the host's policy, judged by the text as typed (the
 * services follow links on disk and judge again).
 */
export function formErrors(draft: CreateDraft, ctx: FormContext): { spec: CreateSpec; errors: FieldErrors } {
  const { spec, errors } = draftToSpec(draft, ctx.validate);
  const out: FieldErrors = {};
  for (const e of errors) out[e.field ?? 'form'] ??= e.message;
  if (ctx.policy) {
    for (const e of policyErrors(spec, ctx.policy, { resolve: (p) => p, workspaceHostPath: defaultWorkspaceOf(spec, ctx) })) {
      out[specFieldToDraftField(e.field ?? 'form', draft)] ??= e.message;
    }
  }
  return { spec, errors: out };
}

/**
 * Whether an error is shown yet: once the user has left its field (or a
 * control of the group it belongs to), or asked to go on from its step.
 * A field not yet left says nothing: typing is not a mistake.
 */
export function isRevealed(field: string, touched: ReadonlySet<string>, revealedSteps: ReadonlySet<number>): boolean {
  if (field === 'form' || revealedSteps.has(stepOfField(field))) return true;
  for (const t of touched) if (t === field || t.startsWith(`${field}.`) || field.startsWith(`${t}.`)) return true;
  return false;
}

export function visibleErrors(all: FieldErrors, touched: ReadonlySet<string>, revealedSteps: ReadonlySet<number>): FieldErrors {
  return Object.fromEntries(Object.entries(all).filter(([f, m]) => m && isRevealed(f, touched, revealedSteps)));
}

/** The draft with the value at `field` taken out; rows are blanked, not removed, so the other rows keep their numbers. */
export function clearField(d: CreateDraft, field: string): CreateDraft {
  const [head = '', sub = ''] = field.split('.');
  const row = /^\d+$/.test(sub) ? Number(sub) : undefined;
  switch (head) {
    case 'image':
    case 'name':
    case 'command':
    case 'entrypoint':
    case 'workingDir':
    case 'user':
    case 'tags':
    case 'network':
      return { ...d, [head]: '' };
    case 'resources':
      if (sub === 'cpus' || sub === 'memory' || sub === 'pidsLimit') return { ...d, [sub]: '' };
      return { ...d, cpus: '', memory: '', pidsLimit: '' };
    case 'env':
    case 'labels':
      return { ...d, [head]: row === undefined ? [] : d[head].map((r, i) => (i === row ? { key: '', value: '' } : r)) };
    case 'ports':
      return { ...d, ports: row === undefined ? [] : d.ports.map((p, i) => (i === row ? { ...p, hostPort: '', containerPort: '', anyFree: false } : p)) };
    case 'mounts':
      return { ...d, mounts: row === undefined ? [] : d.mounts.map((m, i) => (i === row ? { ...m, source: '', target: '' } : m)) };
    case 'workspace':
      return { ...d, workspace: false };
    case 'restart':
      return sub === 'maxRetries' ? { ...d, maxRetries: '' } : { ...d, restartPolicy: 'no', maxRetries: '' };
    case 'hardening':
      return { ...d, readOnlyRootfs: false, noNewPrivileges: false, capDropAll: false, noNetwork: false };
    case 'hostAccess':
      if (sub === 'privileged' || sub === 'hostPid') return { ...d, [sub]: false };
      if (sub === 'capAdd') return { ...d, capAdd: '' };
      return { ...d, privileged: false, hostPid: false, capAdd: '' };
    default:
      return d;
  }
}

const LABELS: Record<string, string> = {
  image: 'Image',
  name: 'Name',
  command: 'Command',
  entrypoint: 'Entrypoint',
  workingDir: 'Working directory',
  user: 'User',
  tags: 'Tags',
  network: 'Network',
  env: 'Environment',
  labels: 'Labels',
  ports: 'Ports',
  mounts: 'Mounts',
  workspace: 'Workspace',
  resources: 'Resources',
  'resources.cpus': 'CPUs',
  'resources.memory': 'Memory',
  'resources.pidsLimit': 'PIDs limit',
  restart: 'Restart policy',
  'restart.maxRetries': 'Max retries',
  hardening: 'Hardening',
  hostAccess: 'Host access',
  'hostAccess.privileged': 'Privileged',
  'hostAccess.hostPid': 'Host PID namespace',
  'hostAccess.capAdd': 'Add capabilities',
};
const ROWS: Record<string, string> = { env: 'Variable', labels: 'Label', ports: 'Port row', mounts: 'Mount row' };

/** A form path in the words the form labels it with: `resources.memory` → Memory, `ports.0.hostPort` → Port row 1. */
export function fieldLabel(field: string): string {
  const [head = '', sub = ''] = field.split('.');
  if (ROWS[head] && /^\d+$/.test(sub)) return `${ROWS[head]} ${Number(sub) + 1}`;
  return LABELS[field] ?? LABELS[`${head}.${sub}`] ?? LABELS[head] ?? field;
}

/** The order the form shows its fields in, so a list of them reads top to bottom. */
const ORDER = ['image', 'name', 'command', 'entrypoint', 'workingDir', 'user', 'env', 'tags', 'labels', 'resources.cpus', 'resources.memory', 'resources.pidsLimit', 'resources', 'ports', 'workspace', 'mounts', 'restart', 'network', 'hardening', 'hostAccess'];

function formOrder(a: string, b: string): number {
  const rank = (f: string): [number, number] => {
    const [head = '', sub = ''] = f.split('.');
    const i = ORDER.indexOf(`${head}.${sub}`);
    return [i >= 0 ? i : ORDER.indexOf(head) >= 0 ? ORDER.indexOf(head) : ORDER.length, /^\d+$/.test(sub) ? Number(sub) : -1];
  };
  const [ra, rb] = [rank(a), rank(b)];
  return ra[0] - rb[0] || ra[1] - rb[1];
}

export interface SafePreview {
  /** The `docker run` line, built only from values that pass. */
  line: string;
  /** What was left out, by label, in form order. */
  omitted: string[];
}

/**
 * The `docker run` preview without any value the form would refuse: each
 * refused field is taken out and the rest judged again (taking one out can
 * make another refused, e.g. a workspace without a name), until what is left
 * passes or only emptied fields complain.
 */
export function safePreview(draft: CreateDraft, ctx: FormContext, refused: FieldErrors): SafePreview {
  let d = draft;
  const out = new Set<string>();
  let pending = Object.keys(refused).filter((f) => refused[f] && f !== 'form');
  for (let round = 0; round < 8 && pending.length; round++) {
    for (const f of pending) {
      out.add(f);
      d = clearField(d, f);
    }
    pending = Object.keys(formErrors(d, ctx).errors).filter((f) => f !== 'form' && !out.has(f));
  }
  const { spec } = draftToSpec(d, ctx.validate);
  const labels = [...out].sort(formOrder).map(fieldLabel);
  // Nothing typed yet is not a refusal worth a note.
  const omitted = [...new Set(labels)].filter((l) => !(l === 'Image' && !draft.image.trim()));
  return { line: specToDockerRun(spec, { workspaceHostPath: defaultWorkspaceOf(spec, ctx) }), omitted };
}

/** "1 field not shown: Memory" — or nothing, when the preview holds everything. */
export function omittedNote(omitted: string[]): string | undefined {
  if (!omitted.length) return undefined;
  return `${omitted.length} field${omitted.length === 1 ? '' : 's'} not shown: ${omitted.join(', ')}`;
}
