import { describe, expect, it } from 'vitest';
import { describeIssue, entriesOf, validateEntries } from './batch';
import { fieldForEngineError } from './engine-errors';

describe('batch validation', () => {
  it('accepts friendly spellings and returns canonical specs', () => {
    const { specs, issues } = validateEntries([
      { image: 'busybox', name: 'aa', command: "sh -c 'sleep 5'", env: ['X=1', 'Y=a=b'], resources: { memory: 67108864, cpus: '0.5' }, workspace: true },
    ]);
    expect(issues).toEqual([]);
    expect(specs).toEqual([
      { image: 'busybox', name: 'aa', command: ['sh', '-c', 'sleep 5'], env: { X: '1', Y: 'a=b' }, resources: { memory: '67108864', cpus: 0.5 }, workspace: {} },
    ]);
  });
  it('names the entry and the field of every problem', () => {
    const { issues } = validateEntries(
      [
        { image: 'busybox', name: 'dup' },
        { image: 'busybox', name: 'dup', ports: [{ containerPort: 'eighty' }] },
        { name: 'noimage', colour: 'red' },
        { image: 'busybox', resources: { cpus: 8 } },
      ],
      { hostCpus: 2 },
    );
    expect(issues.map(describeIssue)).toEqual([
      'Entry 2 (dup), ports.0.containerPort: Invalid input: expected number, received string',
      'Entry 3 (noimage), image: Invalid input: expected string, received undefined',
      'Entry 3 (noimage): Unknown field: colour',
      'Entry 4, resources.cpus: This host has 2 CPUs; ask for 2 or fewer',
    ]);
    const dup = validateEntries([{ image: 'busybox', name: 'dup' }, { image: 'busybox', name: 'dup' }]).issues;
    expect(dup).toEqual([{ index: 1, name: 'dup', field: 'name', message: 'The name "dup" is also used by entry 1' }]);
  });
  it('finds the list in a document', () => {
    expect(entriesOf([1])).toEqual([1]);
    expect(entriesOf({ containers: [2] })).toEqual([2]);
    expect(entriesOf({ x: 1 })).toMatch(/list of containers/);
  });
});

describe('engine errors → fields', () => {
  const spec = { image: 'busybox', ports: [{ hostPort: 7000, containerPort: 80 }, { hostPort: 7001, containerPort: 81 }] };
  it('maps the engine sentence to the field it concerns', () => {
    expect(fieldForEngineError({ code: 'name-in-use', message: 'Conflict. The container name "/x" is already in use' }, spec)).toBe('name');
    expect(
      fieldForEngineError({ code: 'port-in-use', message: 'driver failed programming external connectivity on endpoint x: Bind for 0.0.0.0:7001 failed: port is already allocated' }, spec),
    ).toBe('ports.1.hostPort');
    expect(fieldForEngineError({ code: 'image-not-found', message: 'No such image: nope:latest' }, spec)).toBe('image');
    expect(fieldForEngineError({ code: 'invalid-input', message: 'Minimum memory limit allowed is 6MB' }, spec)).toBe('resources.memory');
    expect(fieldForEngineError({ code: 'not-found', message: 'network nonet not found' }, spec)).toBe('network');
    expect(fieldForEngineError({ code: 'internal', message: 'something else' }, spec)).toBeUndefined();
  });
});
