/**
 * readJsonFile: a JSON file read whole when it fits in a string, parsed as a stream when it does not (a report of a
 * million findings is twice V8's longest string). Both paths must give what JSON.parse gives, and fail the same way.
 */
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonFileError, readJsonFile } from '../src/json-file.js';
import { demoReport } from './report/demo-report.js';

const dir = mkdtempSync(join(tmpdir(), 'aws-tips-json-file-'));
let n = 0;
const file = (text: string | Buffer) => {
  const path = join(dir, `f${n++}.json`);
  writeFileSync(path, text);
  return path;
};
const STREAMED = { wholeMaxBytes: 0 };

async function failure(p: Promise<unknown>): Promise<JsonFileError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(JsonFileError);
  return err as JsonFileError;
}

describe('readJsonFile', () => {
  it('streamed, any JSON value gives what JSON.parse gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.constantFrom(0, 2), async (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(await readJsonFile(file(text), STREAMED)).toEqual(JSON.parse(text));
      }),
      { numRuns: 150 },
    );
  });

  it('streamed, a report gives what JSON.parse gives; __proto__ stays an own key, non-ASCII and lone surrogates survive', async () => {
    const report = demoReport();
    const text = `${JSON.stringify(report, null, 2)}\n`;
    expect(await readJsonFile(file(text), STREAMED)).toEqual(JSON.parse(text));
    const hostile = '{"__proto__": {"polluted": true}, "constructor": {"prototype": 1}, "s": "é😀\\ud800\\u0000", "n": [1e400, -0, 0.1]}';
    const streamed = (await readJsonFile(file(hostile), STREAMED)) as Record<string, unknown>;
    const parsed = JSON.parse(hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(streamed)).toBe(Object.prototype);
    expect(Object.keys(streamed)).toEqual(['__proto__', 'constructor', 's', 'n']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(streamed.s).toBe(parsed.s);
    expect(streamed.n).toEqual(parsed.n);
  });

  it.each([['{"a":1'], ['{"a":1} x'], ['{"a":1}{"b":2}'], ['[1,2,]'], ['tru'], [''], ['{"a":"\\u00"}']])('%j is a syntax error on both paths', async (text) => {
    const path = file(text);
    expect((await failure(readJsonFile(path))).reason).toBe('syntax');
    expect((await failure(readJsonFile(path, STREAMED))).reason).toBe('syntax');
  });

  it('both paths read strict UTF-8 and skip a byte-order mark: bytes that are not UTF-8 are an error on both', async () => {
    const latin1 = file(Buffer.concat([Buffer.from('{"note": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
    expect((await failure(readJsonFile(latin1))).reason).toBe('syntax');
    expect((await failure(readJsonFile(latin1, STREAMED))).reason).toBe('syntax');
    const bom = file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a": "é"}')]));
    expect(await readJsonFile(bom)).toEqual({ a: 'é' });
    expect(await readJsonFile(bom, STREAMED)).toEqual({ a: 'é' });
  });

  it('a missing file or a folder: a read error with its code', async () => {
    expect(await failure(readJsonFile(join(dir, 'missing.json')))).toMatchObject({ reason: 'read', message: 'ENOENT' });
    expect(await failure(readJsonFile(dir))).toMatchObject({ reason: 'read', message: 'EISDIR' });
  });

  it('over the size limit: refused before reading a regular file, and as it streams from a pipe', async () => {
    const big = file(JSON.stringify({ x: 'y'.repeat(5000) }));
    expect(await failure(readJsonFile(big, { maxBytes: 1000 }))).toMatchObject({ reason: 'size', message: /^5008 bytes, over the limit of/ });
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = writeFile(fifo, JSON.stringify({ x: 'y'.repeat(100_000) })).catch(() => undefined);
    expect(await failure(readJsonFile(fifo, { maxBytes: 1000 }))).toMatchObject({ reason: 'size' });
    await writer;
  });

  it('a pipe is parsed as it streams', async () => {
    const fifo = join(dir, 'fifo2');
    execFileSync('mkfifo', [fifo]);
    const writer = writeFile(fifo, '{"from": "a pipe"}');
    expect(await readJsonFile(fifo)).toEqual({ from: 'a pipe' });
    await writer;
  });
});
