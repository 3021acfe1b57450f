import { BatchImportFindingsCommand, GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { asffErrors } from '../report/asff-constraints.js';
import { ocsfErrors, loadOcsfSchema } from '../report/ocsf-schema.js';
import { requireMotoOrSkip, TEST_CREDENTIALS, useMoto } from '../support/moto.js';
import { run } from './run.js';

/** `audit --demo --format ocsf=FILE --format asff=FILE`: what a SIEM or Security Hub would read, end to end. */

const tmp = () => mkdtempSync(join(tmpdir(), 'aws-tips-ocsf-asff-'));
const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

interface OcsfEvent {
  class_uid: number;
  finding_info: { uid: string };
  compliance: { status_id: number; requirements?: string[] };
  time: number;
}

function audit(extra: string[] = []) {
  const dir = tmp();
  const files = { json: join(dir, 'report.json'), ocsf: join(dir, 'ocsf.json'), asff: join(dir, 'asff.json') };
  const r = run(['audit', '--demo', '--format', `json=${files.json}`, '--format', `ocsf=${files.ocsf}`, '--format', `asff=${files.asff}`, ...extra]);
  return { r, report: readJson<Report>(files.json), ocsf: readJson<OcsfEvent[]>(files.ocsf), asff: readJson<AwsSecurityFinding[]>(files.asff) };
}

const first = audit(['--framework', 'cis-aws-foundations-5.0']);
const second = audit(['--framework', 'cis-aws-foundations-5.0']);
const withPassed = audit(['--include-passed']);

describe('audit --format ocsf / asff', () => {
  it('writes both files beside the JSON report, nothing on stderr, the usual exit code', () => {
    expect(first.r.stderr).toBe('');
    const { summary } = first.report;
    expect(first.r.code).toBe(summary.violations > 0 ? 1 : summary.incomplete ? 3 : 0);
  });

  it('one event and one record per fail, warn and error finding, in report order', () => {
    const keys = first.report.findings.filter((f) => ['fail', 'warn', 'error'].includes(f.status)).map((f) => f.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(first.ocsf.map((e) => e.finding_info.uid)).toEqual(keys);
    expect(first.asff.map((a) => a.ProductFields!['aws-tips/Key'])).toEqual(keys);
  });

  it('every OCSF event is a valid Compliance Finding of the OCSF 1.8.0 schema', () => {
    const schema = loadOcsfSchema();
    expect(first.ocsf.flatMap((e, i) => ocsfErrors(e, schema).map((x) => `${i}: ${x}`))).toEqual([]);
    expect(new Set(first.ocsf.map((e) => e.class_uid))).toEqual(new Set([2003]));
  });

  it('every ASFF record meets the constraints BatchImportFindings enforces', () => {
    expect(first.asff.flatMap((a) => asffErrors(a as unknown as Record<string, unknown>).map((x) => `${a.Id}: ${x}`))).toEqual([]);
  });

  it('the chosen framework\'s controls are named (CIS AWS Foundations Benchmark v5.0.0/<control>)', () => {
    expect(first.asff.some((a) => a.Compliance?.RelatedRequirements?.some((r) => /^CIS AWS Foundations Benchmark v5\.0\.0\/\d/.test(r)))).toBe(true);
    expect(first.ocsf.some((e) => e.compliance.requirements?.some((r) => r.startsWith('CIS AWS Foundations Benchmark v5.0.0/')))).toBe(true);
  });

  it('ids are stable across two runs (a re-import updates, never duplicates), though the runs differ in time', () => {
    expect(second.report.generatedAt).not.toBe(first.report.generatedAt);
    expect(second.ocsf.map((e) => e.time)).not.toEqual(first.ocsf.map((e) => e.time));
    expect(second.asff.map((a) => a.Id)).toEqual(first.asff.map((a) => a.Id));
    expect(second.ocsf.map((e) => e.finding_info.uid)).toEqual(first.ocsf.map((e) => e.finding_info.uid));
    expect(new Set(first.asff.map((a) => a.Id)).size).toBe(first.asff.length);
  });

  it('--include-passed adds the passes and advice', () => {
    expect(withPassed.r.stderr).toBe('');
    expect(withPassed.asff).toHaveLength(withPassed.report.findings.length);
    expect(withPassed.ocsf).toHaveLength(withPassed.report.findings.length);
    expect(withPassed.asff.some((a) => a.Compliance!.Status === 'PASSED')).toBe(true);
    expect(withPassed.ocsf.some((e) => e.compliance.status_id === 1)).toBe(true);
  });
});

// The records go through the SDK's BatchImportFindings, 100 a call as the README's jq split sends them, into moto's
// Security Hub; the second run's import updates the same findings.
const hasMoto = requireMotoOrSkip();
describe.skipIf(!hasMoto)('asff imported with BatchImportFindings (moto)', () => {
  const moto = useMoto();

  it('imports every record in batches of 100, and a re-import updates rather than duplicates', async () => {
    const client = new SecurityHubClient({ endpoint: moto.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS });
    const importAll = async (records: AwsSecurityFinding[]) => {
      for (let i = 0; i < records.length; i += 100) {
        const out = await client.send(new BatchImportFindingsCommand({ Findings: records.slice(i, i + 100) }));
        expect(out.FailedFindings ?? []).toEqual([]);
        expect(out.SuccessCount).toBe(Math.min(100, records.length - i));
      }
    };
    const count = async () => {
      let n = 0;
      let token: string | undefined;
      do {
        const page = await client.send(new GetFindingsCommand({ MaxResults: 100, NextToken: token }));
        n += page.Findings?.length ?? 0;
        token = page.NextToken;
      } while (token);
      return n;
    };
    expect(withPassed.asff.length).toBeGreaterThan(200);
    await importAll(withPassed.asff);
    expect(await count()).toBe(withPassed.asff.length);
    // Another run (another selection of rules, another time): its findings are already there, so they are updated.
    expect(second.asff.every((a) => withPassed.asff.some((b) => b.Id === a.Id))).toBe(true);
    await importAll(second.asff);
    expect(await count()).toBe(withPassed.asff.length);
    client.destroy();
  }, 60_000);
});
