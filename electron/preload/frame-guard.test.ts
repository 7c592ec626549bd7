import { describe, expect, it } from 'vitest';
import { contractNames } from '../../shared/contract';
import { makeFrameGuard } from './frame-guard';

describe('preload frame guard', () => {
  const guard = makeFrameGuard(contractNames);

  it('lets declared calls and channels through', () => {
    expect(() => guard({ t: 'call', id: 1, method: 'containers.list', input: {} })).not.toThrow();
    expect(() => guard({ t: 'open', id: 2, channel: 'containers.watch', input: {} })).not.toThrow();
    expect(() => guard({ t: 'push', id: 2 }, new Uint8Array([1]))).not.toThrow();
  });

  it('refuses undeclared names, unknown frame types and odd bytes', () => {
    expect(() => guard({ t: 'call', id: 1, method: 'fs.readFile', input: {} })).toThrow(/undeclared method/);
    expect(() => guard({ t: 'open', id: 1, channel: 'shell.exec', input: {} })).toThrow(/undeclared channel/);
    expect(() => guard({ t: 'result', id: 1 })).toThrow(/unknown frame type/);
    expect(() => guard('call')).toThrow(/object/);
    expect(() => guard({ t: 'push', id: 1 }, 'not bytes')).toThrow(/Uint8Array/);
  });

  it('knows every contract entry', () => {
    expect(contractNames).toContain('engine.watch');
    expect(contractNames.length).toBeGreaterThan(20);
  });
});
