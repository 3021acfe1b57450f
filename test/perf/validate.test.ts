/**
 * The compiled snapshot check (src/snapshot/validate.ts) never accepts what zod rejects, and the
 * errors users see are zod's own (one line with the path), on the demo snapshot with random damage.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodLine } from '../../src/errors.js';
import { DEMO_SNAPSHOT } from '../../src/paths.js';
import { snapshotSchema } from '../../src/snapshot/schema.js';
import { compileCheck, validateSnapshot } from '../../src/snapshot/validate.js';
import { findOversized } from '../../src/snapshot/io.js';

const demo = JSON.parse(readFileSync(DEMO_SNAPSHOT, 'utf8')) as Record<string, unknown>;

/** Every path (to objects, arrays and leaves) of a JSON value. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}
const ALL_PATHS = paths(demo).filter((p) => p.length > 0);

function damaged(path: (string | number)[], value: unknown, mode: 'set' | 'delete' | 'add'): unknown {
  const copy = structuredClone(demo) as Record<string, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (mode === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (mode === 'add' && parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last]))
    (parent[last] as Record<string, unknown>).unexpectedKey = value;
  else parent[last] = value;
  return copy;
}

const jsonValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 5 }),
  fc.constant([]),
  fc.constant({}),
  fc.constant([1, 'x']),
  fc.constant({ Key: 1 }),
  fc.constant('2026-01-01T00:00:00Z'),
);

describe('validateSnapshot', () => {
  it('accepts the demo snapshot', () => {
    expect(compileCheck(snapshotSchema)(demo)).toBe(true);
    expect(validateSnapshot(demo).success).toBe(true);
  });

  it('agrees with zod on damaged snapshots, and its error is zod\'s', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_PATHS), jsonValue, fc.constantFrom('set', 'delete', 'add') as fc.Arbitrary<'set' | 'delete' | 'add'>, (path, value, mode) => {
        const data = damaged(path, value, mode);
        const zod = snapshotSchema.safeParse(data);
        const fast = compileCheck(snapshotSchema)(data);
        if (fast) expect(zod.success).toBe(true);
        const ours = validateSnapshot(data);
        expect(ours.success).toBe(zod.success);
        if (!ours.success && !zod.success) expect(zodLine(ours.error)).toBe(zodLine(zod.error));
      }),
      { numRuns: 400 },
    );
  });

  it('a wrong type yields one line naming the path', () => {
    const data = damaged(['ec2', 'instances', 0, 'InstanceId'], 42, 'set');
    const r = validateSnapshot(data);
    expect(r.success).toBe(false);
    if (!r.success) expect(zodLine(r.error)).toMatch(/^ec2\.instances\[0\]\.InstanceId: .*expected string/);
  });

  it('compiles every schema kind it meets like zod decides', () => {
    const schema = z.strictObject({
      s: z.string(),
      n: z.number().nullish(),
      b: z.boolean().optional(),
      e: z.enum(['a', 'b']).optional(),
      l: z.literal(1).optional(),
      u: z.union([z.string(), z.date()]).nullish(),
      r: z.record(z.string(), z.number()).optional(),
      a: z.array(z.looseObject({ k: z.string() })).default([]),
      o: z.object({ x: z.string() }).optional(),
      min: z.string().min(2).optional(),
    });
    const cases: unknown[] = [
      { s: 'x' },
      { s: 1 },
      { s: 'x', n: null, b: true, e: 'a', l: 1, u: 'd', r: { a: 1 }, a: [{ k: 'v', extra: 1 }], o: { x: 'y', stripped: 1 } },
      { s: 'x', e: 'c' },
      { s: 'x', l: 2 },
      { s: 'x', r: { a: 'no' } },
      { s: 'x', a: [{ k: 1 }] },
      { s: 'x', extra: 1 },
      { s: 'x', n: Number.NaN },
      { s: 'x', min: 'a' },
      { s: 'x', min: 'ab' },
      { s: 'x', u: new Date('2026-01-01') },
      { s: 'x', u: new Date(Number.NaN) },
      [],
      null,
    ];
    const check = compileCheck(schema);
    for (const c of cases) expect(check(c), JSON.stringify(c)).toBe(schema.safeParse(c).success);
  });
});

describe('findOversized', () => {
  /** The walk findOversized always did (a frame per value, with its path); kept as the reference. */
  function reference(data: unknown, limits: { depth: number; string: number }): boolean {
    const stack: { v: unknown; d: number }[] = [{ v: data, d: 0 }];
    while (stack.length) {
      const { v, d } = stack.pop()!;
      if (typeof v === 'string') {
        if (v.length > limits.string) return false;
        continue;
      }
      if (v === null || typeof v !== 'object') continue;
      if (d >= limits.depth) return false;
      if (Array.isArray(v)) v.forEach((x) => stack.push({ v: x, d: d + 1 }));
      else
        for (const k of Object.keys(v)) {
          if (k.length > 1024) return false;
          stack.push({ v: (v as Record<string, unknown>)[k], d: d + 1 });
        }
    }
    return true;
  }

  it('finds a problem exactly when the full walk does, and names the same one', () => {
    const limits = { depth: 4, string: 6 };
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const found = findOversized(v, limits);
        expect(found === undefined).toBe(reference(v, limits));
      }),
      { numRuns: 500 },
    );
    expect(findOversized({ a: [{ b: 'x'.repeat(7) }] }, limits)).toBe('a[0].b: a string of 7 characters, over the limit of 6');
    expect(findOversized({ ['k'.repeat(1025)]: 1 }, limits)).toMatch(/a key of 1025 characters/);
    expect(findOversized(demo)).toBeUndefined();
  });
});
