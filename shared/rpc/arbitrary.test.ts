import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '../contract';
import { arbitraryFor, hostileValue } from './arbitrary.testkit';

describe('arbitraries from the contract schemas', () => {
  it('honour patterns, lengths and bounds', () => {
    const schema = z.object({
      ref: z.string().min(2).max(12).regex(/^[a-z][a-z0-9-]*$/),
      n: z.number().int().min(3).max(7),
      size: z.string().regex(/^\d+(\.\d+)?\s*(b|k|m|g)?$/i),
      list: z.array(z.enum(['a', 'b'])).min(1).max(3),
      maybe: z.boolean().optional(),
    });
    const samples = fc.sample(arbitraryFor(schema), { numRuns: 300, seed: 7 });
    const valid = samples.filter((s) => schema.safeParse(s).success).length;
    // Hostile strings are mixed in on purpose; most samples still fit the schema.
    expect(valid).toBeGreaterThan(150);
    expect(samples.some((s) => !schema.safeParse(s).success)).toBe(true);
  });

  it('mix in the strings the system really has', () => {
    const samples = fc.sample(arbitraryFor(z.object({ id: z.string().regex(/^[a-z0-9]+$/) }), { known: ['target1'] }), { numRuns: 200, seed: 7 });
    expect(samples.some((s) => (s as { id: string }).id === 'target1')).toBe(true);
  });

  it('reach every method and channel of the contract with inputs its schema accepts', () => {
    const unreachable: string[] = [];
    for (const [name, def] of Object.entries(contract)) {
      // A fixed seed: the question is whether the walker can reach each entry, not whether one draw did.
      const samples = fc.sample(arbitraryFor(def.input), { numRuns: 300, seed: 20261204 });
      if (!samples.some((s) => def.input.safeParse(s).success)) unreachable.push(name);
    }
    expect(unreachable).toEqual([]);
  }, 30_000);

  it('hostile values are refused by object schemas', () => {
    const schema = z.object({ id: z.string() }).strict();
    const samples = fc.sample(hostileValue, { numRuns: 100, seed: 7 });
    expect(samples.filter((s) => schema.safeParse(s).success).length).toBeLessThan(5);
  });
});
