import { describe, expect, it } from 'vitest';
import { CreateTerminalInput } from '../../../../shared/contract/terminals';
import { fieldOfError, fieldProblem, HOST_TARGET, toCreateInput, type NewTerminalFields } from './new-terminal-form';

const fields = (over: Partial<NewTerminalFields> = {}): NewTerminalFields => ({ target: 'abc123', shell: '', user: '', workingDir: '', ...over });
const size = { cols: 100, rows: 30 };

describe('the New terminal form', () => {
  it('needs a container', () => {
    expect(fieldProblem('target', fields({ target: '' }))).toBe('Choose a running container.');
    expect(fieldProblem('target', fields())).toBeUndefined();
  });

  it('takes the contract rules for the shell, an empty one meaning auto', () => {
    expect(fieldProblem('shell', fields())).toBeUndefined();
    expect(fieldProblem('shell', fields({ shell: '/bin/ash' }))).toBeUndefined();
    expect(fieldProblem('shell', fields({ shell: 'sh; rm -rf /' }))).toMatch(/^A shell is a program name or an absolute path/);
    expect(fieldProblem('shell', fields({ shell: 'a'.repeat(257) }))).toBe('At most 256 characters.');
  });

  it('takes the contract rules for the user, an empty one meaning the image default', () => {
    expect(fieldProblem('user', fields())).toBeUndefined();
    for (const ok of ['nobody', '1000', '1000:1000', 'www-data:staff']) expect(fieldProblem('user', fields({ user: ok }))).toBeUndefined();
    expect(fieldProblem('user', fields({ user: 'a b' }))).toMatch(/^A user is NAME, UID/);
    expect(fieldProblem('user', fields({ user: '99999999999' }))).toMatch(/^A user id must be between 0 and 2147483647/);
    expect(fieldProblem('user', fields({ user: '-rf' }))).toMatch(/cannot start with "-"/);
    expect(fieldProblem('user', fields({ user: 'nobody:-g' }))).toMatch(/^A group name cannot start/);
  });

  it('takes the contract rules for the working directory', () => {
    expect(fieldProblem('workingDir', fields())).toBeUndefined();
    expect(fieldProblem('workingDir', fields({ workingDir: '/tmp' }))).toBeUndefined();
    expect(fieldProblem('workingDir', fields({ workingDir: 'tmp' }))).toBe('The working directory must be an absolute path inside the container.');
  });

  it('builds a request the contract accepts, trimmed, empty fields left out', () => {
    const r = toCreateInput(fields({ shell: ' ', user: ' nobody ', workingDir: '/tmp ' }), size);
    expect(r).toEqual({ ok: true, input: { kind: 'exec', container: 'abc123', shell: 'auto', user: 'nobody', workingDir: '/tmp', ...size } });
    if (r.ok) expect(CreateTerminalInput.safeParse(r.input).success).toBe(true);
  });

  it('sends nothing while a field has a problem, and names every problem', () => {
    const r = toCreateInput(fields({ target: '', user: 'a b', workingDir: 'rel' }), size);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.problems).sort()).toEqual(['target', 'user', 'workingDir']);
  });

  it('asks only for the size of a host shell, whatever the other fields hold', () => {
    const r = toCreateInput(fields({ target: HOST_TARGET, shell: 'bad shell', user: 'a b' }), size);
    expect(r).toEqual({ ok: true, input: { kind: 'host', ...size } });
  });

  it('puts the services\u2019 refusals at the field they name', () => {
    expect(fieldOfError('container')).toBe('target');
    expect(fieldOfError('workingDir')).toBe('workingDir');
    expect(fieldOfError('cols')).toBeUndefined();
    expect(fieldOfError(undefined)).toBeUndefined();
  });
});
