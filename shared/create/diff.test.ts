import { describe, expect, it } from 'vitest';
import type { CreateSpec } from '../contract/create';
import { diffSpecs, planEdit } from './diff';

const base: CreateSpec = {
  image: 'busybox',
  name: 'a',
  env: { A: '1' },
  resources: { cpus: 1, memory: '64m', pidsLimit: 50 },
  restart: { policy: 'no' },
  workspace: { hostPath: '/ws/a' },
};

describe('edit diff', () => {
  it('finds nothing when nothing changed (defaults spelled differently included)', () => {
    expect(diffSpecs(base, { ...base, restart: undefined, resources: { cpus: 1, memory: '64M', pidsLimit: 50 }, workspace: { hostPath: '/ws/a', containerPath: '/app' } }).mode).toBe('none');
  });
  it('classifies limits, restart policy and rename as live', () => {
    const d = diffSpecs(base, { ...base, name: 'b', resources: { cpus: 0.5, memory: '128m', pidsLimit: 80 }, restart: { policy: 'always' } });
    expect(d.mode).toBe('live');
    expect(d.changes.map((c) => [c.field, c.old, c.new, c.live])).toEqual([
      ['name', 'a', 'b', true],
      ['resources.cpus', '1', '0.5', true],
      ['resources.memory', '64m', '128m', true],
      ['resources.pidsLimit', '50', '80', true],
      ['restart', 'no', 'always', true],
    ]);
  });
  it('needs a new container for image, env, ports, labels, or removing a limit', () => {
    expect(diffSpecs(base, { ...base, image: 'other' }).mode).toBe('recreate');
    expect(diffSpecs(base, { ...base, resources: { cpus: 1, pidsLimit: 50 } }).mode).toBe('recreate');
    const d = diffSpecs(base, { ...base, env: { A: '2', B: 'x' }, labels: { k: 'v' }, ports: [{ containerPort: 80 }], resources: { cpus: 2, memory: '64m', pidsLimit: 50 } });
    expect(d.mode).toBe('recreate');
    expect(d.changes.map((c) => `${c.field}:${c.old}→${c.new}:${c.live}`)).toEqual([
      'resources.cpus:1→2:true',
      'ports:—→any→80/tcp:false',
      'env.A:1→2:false',
      'env.B:—→x:false',
      'labels.k:—→v:false',
    ]);
  });
  it('explains a recreate of a running container', () => {
    const plan = planEdit(base, { ...base, command: ['sleep', '9'] }, 'running');
    expect(plan.mode).toBe('recreate');
    expect(plan.notes.join(' ')).toMatch(/because of: Command.*comes back if the new one fails/);
  });
  it('needs a new container to change host access', () => {
    const d = diffSpecs(base, { ...base, hostAccess: { privileged: true, capAdd: ['net_admin'] } });
    expect(d.mode).toBe('recreate');
    expect(d.changes.map((c) => [c.field, c.new])).toEqual([['hostAccess.privileged', 'on'], ['hostAccess.capAdd', 'NET_ADMIN']]);
  });
});
