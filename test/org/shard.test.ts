import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { inShard, parseShard, shardOf, type Shard } from '../../src/org/shard.js';

const accountId = fc.stringMatching(/^[0-9]{12}$/);
const usage = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const msg = (err as Error).message;
    expect(msg).not.toContain('\n');
    return msg;
  }
  throw new Error('expected a UsageError');
};

describe('parseShard', () => {
  it('reads I/N with 0 <= I < N <= 10000', () => {
    expect(parseShard('0/1', {})).toEqual({ index: 0, count: 1 });
    expect(parseShard('2/3', {})).toEqual({ index: 2, count: 3 });
    expect(parseShard(' 9999/10000 ', {})).toEqual({ index: 9999, count: 10000 });
  });

  it.each([
    ['3/3', /index must be from 0 to 2/],
    ['0/0', /from 1 to 10000/],
    ['0/10001', /from 1 to 10000/],
    ['1/99999999999999999999999', /from 1 to 10000/],
    ['-1/3', /expected I\/N/],
    ['1.5/3', /expected I\/N/],
    ['1/3/4', /expected I\/N/],
    ['', /expected I\/N/],
    ['a/3', /expected I\/N/],
  ])('%j is a one-line usage error', (value, re) => {
    expect(usage(() => parseShard(value, {}))).toMatch(re);
  });

  it('escapes and cuts a hostile value', () => {
    const msg = usage(() => parseShard(`\u202e1/3\x1b[31m${'x'.repeat(10_000)}`, {}));
    expect(msg).toContain('\\u202e');
    expect(msg).toContain('\\u001b');
    expect(msg).not.toMatch(/[\u202e\x1b]/);
    expect(msg.length).toBeLessThan(200);
  });

  describe('auto/N', () => {
    it('reads the Kubernetes Indexed Job index', () => {
      expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4 });
    });
    it('reads the AWS Batch array job index', () => {
      expect(parseShard('auto/4', { AWS_BATCH_JOB_ARRAY_INDEX: '1' })).toEqual({ index: 1, count: 4 });
    });
    it('accepts both when they agree', () => {
      expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '2', AWS_BATCH_JOB_ARRAY_INDEX: '2' })).toEqual({ index: 2, count: 4 });
    });
    it('neither set (or empty): a usage error naming both', () => {
      for (const env of [{}, { JOB_COMPLETION_INDEX: '', AWS_BATCH_JOB_ARRAY_INDEX: ' ' }]) {
        const msg = usage(() => parseShard('auto/4', env));
        expect(msg).toContain('JOB_COMPLETION_INDEX');
        expect(msg).toContain('AWS_BATCH_JOB_ARRAY_INDEX');
      }
    });
    it('both set and disagreeing: a usage error', () => {
      expect(usage(() => parseShard('auto/4', { JOB_COMPLETION_INDEX: '1', AWS_BATCH_JOB_ARRAY_INDEX: '2' }))).toMatch(/disagree/);
    });
    it.each(['-1', '1.0', 'one', '0x1', '1e2'])('%j is not a whole number', (v) => {
      expect(usage(() => parseShard('auto/4', { AWS_BATCH_JOB_ARRAY_INDEX: v }))).toMatch(/AWS_BATCH_JOB_ARRAY_INDEX must be a whole number/);
    });
    it('an index beyond N names where it came from', () => {
      expect(usage(() => parseShard('auto/4', { JOB_COMPLETION_INDEX: '4' }))).toMatch(/from 0 to 3.*JOB_COMPLETION_INDEX/);
    });
  });
});

describe('inShard', () => {
  it('is sha256(id), first 8 bytes big-endian, mod N (pinned: a change would move every account)', () => {
    const reference = (id: string, n: number) => Number(BigInt(`0x${createHash('sha256').update(id).digest('hex').slice(0, 16)}`) % BigInt(n));
    fc.assert(
      fc.property(accountId, fc.integer({ min: 1, max: 10_000 }), (id, n) => {
        expect(shardOf(id, n)).toBe(reference(id, n));
      }),
    );
    // Fixed values, so a change of algorithm fails even if the reference above were changed with it.
    expect(['111111111111', '222222222222', '123456789012'].map((id) => shardOf(id, 7))).toEqual(
      ['111111111111', '222222222222', '123456789012'].map((id) => reference(id, 7)),
    );
    expect(shardOf('123456789012', 1000)).toBe(PINNED_123456789012_MOD_1000);
  });

  it('puts every account in exactly one shard of N', () => {
    fc.assert(
      fc.property(fc.array(accountId, { maxLength: 50 }), fc.integer({ min: 1, max: 64 }), (ids, count) => {
        for (const id of ids) {
          const shards = Array.from({ length: count }, (_, index) => index).filter((index) => inShard(id, { index, count }));
          expect(shards).toHaveLength(1);
        }
      }),
    );
  });

  it('never moves an account to another shard when accounts are added or removed', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(accountId, { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(accountId, { maxLength: 40 }),
        fc.integer({ min: 1, max: 16 }),
        (before, added, count) => {
          const assign = (ids: string[]) => {
            const m = new Map<string, number>();
            for (let index = 0; index < count; index++) for (const id of ids) if (inShard(id, { index, count })) m.set(id, index);
            return m;
          };
          const was = assign(before);
          const grown = assign([...added, ...before].sort());
          const shrunk = assign(before.slice(1));
          for (const [id, s] of was) {
            expect(grown.get(id)).toBe(s);
            if (id !== before[0]) expect(shrunk.get(id)).toBe(s);
          }
        },
      ),
    );
  });

  it('balances: 10,000 random ids into 3 shards, each within 5% of a third', () => {
    // A fixed seed: the ids are random but the same on every run, so the test cannot flake.
    fc.assert(
      fc.property(fc.uniqueArray(accountId, { minLength: 10_000, maxLength: 10_000 }), (ids) => {
        const counts = [0, 1, 2].map((index) => ids.filter((id) => inShard(id, { index, count: 3 } satisfies Shard)).length);
        expect(counts.reduce((a, b) => a + b)).toBe(10_000);
        for (const c of counts) expect(Math.abs(c - 10_000 / 3)).toBeLessThanOrEqual((0.05 * 10_000) / 3);
      }),
      { seed: 20261205, numRuns: 5 },
    );
  });

  it('balances sequential ids too (a hash, not the last digits)', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => String(100000000000 + i));
    for (const count of [2, 3, 10]) {
      const counts = Array.from({ length: count }, (_, index) => ids.filter((id) => inShard(id, { index, count })).length);
      // Within 4 standard deviations of a fair split (a deterministic input: it passes or fails every time).
      const sd = Math.sqrt(10_000 * (1 / count) * (1 - 1 / count));
      for (const c of counts) expect(Math.abs(c - 10_000 / count)).toBeLessThanOrEqual(4 * sd);
    }
  });
});

/** sha256('123456789012') starts 2a33349e7e606a8a; 0x2a33349e7e606a8a mod 1000 = 834. */
const PINNED_123456789012_MOD_1000 = 834;
