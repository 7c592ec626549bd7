import { describe, expect, it } from 'vitest';
import type { CreateSpec } from '../contract/create';
import { draftToSpec, emptyDraft, emptyPortRow, parseEnvFile, specFieldToDraftField, specToDraft } from './draft';

describe('wizard draft ⇄ spec', () => {
  it('round-trips a full spec', () => {
    const spec: CreateSpec = {
      image: 'berth-test/busybox:latest',
      name: 'box',
      command: ['sh', '-c', 'sleep 100'],
      entrypoint: ['/bin/env'],
      workingDir: '/app',
      user: 'root',
      env: { A: '1', B: 'two words' },
      tags: ['x', 'y'],
      labels: { k: 'v' },
      resources: { cpus: 0.5, memory: '512m', pidsLimit: 20 },
      ports: [{ hostPort: 8080, containerPort: 80 }, { containerPort: 53, protocol: 'udp' }],
      workspace: { hostPath: '/tmp/ws', containerPath: '/work' },
      mounts: [{ type: 'volume', source: 'v', target: '/v', readOnly: true }],
      restart: { policy: 'on-failure', maxRetries: 4 },
      network: 'net1',
      hardening: { readOnlyRootfs: true, noNewPrivileges: true, capDropAll: true },
      tty: true,
      interactive: true,
      start: false,
    };
    const { spec: back, errors } = draftToSpec(specToDraft(spec));
    expect(errors).toEqual([]);
    expect(back).toEqual(spec);
  });
  it('skips empty rows and reports each bad field at its row', () => {
    const d = emptyDraft();
    d.image = 'busybox';
    d.env = [{ key: '', value: '' }, { key: '9bad', value: 'x' }, { key: 'A', value: '1' }, { key: 'A', value: '2' }];
    d.ports = [emptyPortRow(), { ...emptyPortRow(), containerPort: '80' }, { ...emptyPortRow(), containerPort: '70000', hostPort: '80' }];
    d.cpus = 'half';
    d.memory = '2m';
    d.tags = 'ok, not ok!';
    const { errors } = draftToSpec(d, { hostCpus: 2 });
    expect(Object.fromEntries(errors.map((e) => [e.field, e.message]))).toEqual({
      'env.3.key': 'A is set twice',
      tags: expect.stringMatching(/"ok!" is not a tag/),
      'resources.cpus': expect.stringMatching(/not a number of CPUs/),
      'ports.1.hostPort': expect.stringMatching(/any free port/),
      'ports.2.containerPort': expect.stringMatching(/1 to 65535/),
      'env.1.key': expect.stringMatching(/not a variable name/),
      'resources.memory': expect.stringMatching(/at least 6 MiB/),
    });
  });
  it('maps service field paths back to form rows', () => {
    const d = emptyDraft();
    d.env = [{ key: 'X', value: '' }, { key: 'FOO', value: '' }];
    d.ports = [emptyPortRow(), { ...emptyPortRow(), containerPort: '80', hostPort: '8080' }];
    expect(specFieldToDraftField('env.FOO', d)).toBe('env.1.key');
    expect(specFieldToDraftField('ports.0.hostPort', d)).toBe('ports.1.hostPort');
    expect(specFieldToDraftField('name', d)).toBe('name');
  });
});

describe('host access in the form', () => {
  it('maps the checkboxes and the capability list both ways', () => {
    const d = { ...emptyDraft(), image: 'busybox', privileged: true, capAdd: 'NET_ADMIN, SYS_PTRACE NET_ADMIN', hostPid: true };
    const { spec, errors } = draftToSpec(d);
    expect(errors).toEqual([]);
    expect(spec.hostAccess).toEqual({ privileged: true, capAdd: ['NET_ADMIN', 'SYS_PTRACE'], hostPid: true });
    expect(specToDraft(spec)).toMatchObject({ privileged: true, capAdd: 'NET_ADMIN, SYS_PTRACE', hostPid: true });
    expect(draftToSpec({ ...d, capAdd: 'NET-ADMIN' }).errors).toEqual([{ code: 'invalid-input', field: 'hostAccess.capAdd', message: '"NET-ADMIN" is not a capability name, e.g. NET_ADMIN' }]);
    expect(draftToSpec(emptyDraft()).spec.hostAccess).toBeUndefined();
  });
});

describe('.env files', () => {
  it('reads assignments, quotes, export and comments; reports other lines', () => {
    const { rows, skipped } = parseEnvFile('# comment\nA=1\nexport B="two words"\nC=\'x # y\'\nD=plain # trailing\nnot an assignment\n\nE=');
    expect(rows).toEqual([
      { key: 'A', value: '1' },
      { key: 'B', value: 'two words' },
      { key: 'C', value: 'x # y' },
      { key: 'D', value: 'plain' },
      { key: 'E', value: '' },
    ]);
    expect(skipped).toEqual([6]);
  });
});
