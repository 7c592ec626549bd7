import { describe, expect, it } from 'vitest';
import type { CreatePolicy } from '../../../../shared/contract/create';
import { emptyDraft, emptyPortRow, type CreateDraft } from '../../../../shared/create/draft';
import { clearField, fieldLabel, formErrors, isRevealed, omittedNote, safePreview, visibleErrors, type FormContext } from './validation';

const ctx: FormContext = { validate: { hostCpus: 2 }, workspacesRoot: '/data/workspaces' };
const draft = (patch: Partial<CreateDraft>): CreateDraft => ({ ...emptyDraft(), image: 'busybox', ...patch });
const webPolicy: CreatePolicy = { bindRoots: ['/data/workspaces'], refused: { privileged: 'This host refuses privileged containers.', capAdd: 'This host refuses added capabilities.' } };

describe('formErrors: the contract rules, at the form field', () => {
  it('says nothing of a valid form', () => {
    expect(formErrors(draft({ name: 'web', memory: '64m', cpus: '1' }), ctx).errors).toEqual({});
  });

  it('puts each rule at its form path, as the services would', () => {
    const d = draft({
      image: 'Bad Image',
      name: '-x',
      memory: '2m',
      cpus: '8',
      env: [{ key: '1BAD', value: 'v' }],
      ports: [{ ...emptyPortRow(), containerPort: '99999', anyFree: true }],
      workingDir: 'rel',
    });
    const { errors } = formErrors(d, ctx);
    expect(errors.image).toMatch(/not an image reference/);
    expect(errors.name).toMatch(/Names start with a letter or digit/);
    expect(errors['resources.memory']).toMatch(/at least 6 MiB/);
    expect(errors['resources.cpus']).toMatch(/This host has 2 CPUs/);
    expect(errors['env.0.key']).toMatch(/"1BAD" is not a variable name/);
    expect(errors['ports.0.containerPort']).toMatch(/from 1 to 65535/);
    expect(errors.workingDir).toMatch(/absolute path/);
  });

  it("adds the host's refusals, worded by the policy, at the form row", () => {
    const d = draft({ mounts: [{ type: 'bind', source: '/', target: '/host', readOnly: false }], capAdd: 'NET_ADMIN' });
    const { errors } = formErrors(d, { ...ctx, policy: webPolicy });
    expect(errors['mounts.0.source']).toMatch(/^\/ is outside the folders this host binds/);
    expect(errors['hostAccess.capAdd']).toMatch(/refuses added capabilities/);
  });
});

describe('isRevealed / visibleErrors: an error shows once its field is left', () => {
  const all = { 'resources.memory': 'too small', name: 'bad name', ports: 'needs a network', 'env.1.key': 'twice', form: 'the engine is gone' };

  it('shows nothing for fields not yet left, except errors of the whole form', () => {
    expect(visibleErrors(all, new Set(), new Set())).toEqual({ form: 'the engine is gone' });
  });

  it('shows the error of a field once it was left, and a group error once one of its rows was', () => {
    expect(isRevealed('resources.memory', new Set(['resources.memory']), new Set())).toBe(true);
    expect(isRevealed('resources.memory', new Set(['resources.cpus']), new Set())).toBe(false);
    expect(isRevealed('ports', new Set(['ports.0.hostPort']), new Set())).toBe(true);
    expect(isRevealed('env.1.key', new Set(['env.1.value']), new Set())).toBe(false);
    expect(isRevealed('env.1.key', new Set(['env.1.key']), new Set())).toBe(true);
  });

  it('shows every error of a step the user asked to leave', () => {
    expect(visibleErrors(all, new Set(), new Set([2]))).toEqual({ 'resources.memory': 'too small', ports: 'needs a network', form: 'the engine is gone' });
  });
});

describe('safePreview: the docker run line never holds a refused value', () => {
  it('leaves a refused memory limit out and says so', () => {
    const d = draft({ name: 'web', memory: '2m', cpus: '0.5' });
    const p = safePreview(d, ctx, formErrors(d, ctx).errors);
    expect(p.line).toBe('docker run -d --name web --cpus 0.5 busybox');
    expect(p.omitted).toEqual(['Memory']);
    expect(omittedNote(p.omitted)).toBe('1 field not shown: Memory');
  });

  it('leaves out a bad row but keeps the rows around it', () => {
    const d = draft({
      env: [{ key: 'A', value: '1' }, { key: '2B', value: 'x' }, { key: 'C', value: '3' }],
      ports: [{ ...emptyPortRow(), hostPort: '8080', containerPort: '80' }, { ...emptyPortRow(), hostPort: '70000', containerPort: '81' }],
    });
    const p = safePreview(d, ctx, formErrors(d, ctx).errors);
    expect(p.line).toBe('docker run -d -e A=1 -e C=3 -p 8080:80 busybox');
    expect(p.omitted).toEqual(['Variable 2', 'Port row 2']);
    expect(omittedNote(p.omitted)).toBe('2 fields not shown: Variable 2, Port row 2');
  });

  it("leaves out what the host refuses and what the engine said no to (a taken name)", () => {
    const d = draft({ name: 'taken', mounts: [{ type: 'bind', source: '/', target: '/host', readOnly: false }] });
    const local = formErrors(d, { ...ctx, policy: webPolicy }).errors;
    const p = safePreview(d, { ...ctx, policy: webPolicy }, { ...local, name: 'The name "taken" is taken by another container' });
    expect(p.line).toBe('docker run -d busybox');
    expect(p.omitted).toEqual(['Name', 'Mount row 1']);
  });

  it('follows what taking a value out does to the rest: a workspace needs a name', () => {
    const d = draft({ name: 'x', workspace: true });
    const p = safePreview(d, ctx, formErrors(d, ctx).errors);
    expect(p.omitted).toEqual(['Name']);
    expect(p.line).not.toContain('--name');
  });

  it('shows everything, with no note, when everything passes', () => {
    const d = draft({ name: 'web', memory: '64m' });
    const p = safePreview(d, ctx, formErrors(d, ctx).errors);
    expect(p).toEqual({ line: 'docker run -d --name web -m 64m busybox', omitted: [] });
    expect(omittedNote(p.omitted)).toBeUndefined();
  });
});

describe('clearField / fieldLabel', () => {
  it('blanks rows in place and names them as the form does', () => {
    const d = draft({ env: [{ key: 'A', value: '1' }, { key: 'B', value: '2' }] });
    expect(clearField(d, 'env.0.key').env).toEqual([{ key: '', value: '' }, { key: 'B', value: '2' }]);
    expect(clearField(draft({ privileged: true }), 'hostAccess.privileged').privileged).toBe(false);
    expect(clearField(draft({ workspace: true }), 'workspace.hostPath').workspace).toBe(false);
    expect(fieldLabel('ports.0.hostPort')).toBe('Port row 1');
    expect(fieldLabel('resources.memory')).toBe('Memory');
    expect(fieldLabel('hostAccess.capAdd')).toBe('Add capabilities');
  });
});
