import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../shared/contract/errors';
import { engineMessage, toBerthError } from './errors';

const http = (statusCode: number, message: string, reason?: string) =>
  Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message}`), { statusCode, json: { message }, reason });

describe('engine error mapping', () => {
  it('reads the reason a request was aborted for, and a plain abort as cancelled', () => {
    const reason = new BerthError('engine-unreachable', 'The container engine at unix:///x.sock stopped answering');
    const aborted = Object.assign(new Error('The operation was aborted', { cause: reason }), { name: 'AbortError', code: 'ABORT_ERR' });
    expect(toBerthError(aborted)).toBe(reason);
    expect(toBerthError(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' })).code).toBe('cancelled');
  });

  it('maps socket failures to engine-unreachable and permission-denied', () => {
    expect(toBerthError(Object.assign(new Error('x'), { code: 'ENOENT' }), 'unix:///x.sock')).toMatchObject({
      code: 'engine-unreachable',
      message: expect.stringContaining('unix:///x.sock'),
    });
    expect(toBerthError(Object.assign(new Error('x'), { code: 'EACCES' })).code).toBe('permission-denied');
  });

  it('maps engine refusals to codes the UI acts on', () => {
    expect(toBerthError(http(404, 'No such container: abc')).code).toBe('not-found');
    expect(toBerthError(http(404, 'No such image: nope:latest')).code).toBe('image-not-found');
    expect(toBerthError(http(409, 'Conflict. The container name "/web" is already in use by container "x"')).code).toBe('name-in-use');
    expect(toBerthError(http(409, 'Container abc is not running')).code).toBe('wrong-state');
    expect(toBerthError(http(500, 'driver failed programming external connectivity: Bind for 0.0.0.0:80 failed: port is already allocated')).code).toBe('port-in-use');
    expect(toBerthError(http(304, '', 'container already started')).code).toBe('wrong-state');
    expect(toBerthError(http(400, 'Minimum memory limit allowed is 6MB')).code).toBe('invalid-input');
  });

  it('keeps the engine sentence without dockerode’s prefix', () => {
    expect(engineMessage(http(409, 'Container abc is not running'))).toBe('Container abc is not running');
    expect(engineMessage({ message: '(HTTP code 500) server error - boom' })).toBe('boom');
  });

  it('passes Berth errors through untouched', () => {
    const e = new BerthError('cancelled', 'Cancelled');
    expect(toBerthError(e)).toBe(e);
  });
});
