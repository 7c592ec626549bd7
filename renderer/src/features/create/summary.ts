import type { CreateSpec, EditEvent, RecreateStep, RecreateStepState } from '../../../../shared/contract/create';
import { joinWords } from '../../../../shared/create/shell-words';
import { stepOfField } from './validation';

/** One line of the Review step: what the spec says about one section, and where it is edited. */
export interface SummaryLine {
  label: string;
  /** Empty: the section is not set, and `unset` says what that means. */
  values: string[];
  unset: string;
  /** The form path of the section; the Edit button jumps to its step and focuses its first field. */
  focus: string;
  step: number;
  /** Values as typed (paths, commands, names) rather than words. */
  mono: boolean;
}

const HARDENING: Array<[keyof NonNullable<CreateSpec['hardening']>, string]> = [
  ['readOnlyRootfs', 'Read-only root filesystem'],
  ['noNewPrivileges', 'No new privileges'],
  ['capDropAll', 'Drop all capabilities'],
  ['noNetwork', 'No network'],
];

/**
 * Everything the spec asks for, section by section, in the form's order.
 * Every section has a line, so nothing is silently missing; a section not set
 * says what that means ("none", "the image's default") in one muted word or two.
 * Values are shown as the preview shows them: the form holds no secrets apart.
 */
export function summaryOf(spec: CreateSpec, opts: { workspaceHostPath?: string } = {}): SummaryLine[] {
  const WORDS = new Set(['Terminal', 'Limits', 'Restart policy', 'Hardening', 'Host access']);
  const line = (label: string, focus: string, values: Array<string | undefined | false>, unset = 'none'): SummaryLine => ({
    label,
    values: values.filter((v): v is string => typeof v === 'string' && v !== ''),
    unset,
    focus,
    step: stepOfField(focus),
    mono: !WORDS.has(label),
  });
  const r = spec.resources ?? {};
  const h = spec.hardening ?? {};
  const a = spec.hostAccess ?? {};
  const restart = spec.restart;
  return [
    line('Image', 'image', [spec.image]),
    line('Name', 'name', [spec.name], 'chosen by the engine'),
    line('Command', 'command', [spec.command && joinWords(spec.command)], "the image's default"),
    line('Entrypoint', 'entrypoint', [spec.entrypoint && joinWords(spec.entrypoint)], "the image's default"),
    line('Working directory', 'workingDir', [spec.workingDir], "the image's default"),
    line('User', 'user', [spec.user], "the image's default"),
    line('Terminal', 'tty', [spec.tty && 'TTY', spec.interactive && 'stdin kept open']),
    line('Environment', 'env', Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`)),
    line('Tags', 'tags', spec.tags ?? []),
    line('Labels', 'labels', Object.entries(spec.labels ?? {}).map(([k, v]) => `${k}=${v}`)),
    line('Limits', 'resources', [r.cpus !== undefined && `CPUs ${r.cpus}`, r.memory !== undefined && `memory ${r.memory}`, r.pidsLimit !== undefined && `PIDs ${r.pidsLimit}`]),
    line(
      'Ports',
      'ports',
      (spec.ports ?? []).map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.hostPort ?? 'any free port'} → ${p.containerPort}/${p.protocol ?? 'tcp'}`),
    ),
    line('Workspace', 'workspace', [
      spec.workspace && `${spec.workspace.hostPath ?? opts.workspaceHostPath ?? "a folder named after the container in Berth's data folder"} → ${spec.workspace.containerPath ?? '/app'}`,
    ]),
    line(
      'Mounts',
      'mounts',
      (spec.mounts ?? []).map((m) => `${m.type === 'volume' ? 'volume ' : ''}${m.source} → ${m.target}${m.readOnly ? ' (read-only)' : ''}`),
    ),
    line('Network', 'network', [h.noNetwork ? 'none (no network)' : spec.network], 'default (bridge)'),
    line('Restart policy', 'restart', [
      restart && restart.policy !== 'no' && (restart.policy === 'on-failure' && restart.maxRetries ? `on-failure, up to ${restart.maxRetries} retries` : restart.policy),
    ], 'no'),
    line('Hardening', 'hardening', HARDENING.map(([k, label]) => h[k] && label)),
    line('Host access', 'hostAccess', [a.privileged && 'Privileged', a.capAdd?.length ? `Add capabilities: ${a.capAdd.join(', ')}` : undefined, a.hostPid && 'Host PID namespace']),
  ];
}

/** Where an edit that replaces the container stands, folded from the service's events. */
export interface EditProgress {
  steps: RecreateStep[];
  states: Partial<Record<RecreateStep, RecreateStepState>>;
  /** After a failure: what the edit left behind, in words. */
  left?: string;
  failed: boolean;
}

export function advanceEdit(p: EditProgress | undefined, e: EditEvent): EditProgress | undefined {
  if (e.type === 'plan') return { steps: e.steps, states: {}, failed: false };
  if (e.type === 'step' && p) {
    return { ...p, states: { ...p.states, [e.step]: e.state }, ...(e.state === 'failed' ? { failed: true, left: e.left } : {}) };
  }
  return p;
}

export const STEP_LABELS: Record<RecreateStep, string> = {
  create: 'Create the new container',
  stop: 'Stop the old container',
  start: 'Start the new container',
  remove: 'Remove the old container',
  rename: 'Give the new container its name',
};

/** A step's state in words; a step after a failure never ran. */
export function stepStateText(p: EditProgress, s: RecreateStep): string {
  const state = p.states[s];
  if (state === 'skipped') return 'skipped (it was not running)';
  if (state) return state;
  return p.failed ? 'not run' : 'waiting';
}
