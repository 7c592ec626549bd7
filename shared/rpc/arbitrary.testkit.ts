import fc from 'fast-check';
import type { z } from 'zod';

/**
 * fast-check arbitraries drawn from the contract's own zod schemas, for the
 * contract fuzz test. No published generator speaks zod 4's schema internals
 * (the known one is for zod 3), so this walks `_zod.def` itself: it covers
 * the schema kinds the contract uses and answers anything else with a value
 * the schema will likely refuse, which is a fine fuzz input too.
 *
 * "Valid" here means "shaped by the schema": strings honour their patterns and
 * lengths, numbers their bounds, objects their required keys. Plain strings
 * lean on a pool of hostile values (path tricks, control characters, very
 * long text) because that is where hosts break.
 */

export interface ArbitraryOptions {
  /**
   * Strings the fuzzed system really has (container ids and names, paths that
   * exist), mixed in wherever a string schema accepts them, so inputs reach
   * the paths where something is found, not only "not found".
   */
  known?: readonly string[];
  /** Upper bound on generated array and record sizes (schemas allow up to thousands). */
  maxItems?: number;
}

/** Strings that broke, or could break, hosts of this kind. */
export const HOSTILE_STRINGS: readonly string[] = [
  '/x',
  '//x',
  'a//b',
  '/a/b',
  'a/../b',
  '../../../../etc/passwd',
  '..',
  '.',
  '/',
  '',
  ' ',
  '%2e%2e%2f',
  'x\u0000y',
  '\u0000',
  '\r\n',
  '\u202eevil',
  'é🚢',
  '-rf',
  '--help',
  '$(id)',
  '`id`',
  ';id',
  '*',
  '?all=1',
  '#frag',
  'http://127.0.0.1:1/x',
  'C:\\Windows',
  '\\\\server\\share',
  'x'.repeat(5_000),
  '/proc/self/environ',
  '/var/run/docker.sock',
];

interface Def {
  type: string;
  [key: string]: unknown;
}
interface Check {
  _zod: { def: { check: string; [key: string]: unknown } };
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (d: Def): Array<Check['_zod']['def']> => ((d.checks as Check[] | undefined) ?? []).map((c) => c._zod.def);

export function arbitraryFor(schema: z.ZodType, opts: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  return build(schema, { known: opts.known ?? [], maxItems: opts.maxItems ?? 4 }, 0);
}

interface Ctx {
  known: readonly string[];
  maxItems: number;
}

const MAX_DEPTH = 6;

function build(schema: z.ZodType, ctx: Ctx, depth: number): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  if (depth > MAX_DEPTH) return fc.constant(undefined);
  const next = (s: unknown) => build(s as z.ZodType, ctx, depth + 1);
  switch (d.type) {
    case 'string':
      return stringArb(d, ctx);
    case 'number':
      return numberArb(d);
    case 'bigint':
      return fc.bigInt();
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
    case 'void':
      return fc.constant(undefined);
    case 'date':
      return fc.date();
    case 'literal':
      return fc.constantFrom(...(d.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries as Record<string, unknown>));
    case 'optional':
      return fc.option(next(d.innerType), { nil: undefined, freq: 3 });
    case 'nullable':
      return fc.option(next(d.innerType), { nil: null, freq: 3 });
    case 'default':
    case 'prefault':
      return fc.option(next(d.innerType), { nil: undefined, freq: 3 });
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return next(d.innerType);
    case 'pipe':
      return next(d.in);
    case 'lazy':
      return next((d.getter as () => unknown)());
    case 'array': {
      const { min, max } = lengths(d);
      return fc.array(next(d.element), { minLength: min, maxLength: Math.max(min, Math.min(max ?? ctx.maxItems, ctx.maxItems)) });
    }
    case 'tuple':
      return fc.tuple(...(d.items as unknown[]).map(next));
    case 'record':
      return fc
        .array(fc.tuple(next(d.keyType), next(d.valueType)), { maxLength: ctx.maxItems })
        .map((pairs) => Object.fromEntries(pairs.filter(([k]) => typeof k === 'string')));
    case 'object': {
      const shape = d.shape as Record<string, z.ZodType>;
      const arbs: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const [key, value] of Object.entries(shape)) {
        const t = defOf(value).type;
        if (t === 'optional' || t === 'default' || t === 'prefault') {
          arbs[key] = next(defOf(value).innerType);
        } else {
          arbs[key] = next(value);
          required.push(key);
        }
      }
      return fc.record(arbs, { requiredKeys: required });
    }
    case 'union':
      return fc.oneof(...(d.options as unknown[]).map(next));
    case 'intersection':
      return next(d.left);
    case 'never':
      return fc.constant(undefined);
    case 'unknown':
    case 'any':
      return fc.jsonValue({ maxDepth: 2 });
    default:
      // custom, transform-only, file, promise…: a value the schema will likely refuse.
      return fc.anything({ maxDepth: 1 });
  }
}

function lengths(d: Def): { min: number; max: number | undefined } {
  let min = 0;
  let max: number | undefined;
  for (const c of checksOf(d)) {
    if (c.check === 'min_length') min = Math.max(min, c.minimum as number);
    if (c.check === 'max_length') max = Math.min(max ?? Infinity, c.maximum as number);
    if (c.check === 'length_equals') min = max = c.length as number;
  }
  return { min, max };
}

function stringArb(d: Def, ctx: Ctx): fc.Arbitrary<string> {
  const { min, max } = lengths(d);
  const patterns = checksOf(d)
    .filter((c) => c.check === 'string_format' && c.pattern instanceof RegExp)
    .map((c) => c.pattern as RegExp);
  const fits = (s: string) => s.length >= min && (max === undefined || s.length <= max) && patterns.every((p) => new RegExp(p.source, p.flags.replace('g', '')).test(s));
  const fit = (s: string) => {
    const cut = max === undefined ? s : s.slice(0, max);
    return cut.length >= min ? cut : cut + 'a'.repeat(min - cut.length);
  };
  const known = ctx.known.filter(fits);
  const choices: Array<{ arbitrary: fc.Arbitrary<string>; weight: number }> = [];
  if (patterns.length > 0) {
    const p = patterns[0]!;
    // fast-check matches flagless patterns only; a case-insensitive one is matched as written, then cased at random.
    const matching = fc.stringMatching(new RegExp(p.source)).map(fit);
    const cased = p.flags.includes('i')
      ? fc.tuple(matching, fc.boolean()).map(([s, up]) => (up ? s.toUpperCase() : s))
      : matching;
    choices.push({ arbitrary: cased, weight: 4 });
    // Hostile strings that slip past the pattern are what the contract must refuse.
    choices.push({ arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 1 });
  } else {
    choices.push({ arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map(fit), weight: 3 });
    // Absolute paths of ordinary names: many string inputs are paths, refined past what the walker can see.
    choices.push({ arbitrary: fc.array(fc.stringMatching(/^[a-z0-9._-]{1,12}$/), { maxLength: 4 }).map((parts) => fit(`/${parts.join('/')}`)), weight: 2 });
    choices.push({ arbitrary: fc.string({ maxLength: Math.min(max ?? 40, 40) }).map(fit), weight: 2 });
    choices.push({ arbitrary: fc.string({ unit: 'binary', maxLength: Math.min(max ?? 20, 20) }).map(fit), weight: 1 });
  }
  if (known.length > 0) choices.push({ arbitrary: fc.constantFrom(...known), weight: 3 });
  return fc.oneof(...choices);
}

function numberArb(d: Def): fc.Arbitrary<number> {
  let min: number | undefined;
  let max: number | undefined;
  let minOpen = false;
  let maxOpen = false;
  let int = false;
  for (const c of checksOf(d)) {
    if (c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32' || c.format === 'uint32')) int = true;
    if (c.check === 'greater_than') {
      min = c.value as number;
      minOpen = c.inclusive === false;
    }
    if (c.check === 'less_than') {
      max = c.value as number;
      maxOpen = c.inclusive === false;
    }
  }
  if (int) {
    const lo = min === undefined ? -(2 ** 31) : Math.ceil(minOpen ? min + 1 : min);
    const hi = max === undefined ? 2 ** 31 : Math.floor(maxOpen ? max - 1 : max);
    const edges = [lo, hi, 0, -1, 1].filter((n) => n >= lo && n <= hi);
    return fc.oneof({ arbitrary: fc.integer({ min: lo, max: hi }), weight: 4 }, { arbitrary: fc.constantFrom(...edges), weight: 1 });
  }
  return fc.double({
    noNaN: true,
    noDefaultInfinity: true,
    ...(min !== undefined ? { min, minExcluded: minOpen } : { min: -1e9 }),
    ...(max !== undefined ? { max, maxExcluded: maxOpen } : { max: 1e9 }),
  });
}

/** Inputs no schema should take: wrong types, wrong shapes, prototype tricks. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom<unknown>(null, undefined, [], '', 0, -1, true, { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } }),
);
