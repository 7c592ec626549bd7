import { describe, expect, it } from 'vitest';
import { formatMemory, parseMemory } from './memory';
import { cpusError, ENGINE_MIN_MEMORY_BYTES, memoryError } from './validate';

describe('memory sizes', () => {
  it('reads Docker-style sizes in binary units', () => {
    expect(parseMemory('512m')).toBe(512 * 1024 ** 2);
    expect(parseMemory('2g')).toBe(2 * 1024 ** 3);
    expect(parseMemory('2GB')).toBe(2 * 1024 ** 3);
    expect(parseMemory('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(parseMemory('100k')).toBe(102400);
    expect(parseMemory('4096')).toBe(4096);
  });
  it('refuses what is not a size', () => {
    for (const bad of ['', 'lots', '-1m', '12x', 'm']) expect(parseMemory(bad)).toBeUndefined();
  });
  it('prints the shortest exact form', () => {
    expect(formatMemory(512 * 1024 ** 2)).toBe('512m');
    expect(formatMemory(1024 ** 3)).toBe('1g');
    expect(formatMemory(1536 * 1024 ** 2)).toBe('1536m');
    expect(formatMemory(1000)).toBe('1000');
  });
  it('rejects memory under the engine minimum with the reason', () => {
    expect(memoryError('4m')).toMatch(/at least 6 MiB/);
    expect(memoryError('6m')).toBeUndefined();
    expect(memoryError('abc')).toMatch(/not a size/);
    expect(ENGINE_MIN_MEMORY_BYTES).toBe(6291456);
  });
  it('rejects more CPUs than the host has', () => {
    expect(cpusError(0.5, 2)).toBeUndefined();
    expect(cpusError(3, 2)).toMatch(/This host has 2 CPUs/);
    expect(cpusError(0)).toMatch(/more than 0/);
    expect(cpusError(0.001)).toMatch(/at least 0.01/);
  });
});
