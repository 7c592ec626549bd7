import { describe, expect, it } from 'vitest';
import { checkEntryName, decodeName, modeText, normaliseContainerPath, sanitiseOutgoingName, splitContainerPath } from './names';

const reason = (name: string, isDir = false) => {
  const r = checkEntryName(name, isDir);
  return 'reason' in r ? r.reason : null;
};

describe('incoming entry names', () => {
  it('accepts plain relative names and folder names with one trailing slash', () => {
    expect(checkEntryName('src/main.py')).toEqual({ name: 'src/main.py' });
    expect(checkEntryName('src/', true)).toEqual({ name: 'src' });
    expect(checkEntryName('Ünïcode name (1).txt')).toEqual({ name: 'Ünïcode name (1).txt' });
  });
  it.each([
    ['../evil', /climbs out/],
    ['a/../../evil', /climbs out/],
    ['/etc/passwd', /absolute/],
    ['a\\..\\evil', /backslash/],
    ['C:evil', /drive letter/],
    ['c:/windows/evil', /drive letter/],
    ['a\u0000b', /NUL or control/],
    ['a\nb', /NUL or control/],
    ['a\u007fb', /NUL or control/],
    ['a//b', /empty or "."/],
    ['./a', /empty or "."/],
    ['', /empty/],
    ['.berth-upload-x/a', /reserved/],
    ['x'.repeat(256), /longer than 255/],
  ])('rejects %j', (name, why) => {
    expect(reason(name)).toMatch(why);
  });
  it('refuses a trailing slash on a file', () => {
    expect(reason('a/', false)).toMatch(/ends with a slash/);
  });
  it('decodes strict UTF-8 only', () => {
    expect(decodeName(Buffer.from('héllo', 'utf8'))).toBe('héllo');
    expect(decodeName(Buffer.from([0x61, 0xff, 0x62]))).toBeNull();
    expect(decodeName(Buffer.from([0xc3]))).toBeNull();
  });
});

describe('outgoing names (downloads)', () => {
  it.each([
    ['app/src/main.py', 'app/src/main.py'],
    ['/abs/path', 'abs/path'],
    ['../../up', 'up'],
    ['a/./b', 'a/b'],
    ['con', '_con'],
    ['dir/NUL.txt', 'dir/_NUL.txt'],
    ['lpt1', '_lpt1'],
    ['what?.txt', 'what_.txt'],
    ['a:b<c>d|e*f"g', 'a_b_c_d_e_f_g'],
    ['tab\there', 'tab_here'],
    ['trailing. ', 'trailing__'],
    ['back\\slash', 'back_slash'],
  ])('%j becomes %j', (name, safe) => {
    expect(sanitiseOutgoingName(name)).toBe(safe);
  });
  it('drops names that are nothing once cleaned', () => {
    expect(sanitiseOutgoingName('./')).toBeNull();
    expect(sanitiseOutgoingName('..')).toBeNull();
  });
});

describe('container paths', () => {
  it('normalises and splits', () => {
    expect(normaliseContainerPath('/a//b/./c/../d/')).toBe('/a/b/d');
    expect(splitContainerPath('/app/x.txt')).toEqual({ parent: '/app', base: 'x.txt' });
    expect(splitContainerPath('/app')).toEqual({ parent: '/', base: 'app' });
    expect(splitContainerPath('/')).toBeNull();
  });
  it('renders modes like ls', () => {
    expect(modeText('directory', 0o755)).toBe('drwxr-xr-x');
    expect(modeText('file', 0o640)).toBe('-rw-r-----');
    expect(modeText('symlink', 0o777)).toBe('lrwxrwxrwx');
  });
});
