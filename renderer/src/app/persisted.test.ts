import { describe, expect, it } from 'vitest';
import { readStored, writeStored } from './persisted';

const isPair = (v: unknown): v is { a: string } => typeof v === 'object' && v !== null && typeof (v as { a?: unknown }).a === 'string';

function memory(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size;
    },
  };
}

describe('stored UI state', () => {
  it('returns what was written', () => {
    const s = memory();
    writeStored(s, 'k', { a: 'x' });
    expect(readStored(s, 'k', isPair, { a: 'd' })).toEqual({ a: 'x' });
  });

  it('falls back on missing, malformed or wrongly shaped values', () => {
    const s = memory();
    expect(readStored(s, 'k', isPair, { a: 'd' })).toEqual({ a: 'd' });
    s.setItem('k', '{not json');
    expect(readStored(s, 'k', isPair, { a: 'd' })).toEqual({ a: 'd' });
    s.setItem('k', JSON.stringify({ a: 5 }));
    expect(readStored(s, 'k', isPair, { a: 'd' })).toEqual({ a: 'd' });
    expect(readStored(undefined, 'k', isPair, { a: 'd' })).toEqual({ a: 'd' });
  });

  it('survives a storage that throws', () => {
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); } };
    expect(readStored(broken, 'k', isPair, { a: 'd' })).toEqual({ a: 'd' });
    expect(() => writeStored(broken, 'k', { a: 'x' })).not.toThrow();
  });
});
