/**
 * A JSON report longer than a JavaScript string (a million findings make about 1 GB; V8's longest string is
 * 512 MiB) is read back by `--baseline` and by `merge`: before src/json-file.ts both said
 * "cannot read ...: ERR_STRING_TOO_LONG" and exited 2 on the report `audit --format json` had just written.
 */
import { constants } from 'node:buffer';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { runAsync } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'aws-tips-large-report-'));
const big = join(dir, 'big.json');
let demo: Report;

/** The demo's report with passing findings added (other resources, their own keys) until the file is over the limit. */
async function writeLargeReport(): Promise<void> {
  const r = await runAsync(['audit', '--demo', '--format', `json=${join(dir, 'demo.json')}`], { cwd: dir });
  expect(r.code, r.stderr).toBe(1);
  demo = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as Report;
  const text = JSON.stringify({ ...demo, findings: ['FINDINGS'] }, null, 2);
  const [head, tail] = text.split('"FINDINGS"') as [string, string];
  const out = createWriteStream(big);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(head);
  await write(demo.findings.map((f) => JSON.stringify(f, null, 2)).join(',\n'));
  const model = demo.findings.find((f) => f.status === 'pass')!;
  let bytes = head.length;
  for (let i = 0; bytes < constants.MAX_STRING_LENGTH + 16 * 2 ** 20; i++) {
    const batch: string[] = [];
    for (let j = 0; j < 1000; j++, i++) {
      const key = i.toString(16).padStart(32, '0');
      batch.push(JSON.stringify({ ...model, key, resource: { ...model.resource, arn: `${model.resource.arn}-${i}`, id: `${model.resource.id}-${i}` } }, null, 2));
    }
    const chunk = `,\n${batch.join(',\n')}`;
    bytes += chunk.length;
    await write(chunk);
  }
  await write(tail);
  out.end();
  await once(out, 'close');
}

describe('a report larger than a string', () => {
  beforeAll(writeLargeReport, 120_000);
  // Over 500 MB: not left behind in the temp folder.
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is over the limit readFileSync can return as one string', () => {
    expect(statSync(big).size).toBeGreaterThan(constants.MAX_STRING_LENGTH);
  });

  it('--baseline reads it: the demo\'s problems are unchanged, none new', async () => {
    const out = join(dir, 'compared.json');
    const r = await runAsync(['audit', '--demo', '--baseline', big, '--format', `json=${out}`], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const compared = JSON.parse(readFileSync(out, 'utf8')) as Report;
    const problems = demo.findings.filter((f) => f.status === 'fail' || f.status === 'warn').length;
    expect(compared.baseline?.counts).toEqual({ new: 0, unchanged: problems, fixed: 0 });
  }, 120_000);

  it('merge reads it', async () => {
    const r = await runAsync(['merge', big, '--format', 'markdown'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(demo.account.id);
  }, 120_000);
});
