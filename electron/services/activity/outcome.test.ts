import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../shared/contract/errors';
import { judgeError, judgeExit } from './outcome';

describe('judgeExit: the exit code decides', () => {
  it('zero succeeded, anything else failed, with the code', () => {
    expect(judgeExit({ outcome: 'exited', exitCode: 0 })).toBeUndefined();
    expect(judgeExit({ outcome: 'exited', exitCode: 1 })).toEqual({ outcome: 'error', error: 'Exited with code 1' });
    expect(judgeExit({ outcome: 'exited', exitCode: 127, error: { message: 'sh: nope: not found' } })).toEqual({ outcome: 'error', error: 'Exited with code 127: sh: nope: not found' });
  });
  it('cancelled, timed out and no code at all are not successes', () => {
    expect(judgeExit({ outcome: 'cancelled', exitCode: null })?.outcome).toBe('cancelled');
    expect(judgeExit({ outcome: 'timeout', exitCode: 137 })).toEqual({ outcome: 'error', error: 'Timed out (exit code 137)' });
    expect(judgeExit({ outcome: 'failed', exitCode: null })?.outcome).toBe('error');
  });
});

describe('judgeError', () => {
  it('a name or port taken, or a Berth check on a field, is refused', () => {
    expect(judgeError(new BerthError('name-in-use', 'Conflict. The container name "/web" is already in use by container "abc".'))).toMatchObject({
      outcome: 'refused',
      error: expect.stringMatching(/named “web” already exists/),
      details: expect.stringMatching(/^Conflict\./),
    });
    expect(judgeError(new BerthError('port-in-use', 'Bind for 0.0.0.0:80 failed: port is already allocated')).outcome).toBe('refused');
    expect(judgeError(new BerthError('not-found', 'There is no network "x"', { field: 'network' })).outcome).toBe('refused');
    expect(judgeError(new BerthError('not-found', 'network x not found')).outcome).toBe('refused');
  });
  it('an OCI failure (the engine says 400) is an error, not a refusal', () => {
    const e = new BerthError('invalid-input', 'OCI runtime create failed: runc create failed: unable to start container process: exec: "x": executable file not found in $PATH: unknown');
    expect(judgeError(e)).toMatchObject({ outcome: 'error', error: expect.stringMatching(/no program named “x”/), details: e.message });
  });
  it('cancelled stays cancelled; unknown text is kept as it is; any thrown value works', () => {
    expect(judgeError(new BerthError('cancelled', 'Cancelled'))).toEqual({ outcome: 'cancelled', error: 'Cancelled' });
    expect(judgeError(new Error('No such container: x'))).toEqual({ outcome: 'error', error: 'No such container: x' });
    expect(judgeError(undefined)).toEqual({ outcome: 'error', error: 'undefined' });
    expect(judgeError({ weird: true }).outcome).toBe('error');
  });
});
