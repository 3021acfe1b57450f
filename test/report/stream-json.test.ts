/**
 * jsonPieces: a document whose large arrays come from iterables, written in pieces that join to
 * exactly JSON.stringify(document, null, indent).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces, streamedArray } from '../../src/report/json-stream.js';

function* lazily<T>(items: T[]): Generator<T> {
  yield* items;
}

/** `value` with the arrays `pick` chooses (by their order of appearance) as streamed arrays over generators. */
function streamArrays(value: unknown, pick: (n: number) => boolean): unknown {
  let n = 0;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const mapped = v.map(walk);
      return pick(n++) ? streamedArray(lazily(v)) : mapped;
    }
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

describe('jsonPieces', () => {
  it('joins to JSON.stringify(doc, null, indent) for any JSON, any arrays streamed, any batch size and indent', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.func(fc.boolean()), fc.constantFrom(0, 1, 2, 4), fc.integer({ min: 1, max: 5 }), (value, pick, indent, batch) => {
        // A streamed array's items are the original elements: arrays among them are written by JSON.stringify itself.
        const doc = streamArrays(value, (n) => pick(n));
        expect([...jsonPieces(doc, { indent, batch })].join('')).toBe(JSON.stringify(value, null, indent));
      }),
      { numRuns: 300 },
    );
  });

  it('arrays at every depth, empty ones, undefined elements and toJSON values', () => {
    const when = new Date('2026-11-02T08:00:00Z');
    const whole = { a: 1, list: [1, { b: [2, 3] }, 'x'], deep: { inner: { rows: [{ x: [] }, [4, [5]], when] } }, empty: [], last: [undefined, null] };
    // Generators are read once: a new document for each rendering.
    const doc = () => ({
      a: 1,
      list: streamedArray(lazily(whole.list)),
      deep: { inner: { rows: streamedArray(lazily(whole.deep.inner.rows)) } },
      empty: streamedArray(lazily([])),
      last: streamedArray(lazily(whole.last)),
    });
    for (const indent of [0, 2, 3]) {
      for (const batch of [1, 2, 100]) expect([...jsonPieces(doc(), { indent, batch, end: '\n' })].join('')).toBe(`${JSON.stringify(whole, null, indent)}\n`);
    }
    expect([...jsonPieces(streamedArray(lazily([])), { end: '\n' })]).toEqual(['[]\n']);
    expect([...jsonPieces(streamedArray(lazily([{ a: [1] }, 2, 3])), { batch: 2 })]).toEqual(['[\n  {\n    "a": [\n      1\n    ]\n  },\n  2', ',\n  3', '\n]']);
    expect([...jsonPieces({ a: streamedArray(lazily([1, 2])), b: 3 }, { batch: 1 })]).toEqual(['{\n  "a": ', '[\n    1', ',\n    2', '\n  ],\n  "b": 3\n}']);
  });

  it('one record a line (oneLine), as OCSF and ASFF files have them, at any depth', () => {
    const rows = [{ a: [1, 2], b: 'x\ny' }, undefined, 3];
    expect([...jsonPieces(streamedArray(lazily(rows), { oneLine: true }), { end: '\n', batch: 2 })].join('')).toBe(
      '[\n  {"a":[1,2],"b":"x\\ny"},\n  null,\n  3\n]\n',
    );
    expect([...jsonPieces({ k: { rows: streamedArray(lazily(rows), { oneLine: true }) } })].join('')).toBe(
      '{\n  "k": {\n    "rows": [\n      {"a":[1,2],"b":"x\\ny"},\n      null,\n      3\n    ]\n  }\n}',
    );
    expect([...jsonPieces(streamedArray(lazily([]), { oneLine: true }), { end: '\n' })].join('')).toBe('[]\n');
  });

  it('strings that look like its placeholders stay data', () => {
    const fake = '\u0000json-stream:00000000-0000-0000-0000-000000000000:0\u0000';
    const whole = { [fake]: fake, rows: [fake, { fake }], after: [fake] };
    const doc = { [fake]: fake, rows: streamedArray(lazily(whole.rows)), after: streamedArray(lazily(whole.after)) };
    expect([...jsonPieces(doc)].join('')).toBe(JSON.stringify(whole, null, 2));
  });

  it('reads each iterable once, in order, only when the writing reaches it, a batch ahead at most', () => {
    const log: string[] = [];
    function* items(name: string, n: number) {
      for (let i = 0; i < n; i++) {
        log.push(`${name}${i}`);
        yield i;
      }
    }
    const pieces = jsonPieces({ first: streamedArray(items('a', 5)), second: streamedArray(items('b', 3)) }, { batch: 2 });
    const seen: string[][] = [];
    for (const _ of pieces) seen.push([...log]);
    // '{ "first": ', '[' a0 a1, a2 a3, a4, '], "second": ', '[' b0 b1, b2, ']}'.
    expect(seen.map((s) => s.length)).toEqual([0, 2, 4, 5, 5, 7, 8, 8]);
    expect(log).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2']);
  });

  it('refuses a document that is not JSON', () => {
    expect(() => [...jsonPieces(undefined)]).toThrow(/not JSON/);
  });
});
