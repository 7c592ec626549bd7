import { describe, expect, it } from 'vitest';
import { startFailure } from './container-exec';

describe('startFailure', () => {
  it('names the user field when the engine refuses a uid or gid out of range', () => {
    const e = startFailure({ exitCode: 126, stdout: 'uids and gids must be in range 0-2147483647\r\n', stderr: '' });
    expect([e?.code, e?.field]).toEqual(['invalid-input', 'user']);
    expect(e?.message).toMatch(/0-2147483647/);
  });

  it('names the user field for a user or group the container does not know', () => {
    const u = startFailure({ exitCode: 126, stdout: 'unable to find user nobody9: no matching entries in passwd file', stderr: '' });
    expect([u?.code, u?.field]).toEqual(['invalid-input', 'user']);
    const g = startFailure({ exitCode: 126, stdout: 'unable to find group nogroup9: no matching entries in group file', stderr: '' });
    expect([g?.code, g?.field]).toEqual(['invalid-input', 'user']);
  });

  it('leaves an ordinary exit code alone', () => {
    expect(startFailure({ exitCode: 127, stdout: 'sh: foo: not found', stderr: '' })).toBeUndefined();
    expect(startFailure({ exitCode: 1, stdout: 'uids and gids must be in range', stderr: '' })).toBeUndefined();
  });
});
