import { describe, expect, it } from 'vitest';
import { BATCH } from '../../src/report/json-stream.js';
import { fingerprint, renderSarif, resourceUri, sarifLog } from '../../src/report/sarif.js';
import { bigReport, MAX_PIECE, pieces } from './big-report.js';
import { demoReport, hostileReport, invisibleReport, RAW_UNSAFE } from './demo-report.js';
import { CLEAN, orgReport, UNREACHABLE, WORST } from './org-report.js';
import { sarifValidator } from './sarif-schema.js';

const validate = sarifValidator();

function expectValid(sarif: unknown): void {
  const ok = validate(sarif);
  expect(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
}

/** The SARIF log renderSarif writes (in pieces), parsed. */
function parseSarif(...args: Parameters<typeof renderSarif>) {
  return JSON.parse(pieces(renderSarif(...args)).join(''));
}

const report = demoReport();
const sarif = parseSarif(report);
const run = sarif.runs[0];

describe('sarif', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    expect(sarif.version).toBe('2.1.0');
    expectValid(sarif);
  });

  it('the schema check can fail', () => {
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = 'fatal';
    expect(validate(broken)).toBe(false);
  });

  it('has one reportingDescriptor per rule, as code scanning wants them', () => {
    const rules = run.tool.driver.rules;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(report.rules.map((r) => r.id));
    for (const [i, r] of rules.entries()) {
      const rule = report.rules[i]!;
      expect(r.shortDescription.text).toBe(rule.title);
      expect(r.fullDescription.text).toContain(rule.tip);
      expect(r.fullDescription.text.length).toBeLessThanOrEqual(1024);
      expect(r.help.text).toContain(rule.rationale);
      expect(r.help.text).toContain(rule.remediation);
      expect(r.help.markdown).toContain(rule.remediation);
      expect(r.properties.tags).toEqual(expect.arrayContaining(['security', rule.section]));
      if (rule.severity === 'info') expect(r.properties['security-severity']).toBeUndefined();
      else {
        const sev = Number(r.properties['security-severity']);
        expect(sev).toBeGreaterThan(0);
        expect(sev).toBeLessThanOrEqual(10);
      }
    }
    const sev = (id: string) => rules.find((r: { id: string }) => r.id === id)?.properties['security-severity'];
    const critical = report.rules.find((r) => r.severity === 'critical');
    if (critical) expect(Number(sev(critical.id))).toBeGreaterThanOrEqual(9);
  });

  it('has one result per failing or warning finding, none for passes, advice or errors', () => {
    const expected = report.findings.filter((f) => (f.status === 'fail' || f.status === 'warn') && !f.suppressed);
    expect(run.results).toHaveLength(expected.length);
    expect(run.results.filter((r: { kind: string }) => r.kind === 'pass')).toEqual([]);
    for (const [i, r] of run.results.entries()) {
      const f = expected[i]!;
      expect(r.ruleId).toBe(f.ruleId);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(f.ruleId);
      expect(r.message.text).toBe(f.message);
      expect(['error', 'warning', 'note']).toContain(r.level);
      if (f.status === 'fail' && (f.severity === 'critical' || f.severity === 'high')) expect(r.level).toBe('error');
    }
  });

  it('names the resource: logical location = ARN, physical location = a repository-relative URI', () => {
    for (const r of run.results) {
      const loc = r.locations[0];
      const arn = r.properties.resourceArn;
      expect(loc.logicalLocations[0].fullyQualifiedName).toBe(arn);
      expect(loc.logicalLocations[0].kind).toBe('resource');
      const uri: string = loc.physicalLocation.artifactLocation.uri;
      // No scheme (upload-sarif rejects absolute URIs of another scheme than the checkout's) and no
      // leading slash: a relative path, at line 1.
      expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
      expect(uri.startsWith('/')).toBe(false);
      expect(loc.physicalLocation.region.startLine).toBe(1);
      expect(uri).toBe(resourceUri(arn, r.properties.account));
      expect(r.properties.account).toBe(report.account.id);
      expect(uri.split('/')).toHaveLength(arn.split(':').slice(5).join(':').split('/').length + 4);
    }
    expect(resourceUri('arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0abc', '1')).toBe('aws/111122223333/eu-west-1/ec2/security-group/sg-0abc');
    expect(resourceUri('arn:aws:s3:::logs.acme', '111122223333')).toBe('aws/111122223333/global/s3/logs.acme');
    expect(resourceUri('arn:aws:logs:us-east-1:1:log-group:/aws/x:*', '1')).toBe('aws/1/us-east-1/logs/log-group%3A/aws/x%3A*');
  });

  it('a resource URI never climbs out of its folder, nor becomes absolute or another scheme (IAM paths are free text)', () => {
    const base = 'file:///checkout/repo/';
    const hostile = [
      'arn:aws:iam::111122223333:role/../../../../../.github/workflows/deploy.yml',
      'arn:aws:iam::111122223333:role/./../.././x',
      'arn:aws:iam::111122223333:role/%2e%2e/%2E%2e/.%2e/x',
      'arn:aws:iam::111122223333:user/..\\..\\x',
      'arn:..:..:..:..:../..',
      'arn:file:s3:::/etc/passwd',
      '../../etc/passwd',
      '/etc/passwd',
      'https://evil.example/x',
      'javascript:alert(1)',
      '//evil.example/x',
      'arn:aws:iam::111122223333:role/a\ud800b\u202e/x',
    ];
    for (const arn of hostile) {
      const uri = resourceUri(arn, '111122223333');
      expect(uri, arn).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
      expect(uri.startsWith('/'), arn).toBe(false);
      expect(uri, arn).not.toContain('\\');
      for (const seg of uri.split('/')) {
        expect(seg, arn).not.toBe('');
        // Not a dot segment: neither to a parser that reads %2e as a dot (WHATWG URL does) nor once decoded.
        expect(/^(\.|%2e){1,2}$/i.test(seg), `${arn} -> ${uri}`).toBe(false);
        expect(['.', '..'], `${arn} -> ${uri}`).not.toContain(decodeURIComponent(seg));
      }
      // Resolved against the checkout, it stays inside it, every segment kept.
      const resolved = new URL(uri, base);
      expect(resolved.href.startsWith(base), `${arn} -> ${resolved.href}`).toBe(true);
      expect(resolved.pathname.split('/').length, `${arn} -> ${resolved.href}`).toBe(uri.split('/').length + 3);
    }
    // The dots stay readable, and ordinary names keep their dots.
    expect(resourceUri('arn:aws:iam::111122223333:role/../.github/workflows/x', '1')).toBe('aws/111122223333/global/iam/role/%252E%252E/.github/workflows/x');
    expect(resourceUri('arn:aws:s3:::logs.acme', '111122223333')).toBe('aws/111122223333/global/s3/logs.acme');
    // A lone surrogate (encodeURIComponent throws on it) or a bidi control shows escaped.
    expect(resourceUri('arn:aws:iam::1:role/a\ud800b\u202e', '1')).toBe('aws/1/global/iam/role/a%5Cud800b%5Cu202e');
  });

  it('fingerprints each result by its finding key: stable across runs, unique within one', () => {
    const again = parseSarif(demoReport()).runs[0].results;
    const fps = run.results.map((r: { partialFingerprints: { primaryLocationLineHash: string } }) => r.partialFingerprints.primaryLocationLineHash);
    expect(again.map((r: { partialFingerprints: { primaryLocationLineHash: string } }) => r.partialFingerprints.primaryLocationLineHash)).toEqual(fps);
    expect(new Set(fps).size).toBe(fps.length);
    for (const r of run.results) {
      expect(r.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}:1$/);
      expect(r.partialFingerprints.primaryLocationLineHash).toBe(`${r.partialFingerprints['awsTipsFinding/v2']}:1`);
      expect(r.partialFingerprints['awsTipsResource/v1']).toBe(fingerprint(r.ruleId, r.properties.resourceArn));
    }
    // Not the message: an age in days changes every run, the alert must not.
    const reworded = structuredClone(report);
    for (const f of reworded.findings) f.message = `${f.message} (reworded)`;
    expect(parseSarif(reworded).runs[0].results.map((r: { partialFingerprints: { primaryLocationLineHash: string } }) => r.partialFingerprints.primaryLocationLineHash)).toEqual(fps);
  });

  it('a finding keeps its fingerprint when another one on the same resource is listed first', () => {
    const fp = (r: typeof report) => new Map<string, string>(
      (parseSarif(r).runs[0].results as { properties: { key?: string }; partialFingerprints: Record<string, string> }[])
        .map((x) => [x.partialFingerprints['awsTipsFinding/v2']!, x.partialFingerprints.primaryLocationLineHash!]),
    );
    const before = fp(report);
    const first = report.findings.find((f) => f.status === 'fail')!;
    const more = structuredClone(report);
    more.findings.unshift({ ...structuredClone(first), key: 'e'.repeat(32), subject: 'another' });
    const after = fp(more);
    expect(after.size).toBe(before.size + 1);
    for (const [key, hash] of before) expect(after.get(key)).toBe(hash);
  });

  it('lists passed and advisory findings with --include-passed', () => {
    const all = parseSarif(report, { includePassed: true });
    expectValid(all);
    const results = all.runs[0].results;
    const passes = results.filter((r: { kind: string }) => r.kind === 'pass');
    expect(passes.length).toBe(report.findings.filter((f) => f.status === 'pass').length);
    expect(passes.length).toBeGreaterThan(0);
    for (const p of passes) expect(p.level).toBe('none');
  });

  it('reports what could not be checked as tool notifications, not results', () => {
    const notes = run.invocations[0].toolExecutionNotifications;
    expect(notes).toHaveLength(report.notChecked.length);
    for (const n of notes) expect(n.level).toBe('error');
  });

  it('leaves suppressed findings out (and marks them suppressed with --include-passed); marks baseline state', () => {
    const target = report.findings.find((f) => f.status === 'fail')!;
    const base = structuredClone(report);
    base.findings = base.findings.filter((f) => f !== base.findings[report.findings.indexOf(target)]);
    const r = demoReport({ suppressions: [{ rule: target.ruleId, resource: target.resource.arn, reason: 'accepted in SEC-1', expires: '2099-12-31' }], baseline: base });
    const out = parseSarif(r);
    expectValid(out);
    expect(out.runs[0].results.some((x: { properties: { resourceArn: string }; ruleId: string }) => x.ruleId === target.ruleId && x.properties.resourceArn === target.resource.arn)).toBe(false);
    const withAll = parseSarif(r, { includePassed: true });
    expectValid(withAll);
    const sup = withAll.runs[0].results.filter((x: { suppressions?: unknown[] }) => x.suppressions);
    expect(sup.length).toBeGreaterThan(0);
    expect(sup[0].suppressions[0]).toMatchObject({ kind: 'external', status: 'accepted', justification: 'accepted in SEC-1 (until 2099-12-31)' });
    const states = new Set(out.runs[0].results.map((x: { baselineState: string }) => x.baselineState));
    expect([...states].sort()).toEqual(['unchanged']);
  });

  it('stays valid with hostile resource strings', () => {
    expectValid(parseSarif(hostileReport(report), { includePassed: true }));
  });

  it('message texts and justifications show bidi, invisible and non-XML characters escaped', () => {
    const target = report.findings.find((f) => f.status === 'fail')!;
    const r = invisibleReport(demoReport({ suppressions: [{ rule: target.ruleId, resource: target.resource.arn, reason: 'accepted' }] }));
    const out = parseSarif(r, { includePassed: true });
    expectValid(out);
    type Text = { text: string };
    const run = out.runs[0] as {
      results: { message: Text; locations: { message: Text }[]; suppressions?: { justification: string }[] }[];
      invocations: { toolExecutionNotifications: { message: Text }[] }[];
    };
    const texts = [
      ...run.results.flatMap((x) => [x.message.text, ...x.locations.map((l) => l.message.text), ...(x.suppressions ?? []).map((s) => s.justification)]),
      ...run.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text),
    ];
    expect(run.results.some((x) => x.suppressions)).toBe(true);
    for (const t of texts) expect(t).not.toMatch(RAW_UNSAFE);
    expect(texts.some((t) => t.includes('alarm\\u202e'))).toBe(true);
    expect(texts.some((t) => t.includes('ok\\u202e'))).toBe(true);
  });
});

describe('sarif: framework controls', () => {
  const cis = demoReport({ frameworks: ['cis-aws-foundations-5.0'] });
  const log = parseSarif(cis);
  const descriptors = log.runs[0].tool.driver.rules as { id: string; properties: { tags: string[]; compliance?: string[] } }[];

  it('tags each rule with <framework>/<control> for every control it maps, and stays valid SARIF', () => {
    expectValid(log);
    const tagged = descriptors.filter((d) => d.properties.tags.includes('cis-aws-foundations-5.0/5.3'));
    expect(tagged.length).toBeGreaterThan(0);
    for (const d of descriptors) {
      const rule = cis.rules.find((r) => r.id === d.id)!;
      for (const c of rule.compliance) expect(d.properties.tags, d.id).toContain(`${c.framework}/${c.control}`);
      expect(d.properties.compliance ?? []).toEqual(rule.compliance.map((c) => `${c.framework}/${c.control}`));
      expect(new Set(d.properties.tags).size).toBe(d.properties.tags.length);
    }
    // The rule whose findings fail 5.3 carries it.
    const control = cis.frameworks[0]!.controls.find((c) => c.control === '5.3')!;
    for (const r of control.rules) expect(descriptors.find((d) => d.id === r.id)!.properties.tags).toContain('cis-aws-foundations-5.0/5.3');
  });

  it('keeps at most 20 tags on a rule (GitHub code scanning rejects more); `compliance` lists every control', () => {
    const r = structuredClone(cis);
    const rule = r.rules.find((x) => x.compliance.length > 0)!;
    rule.compliance = Array.from({ length: 30 }, (_, i) => ({ ...rule.compliance[0]!, control: `9.${i}` }));
    const d = parseSarif(r).runs[0].tool.driver.rules.find((x: { id: string }) => x.id === rule.id);
    expect(d.properties.tags).toHaveLength(20);
    expect(d.properties.tags).toContain('security');
    expect(d.properties.compliance).toHaveLength(30);
  });
});

describe('sarif: an organization of several accounts', () => {
  const org = orgReport();
  const out = parseSarif(org);
  const orun = out.runs[0];

  it('is valid SARIF; each result names its own account, and an S3 bucket\'s URI is in that account', () => {
    expectValid(out);
    const selected = org.findings.filter((f) => (f.status === 'fail' || f.status === 'warn') && !f.suppressed);
    expect(orun.results.map((r: { properties: { account: string } }) => r.properties.account)).toEqual(selected.map((f) => f.account));
    const buckets = orun.results.filter((r: { properties: { resourceArn: string } }) => r.properties.resourceArn.startsWith('arn:aws:s3:::'));
    const inClean = buckets.find((r: { properties: { account: string } }) => r.properties.account === CLEAN);
    expect(inClean).toBeDefined();
    const bucket = inClean.properties.resourceArn.slice('arn:aws:s3:::'.length);
    expect(inClean.locations[0].physicalLocation.artifactLocation.uri).toBe(`aws/${CLEAN}/global/s3/${bucket}`);
    expect(new Set(buckets.map((r: { properties: { account: string } }) => r.properties.account))).toEqual(new Set([WORST, CLEAN]));
  });

  it('what could not be checked names its account; the run lists the accounts, the unreachable one with its error', () => {
    const accounts = new Set(orun.invocations[0].toolExecutionNotifications.map((n: { properties: { account: string } }) => n.properties.account));
    expect(accounts.has(UNREACHABLE)).toBe(true);
    expect(orun.properties.accounts.map((a: { id: string }) => a.id)).toEqual([WORST, CLEAN, UNREACHABLE]);
    expect(orun.properties.accounts[2]).toMatchObject({ id: UNREACHABLE, error: 'AccessDenied: not authorized to perform sts:AssumeRole' });
    expect(orun.properties.accounts[0]).toMatchObject({ id: WORST, name: 'prod' });
  });

  it('one account: no accounts list in the run', () => {
    expect(run.properties.accounts).toBeUndefined();
  });
});

describe('sarif: a large report, in pieces', () => {
  const big = bigReport(20000);

  it('is the text of the whole log, in pieces of at most a batch of results, and valid SARIF', () => {
    for (const includePassed of [false, true]) {
      const out = pieces(renderSarif(big, { includePassed }));
      const text = out.join('');
      expect(text).toBe(`${JSON.stringify(sarifLog(big, { includePassed }), null, 2)}\n`);
      const log = JSON.parse(text);
      expect(log.runs[0].results.length).toBeGreaterThan(includePassed ? 15000 : 5000);
      expect(out.length).toBeGreaterThan(1);
      // A batch of results a piece: not one string, and not one piece per result.
      expect(out.length).toBeLessThanOrEqual(Math.ceil(log.runs[0].results.length / BATCH) + 3);
      expect(Math.max(...out.map((p) => p.length))).toBeLessThanOrEqual(MAX_PIECE);
      expectValid(log);
    }
  }, 120_000);
});
