import { describe, expect, it } from 'vitest';
import { JsonLineSplitter, normaliseEvent } from './events';

describe('engine events', () => {
  it('reads events by Type/Action/Actor, with or without the old fields', () => {
    const modern = { Type: 'container', Action: 'start', Actor: { ID: 'abc', Attributes: { name: 'web', image: 'x' } }, time: 10, timeNano: 10_500_000_000 };
    expect(normaliseEvent(modern)).toEqual({ type: 'container', action: 'start', id: 'abc', attributes: { name: 'web', image: 'x' }, time: 10_500 });
    expect(normaliseEvent({ status: 'start', id: 'abc' })).toBeNull();
    expect(normaliseEvent(null)).toBeNull();
  });

  it('splits JSON lines across arbitrary chunk boundaries, including inside a UTF-8 character', () => {
    const text = '{"a":"é"}\n{"b":2}\n\n{"c":3}\n';
    const bytes = new TextEncoder().encode(text);
    const s = new JsonLineSplitter();
    const out: unknown[] = [];
    for (let i = 0; i < bytes.length; i += 3) out.push(...s.push(bytes.subarray(i, i + 3)));
    expect(out).toEqual([{ a: 'é' }, { b: 2 }, { c: 3 }]);
  });

  it('skips a broken line and keeps going', () => {
    const s = new JsonLineSplitter();
    expect(s.push(new TextEncoder().encode('{oops\n{"ok":1}\n'))).toEqual([{ ok: 1 }]);
  });
});
