import { describe, expect, it } from 'vitest';
import { ContainerRef } from './common';

describe('ContainerRef', () => {
  it('takes ids and names as the engine names them in paths', () => {
    for (const ok of ['abc', 'a1b2c3d4e5f6', 'f'.repeat(64), 'my-name_1.2', 'x']) expect(ContainerRef.safeParse(ok).success).toBe(true);
  });

  it('refuses anything that would name another path (a slash anywhere, dot segments, empty)', () => {
    // '/x' ended the web host: the engine redirected `//x` and the redirect was followed.
    for (const bad of ['/x', '//x', 'a/b', 'a//b', '../x', '..', '.', '', ' x', 'x?all=1', 'x#y', 'x%2f', `a${'b'.repeat(300)}`]) {
      expect(ContainerRef.safeParse(bad).success, bad).toBe(false);
    }
  });
});
