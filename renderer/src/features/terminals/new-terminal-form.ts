import type { z } from 'zod';
import { ExecUser, ShellChoice, WorkingDir, type CreateTerminalInput } from '../../../../shared/contract/terminals';

/** What the New terminal dialog holds, as typed. */
export interface NewTerminalFields {
  /** A running container's id, or HOST_TARGET for a shell on the serving machine. */
  target: string;
  shell: string;
  user: string;
  workingDir: string;
}
export type NewTerminalField = keyof NewTerminalFields;
export type FieldProblems = Partial<Record<NewTerminalField, string>>;

/** Not a container id (those are hex): the target that means "this machine". */
export const HOST_TARGET = ':host';

/** The contract's own rules, in words a person reads beside the field. */
function problemOf(schema: z.ZodType, value: string): string | undefined {
  const r = schema.safeParse(value);
  if (r.success) return undefined;
  const issue = r.error.issues[0];
  if (!issue) return 'This value is not accepted.';
  if (issue.code === 'too_big' && typeof issue.maximum === 'number') return `at most ${issue.maximum} characters`;
  return issue.message;
}

const sentence = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;

/** The problem with one field as it stands, or undefined. Empty user and directory mean the container's defaults. */
export function fieldProblem(field: NewTerminalField, f: NewTerminalFields): string | undefined {
  const host = f.target === HOST_TARGET;
  switch (field) {
    case 'target':
      return f.target ? undefined : 'Choose a running container.';
    case 'shell': {
      if (host) return undefined;
      const p = problemOf(ShellChoice, f.shell.trim() || 'auto');
      return p && sentence(p);
    }
    case 'user': {
      if (host || !f.user.trim()) return undefined;
      const p = problemOf(ExecUser, f.user.trim());
      return p && sentence(p);
    }
    case 'workingDir': {
      if (host || !f.workingDir.trim()) return undefined;
      const p = problemOf(WorkingDir, f.workingDir.trim());
      return p && sentence(p);
    }
  }
}

const FIELDS: readonly NewTerminalField[] = ['target', 'shell', 'user', 'workingDir'];

export function allProblems(f: NewTerminalFields): FieldProblems {
  const out: FieldProblems = {};
  for (const k of FIELDS) {
    const p = fieldProblem(k, f);
    if (p) out[k] = p;
  }
  return out;
}

/** The request for terminals.create, or the problems that stop it. */
export function toCreateInput(
  f: NewTerminalFields,
  size: { cols: number; rows: number },
): { ok: true; input: CreateTerminalInput } | { ok: false; problems: FieldProblems } {
  const problems = allProblems(f);
  if (Object.keys(problems).length) return { ok: false, problems };
  if (f.target === HOST_TARGET) return { ok: true, input: { kind: 'host', ...size } };
  return {
    ok: true,
    input: {
      kind: 'exec',
      container: f.target,
      shell: f.shell.trim() || 'auto',
      user: f.user.trim() || undefined,
      workingDir: f.workingDir.trim() || undefined,
      ...size,
    },
  };
}

/** Which field a refusal from the services belongs to (they name the contract's field). */
export function fieldOfError(field: string | undefined): NewTerminalField | undefined {
  if (field === 'container') return 'target';
  return field === 'shell' || field === 'user' || field === 'workingDir' ? field : undefined;
}
