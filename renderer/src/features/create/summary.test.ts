import { describe, expect, it } from 'vitest';
import { advanceEdit, stepStateText, summaryOf, type EditProgress } from './summary';

describe('summaryOf: the Review step says everything, section by section', () => {
  it('gives every section a line, with what an unset one means', () => {
    const lines = summaryOf({ image: 'busybox' });
    expect(lines.map((l) => l.label)).toEqual([
      'Image', 'Name', 'Command', 'Entrypoint', 'Working directory', 'User', 'Terminal', 'Environment', 'Tags', 'Labels',
      'Limits', 'Ports', 'Workspace', 'Mounts', 'Network', 'Restart policy', 'Hardening', 'Host access',
    ]);
    const by = Object.fromEntries(lines.map((l) => [l.label, l]));
    expect(by.Image).toMatchObject({ values: ['busybox'], step: 0, focus: 'image' });
    expect(by.Command).toMatchObject({ values: [], unset: "the image's default" });
    expect(by.Ports).toMatchObject({ values: [], unset: 'none', step: 2 });
    expect(by.Network).toMatchObject({ values: [], unset: 'default (bridge)', step: 3 });
  });

  it('spells out what is set, each line pointing at the step that edits it', () => {
    const lines = summaryOf(
      {
        image: 'busybox',
        name: 'web',
        command: ['sh', '-c', 'echo hi'],
        env: { MODE: 'x' },
        resources: { cpus: 0.5, memory: '64m' },
        ports: [{ containerPort: 80 }, { hostPort: 8080, containerPort: 81, protocol: 'udp', hostIp: '127.0.0.1' }],
        workspace: {},
        mounts: [{ type: 'volume', source: 'data', target: '/data', readOnly: true }],
        restart: { policy: 'on-failure', maxRetries: 3 },
        hardening: { noNetwork: true, capDropAll: true },
        hostAccess: { capAdd: ['NET_ADMIN'] },
      },
      { workspaceHostPath: '/d/workspaces/web' },
    );
    const v = Object.fromEntries(lines.map((l) => [l.label, l.values]));
    expect(v.Command).toEqual(["sh -c 'echo hi'"]);
    expect(v.Environment).toEqual(['MODE=x']);
    expect(v.Limits).toEqual(['CPUs 0.5', 'memory 64m']);
    expect(v.Ports).toEqual(['any free port → 80/tcp', '127.0.0.1:8080 → 81/udp']);
    expect(v.Workspace).toEqual(['/d/workspaces/web → /app']);
    expect(v.Mounts).toEqual(['volume data → /data (read-only)']);
    expect(v.Network).toEqual(['none (no network)']);
    expect(v['Restart policy']).toEqual(['on-failure, up to 3 retries']);
    expect(v.Hardening).toEqual(['Drop all capabilities', 'No network']);
    expect(v['Host access']).toEqual(['Add capabilities: NET_ADMIN']);
  });
});

describe('advanceEdit: the steps of a replacement as they arrive', () => {
  it('ticks steps off, and after a failure says which never ran', () => {
    let p: EditProgress | undefined = advanceEdit(undefined, { type: 'plan', mode: 'recreate', steps: ['create', 'stop', 'start', 'remove', 'rename'] });
    p = advanceEdit(p, { type: 'step', step: 'create', state: 'done' });
    p = advanceEdit(p, { type: 'step', step: 'stop', state: 'running' });
    expect(p && [stepStateText(p, 'create'), stepStateText(p, 'stop'), stepStateText(p, 'start')]).toEqual(['done', 'running', 'waiting']);
    p = advanceEdit(p, { type: 'step', step: 'stop', state: 'failed', left: 'Nothing was changed.' });
    expect(p).toMatchObject({ failed: true, left: 'Nothing was changed.' });
    expect(p && stepStateText(p, 'start')).toBe('not run');
  });
});
