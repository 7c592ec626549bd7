import { describe, expect, it } from 'vitest';
import { distinctTabName } from './tab-name';

describe('distinctTabName', () => {
  it('keeps the session title while no tab has it', () => {
    expect(distinctTabName('web: sh', [])).toBe('web: sh');
    expect(distinctTabName('web: sh', ['db: sh', 'web: bash'])).toBe('web: sh');
  });

  it('numbers the second, third… tab of the same title from 2', () => {
    expect(distinctTabName('web: sh', ['web: sh'])).toBe('web: sh (2)');
    expect(distinctTabName('web: sh', ['web: sh', 'web: sh (2)'])).toBe('web: sh (3)');
  });

  it('takes the first free number, and the plain title once it is free again', () => {
    expect(distinctTabName('web: sh', ['web: sh', 'web: sh (3)'])).toBe('web: sh (2)');
    expect(distinctTabName('web: sh', ['web: sh (2)'])).toBe('web: sh');
  });

  it('lets a rename by the user win: a name the user chose is skipped, never changed', () => {
    // The user renamed the first tab to what a second one would be called.
    const taken = ['web: sh (2)', 'web: sh'];
    expect(distinctTabName('web: sh', taken)).toBe('web: sh (3)');
    expect(taken).toEqual(['web: sh (2)', 'web: sh']);
    // A renamed tab frees its old name.
    expect(distinctTabName('web: sh', ['my build shell'])).toBe('web: sh');
  });

  it('compares names as shown, ignoring surrounding spaces', () => {
    expect(distinctTabName('web: sh', [' web: sh '])).toBe('web: sh (2)');
  });

  it('stays within the longest name a tab may have, the number kept', () => {
    const long = 'x'.repeat(98) + ': sh';
    const second = distinctTabName(long, [long.slice(0, 100)], 100);
    expect(second.length).toBeLessThanOrEqual(100);
    expect(second.endsWith(' (2)')).toBe(true);
    expect(distinctTabName(long, [long.slice(0, 100), second], 100)).toMatch(/ \(3\)$/);
  });
});
