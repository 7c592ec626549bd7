import { describe, expect, it } from 'vitest';
import { LogBuffer, makeMatcher, parseLine, plainText, timeKey } from './log-buffer';

describe('LogBuffer', () => {
  it('parses timestamps, keeps ANSI text, and pads nanoseconds for ordering', () => {
    expect(parseLine('2024-05-01T10:00:00.12Z \u001b[31mred\u001b[0m\n')).toEqual({
      ts: '2024-05-01T10:00:00.12Z',
      text: '\u001b[31mred\u001b[0m',
    });
    expect(timeKey('2024-05-01T10:00:00.12Z')).toBe('2024-05-01T10:00:00.120000000');
    expect(timeKey('2024-05-01T10:00:00Z')).toBe('2024-05-01T10:00:00.000000000');
    expect(parseLine('no stamp\n').ts).toBeNull();
  });

  it('appends the lines of a batch and forgets the oldest past the limit', () => {
    const b = new LogBuffer(100, 1e9);
    for (let i = 0; i < 30; i++) b.append(0, 'stdout', Array.from({ length: 10 }, (_, j) => `2024-01-01T00:00:00Z l${i * 10 + j}\n`).join(''));
    expect(b.size).toBeLessThanOrEqual(100);
    expect(b.lines[b.size - 1]!.text).toBe('l299');
    expect(b.dropped + b.size).toBe(300);
    // Contiguous: nothing lost in the middle.
    const first = Number(b.lines[0]!.text.slice(1));
    expect(b.lines.map((l) => l.text)).toEqual(Array.from({ length: b.size }, (_, i) => `l${first + i}`));
  });

  it('bounds characters too (a few huge lines)', () => {
    const b = new LogBuffer(1000, 1000);
    for (let i = 0; i < 10; i++) b.append(0, 'stdout', `${'x'.repeat(300)}\n`);
    expect(b.lines.reduce((a, l) => a + l.text.length, 0)).toBeLessThanOrEqual(1000);
  });

  it('sorts several backlogs by time, keeping arrival order for equal times', () => {
    const b = new LogBuffer();
    b.append(0, 'stdout', '2024-01-01T00:00:02Z a2\n2024-01-01T00:00:04Z a4\n');
    b.append(1, 'stdout', '2024-01-01T00:00:01.5Z b1\n2024-01-01T00:00:03Z b3\n');
    b.sortByTime();
    expect(b.lines.map((l) => l.text)).toEqual(['b1', 'a2', 'b3', 'a4']);
  });
});

describe('search', () => {
  it('plain search is literal and case-insensitive', () => {
    const { match } = makeMatcher('a.b', false);
    expect(match!('xA.B a-b a.b')).toEqual([[1, 4], [9, 12]]);
  });
  it('regex search, and an invalid regex is an error not a throw', () => {
    expect(makeMatcher('l\\d+', true).match!('l1 x l22')).toEqual([[0, 2], [5, 8]]);
    expect(makeMatcher('(', true).error).toBeTruthy();
    expect(makeMatcher('', true).match).toBeNull();
  });
  it('plain text drops ANSI codes and a trailing CR', () => {
    expect(plainText('\u001b[1;31mred\u001b[0m ok\r')).toBe('red ok');
  });
});
