import { describe, expect, it } from 'vitest';
import { containerNameError, envKeyError, imageRefError, labelKeyError, validateSpec } from './validate';

describe('field validators', () => {
  it('accepts image references and ids, refuses others', () => {
    for (const ok of ['busybox', 'berth-test/busybox:latest', '127.0.0.1:5000/x/y:1.0', 'localhost/app', 'sha256:' + 'a'.repeat(64), 'abcdef123456'])
      expect(imageRefError(ok), ok).toBeUndefined();
    expect(imageRefError('Busybox')).toMatch(/lowercase/);
    expect(imageRefError('bad ref')).toMatch(/not an image reference/);
    expect(imageRefError('')).toMatch(/Choose an image/);
  });
  it('checks names, env keys and label keys', () => {
    expect(containerNameError('web-1')).toBeUndefined();
    expect(containerNameError('a')).toMatch(/at least 2/);
    expect(containerNameError('-x')).toBeTruthy();
    expect(envKeyError('PATH')).toBeUndefined();
    expect(envKeyError('1X')).toMatch(/not a variable name/);
    expect(envKeyError('A B')).toBeTruthy();
    expect(labelKeyError('com.example.team')).toBeUndefined();
    expect(labelKeyError('berth.tag.x')).toMatch(/Tags/);
    expect(labelKeyError('a b')).toMatch(/no spaces/);
  });
});

describe('validateSpec', () => {
  it('names the field of each problem', () => {
    const errors = validateSpec(
      {
        image: 'busybox',
        name: 'x',
        env: { 'BAD KEY': '1', GOOD: '2' },
        resources: { cpus: 64, memory: '1m' },
        ports: [
          { hostPort: 8080, containerPort: 80 },
          { hostPort: 8080, containerPort: 81 },
          { hostPort: 8080, containerPort: 81, protocol: 'udp' },
        ],
        mounts: [{ type: 'bind', source: 'relative', target: '/data' }],
        restart: { policy: 'always', maxRetries: 3 },
      },
      { hostCpus: 2 },
    );
    const fields = errors.map((e) => e.field);
    expect(fields).toEqual(['name', 'env.BAD KEY', 'resources.cpus', 'resources.memory', 'ports.1.hostPort', 'mounts.0.source', 'restart.maxRetries']);
    expect(errors.every((e) => e.code === 'invalid-input' && e.message.length > 10)).toBe(true);
  });
  it('asks for a name when the workspace folder needs one, and refuses ports without a network', () => {
    const errors = validateSpec({ image: 'busybox', workspace: {}, ports: [{ containerPort: 80 }], hardening: { noNetwork: true } });
    expect(errors.map((e) => e.field)).toEqual(['name', 'ports']);
  });
  it('passes a good spec', () => {
    expect(validateSpec({ image: 'busybox', name: 'ok', workspace: {}, resources: { cpus: 0.5, memory: '64m', pidsLimit: 50 } }, { hostCpus: 2 })).toEqual([]);
  });
});
