import { describe, expect, it } from 'vitest';
import { runsAsRoot } from './commit-rename';

describe('runsAsRoot', () => {
  it.each([
    ['', true],
    [undefined, true],
    ['root', true],
    ['0', true],
    ['0:0', true],
    ['root:staff', true],
    ['1000', false],
    ['node', false],
    ['1000:0', false],
    ['00', false],
  ])('%j → %s', (user, root) => expect(runsAsRoot(user)).toBe(root));
});
