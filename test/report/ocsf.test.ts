import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH } from '../../src/report/json-stream.js';
import { FRAMEWORK_IDS } from '../../src/compliance/registry.js';
import { mergeReports } from '../../src/engine/merge.js';
import { STANDARD_NAMES } from '../../src/report/asff.js';
import { COMPLIANCE_STATUS_IDS, OCSF_VERSION, ocsfEvents, renderOcsf } from '../../src/report/ocsf.js';
import { bigReport, MAX_PIECE, oneRecordALine } from './big-report.js';
import { demoReport, demoSnapshot, hostileReport } from './demo-report.js';
import { loadOcsfSchema, OCSF_SCHEMA_PATH, ocsfErrors } from './ocsf-schema.js';

const schema = loadOcsfSchema();
const report = demoReport({ frameworks: [...FRAMEWORK_IDS] });
const all = [...ocsfEvents(report, { includePassed: true })];

function expectValid(events: unknown[]) {
  const errors = events.flatMap((e, i) => ocsfErrors(e, schema).map((x) => `event ${i}: ${x}`));
  expect(errors).toEqual([]);
}

describe('ocsf: the class compiled from the OCSF 1.8.0 sources', () => {
  it('is Compliance Finding 2003, pinned to the version the renderer writes', () => {
    expect(schema.version).toBe(OCSF_VERSION);
    expect(schema.class).toMatchObject({ name: 'compliance_finding', uid: 2003, category_uid: 2 });
    expect(schema.class.attributes.compliance!.requirement).toBe('required');
    expect(schema.class.attributes.finding_info!.requirement).toBe('required');
    expect(schema.class.attributes.cloud).toMatchObject({ requirement: 'required', profile: 'cloud' });
    expect(schema.objects.compliance!.attributes.status_id!.enum).toEqual({ 0: 'Unknown', 1: 'Pass', 2: 'Warning', 3: 'Fail', 99: 'Other' });
  });

  // The vendored class is what the generator makes of the schema sources (where they are at hand).
  const SRC = '/work/shared/schemas/ocsf-1.8.0';
  it.runIf(existsSync(SRC))('schema/ is up to date with scripts/gen-ocsf-schema.mjs', () => {
    const root = mkdtempSync(join(tmpdir(), 'aws-tips-ocsf-'));
    mkdirSync(join(root, 'scripts'));
    mkdirSync(join(root, 'schema'));
    const script = join(root, 'scripts', 'gen-ocsf-schema.mjs');
    copyFileSync(new URL('../../scripts/gen-ocsf-schema.mjs', import.meta.url).pathname, script);
    execFileSync(process.execPath, [script, SRC], { stdio: 'pipe' });
    expect(readFileSync(join(root, 'schema', 'ocsf-1.8.0-compliance_finding.json'), 'utf8')).toBe(readFileSync(OCSF_SCHEMA_PATH, 'utf8'));
  });
});

describe('ocsf', () => {
  it('every event is a valid Compliance Finding of the schema (recursively)', () => {
    expect(all.length).toBe(report.findings.length);
    expectValid(all);
  });

  it('the schema check can fail: missing required, wrong types, bad enum ids, unknown attributes, profile not applied', () => {
    const e = structuredClone(all[0]!) as unknown as Record<string, Record<string, unknown>>;
    delete (e as Record<string, unknown>).severity_id;
    e.compliance!.status_id = 7;
    e.finding_info!.uid = 42;
    (e.resources as unknown as Record<string, unknown>[])[0]!.colour = 'red';
    (e.metadata!.product as Record<string, unknown>).vendor = 'x';
    e.metadata!.profiles = [];
    (e as Record<string, unknown>).status = 'Open';
    const errors = ocsfErrors(e, schema);
    expect(errors).toEqual(expect.arrayContaining([
      'event.severity_id: required',
      'event.compliance.status_id: 7 is not one of 0, 1, 2, 3, 99',
      'event.finding_info.uid: string_t must be a string, got 42',
      'event.resources[0].colour: not an attribute of this object',
      'event.metadata.product.vendor: not an attribute of this object',
      'event.cloud: attribute of profile cloud, which metadata.profiles does not list',
      'event.status: "Open" is not the caption of status_id 1 (New)',
    ]));
    expect(ocsfErrors({ ...all[0]!, compliance: { ...all[0]!.compliance, status_detail: 'x' } }, schema)).toContain('event.compliance.status_detail: deprecated since 1.4.0');
  });

  it('writes fail, warn and error findings; pass and info only with --include-passed', () => {
    const def = [...ocsfEvents(report)];
    expect(def.map((e) => e.finding_info.uid)).toEqual(report.findings.filter((f) => ['fail', 'warn', 'error'].includes(f.status)).map((f) => f.key));
  });

  it('maps compliance status, severity, the finding key, account, region and resource', () => {
    const sev = { info: 1, low: 2, medium: 3, high: 4, critical: 5 } as const;
    for (const [i, e] of all.entries()) {
      const f = report.findings[i]!;
      expect(e.finding_info.uid).toBe(f.key);
      expect(e.compliance.status_id).toBe(COMPLIANCE_STATUS_IDS[f.status].id);
      expect(e.compliance.status_code).toBe(f.status);
      expect(e.severity_id).toBe(sev[f.severity]);
      expect(e.cloud.account.uid).toBe('111122223333');
      expect(e.cloud.region).toBe(f.resource.region === 'global' ? report.regions[0] : f.resource.region);
      expect(e.resources[0]).toMatchObject({ uid: f.resource.arn, name: f.resource.id, region: e.cloud.region, cloud_partition: 'aws' });
      expect(e.resources[0]!.tags).toEqual(f.resource.tags ? Object.entries(f.resource.tags).map(([name, value]) => ({ name, value })) : undefined);
      expect(e.metadata.product).toEqual({ name: 'aws-tips', vendor_name: 'aws-tips', version: report.tool.version });
    }
    expect(COMPLIANCE_STATUS_IDS).toMatchObject({ fail: { id: 3 }, warn: { id: 2 }, pass: { id: 1 }, error: { id: 99, name: 'Error' } });
    expect(all.some((e) => e.resources[0]!.type === 'AwsEc2SecurityGroup')).toBe(true);
  });

  it('compliance names the tip and section, the frameworks and their controls; remediation the docs and command', () => {
    for (const [i, e] of all.entries()) {
      const rule = report.rules.find((r) => r.id === report.findings[i]!.ruleId)!;
      const section = report.score.sections.find((s) => s.id === rule.section)!.name;
      expect(e.compliance.control).toBe(`Great AWS Tips - ${section} - ${rule.tip}`);
      expect(e.compliance.category).toBe(section);
      expect(e.compliance.standards).toEqual([...new Set(['Great AWS Tips', ...rule.compliance.map((c) => STANDARD_NAMES[c.framework])])]);
      expect(e.compliance.requirements ?? []).toEqual([...new Set(rule.compliance.map((c) => `${STANDARD_NAMES[c.framework]}/${c.control} - ${c.title}`))]);
      expect(e.remediation!.desc).toContain(rule.remediation);
      if (rule.cli) expect(e.remediation!.desc).toContain(rule.cli);
      expect(e.finding_info.analytic.uid).toBe(rule.id);
    }
    expect(all.some((e) => e.compliance.requirements?.some((r) => r.startsWith('CIS AWS Foundations Benchmark v5.0.0/')))).toBe(true);
  });

  it('an organization report: cloud.account is the finding\'s own account', () => {
    const snapshot = demoSnapshot();
    snapshot.meta.accountId = '444455556666';
    const org = mergeReports([report, demoReport({ snapshot, frameworks: [...FRAMEWORK_IDS] })]);
    const out = [...ocsfEvents(org)];
    expectValid(out);
    const accounts = out.map((e) => e.cloud.account.uid);
    expect(new Set(accounts)).toEqual(new Set(['111122223333', '444455556666']));
    expect(accounts).toEqual(org.findings.filter((f) => ['fail', 'warn', 'error'].includes(f.status)).map((f) => f.account));
  });

  it('suppressed findings carry status Suppressed and the reason; the baseline\'s fixed findings close', () => {
    const target = report.findings.find((f) => f.status === 'fail')!;
    const base = structuredClone(report);
    const gone = { ...target, key: 'f'.repeat(32), subject: 'gone', message: 'an exposure since closed' };
    base.findings.push(gone);
    const r = demoReport({ suppressions: [{ rule: target.ruleId, resource: target.resource.arn, reason: 'accepted in SEC-1' }], baseline: base });
    const out = [...ocsfEvents(r)];
    expectValid(out);
    const sup = out.find((e) => e.finding_info.uid === target.key)!;
    expect(sup).toMatchObject({ status_id: 3, status: 'Suppressed', comment: 'Suppressed: accepted in SEC-1' });
    const fixed = out.find((e) => e.finding_info.uid === gone.key)!;
    expect(fixed).toMatchObject({ activity_id: 3, type_uid: 200303, status_id: 4, compliance: { status_id: 1, status_code: 'fixed' } });
  });

  it('hostile strings stay data; renders a JSON array in chunks ([] without findings)', () => {
    expectValid([...ocsfEvents(hostileReport(report), { includePassed: true })]);
    const chunks = [...renderOcsf(report)];
    // A batch of events a chunk, the array's close in the last.
    expect(chunks.length).toBe(Math.ceil([...ocsfEvents(report)].length / BATCH) + 1);
    expect(JSON.parse(chunks.join(''))).toEqual(JSON.parse(JSON.stringify([...ocsfEvents(report)])));
    const empty = structuredClone(report);
    empty.findings = [];
    expect([...renderOcsf(empty)].join('')).toBe('[]\n');
  });
});

describe('ocsf: a large report, in pieces', () => {
  const big = bigReport(20000);

  it('is the whole array, one record a line, a batch of events a piece (not one piece each), and every record valid', () => {
    for (const includePassed of [false, true]) {
      const records = [...ocsfEvents(big, { includePassed })];
      expect(records.length).toBeGreaterThan(5000);
      const out = [...renderOcsf(big, { includePassed })];
      const text = out.join('');
      expect(text).toBe(oneRecordALine(records));
      expect(out.length).toBeGreaterThan(1);
      expect(out.length).toBeLessThanOrEqual(Math.ceil(records.length / BATCH) + 1);
      expect(Math.max(...out.map((p) => p.length))).toBeLessThanOrEqual(MAX_PIECE);
      // Every record of the file, as read back (with --include-passed: every kind of finding).
      if (includePassed) expectValid(JSON.parse(text) as unknown[]);
    }
  }, 120_000);
});
