import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Report } from '../../src/engine/report.js';
import { validateReport } from '../support/report-schema.js';
import { BIN, expectUsageError, isolatedEnv, run } from './run.js';

/**
 * The CI gate end to end through the built CLI: exit codes with --fail-on / --min-score /
 * --allow-incomplete, suppressions from the config (match, tags, region, expiry, unused) and
 * --baseline (new, unchanged, fixed), and the scripts of action.yml. Every JSON report produced is
 * checked against the schema.
 */

const DEMO = new URL('../../fixtures/snapshots/demo.json', import.meta.url).pathname;
const tmp = () => mkdtempSync(join(tmpdir(), 'aws-tips-gate-'));
const demo = () => JSON.parse(readFileSync(DEMO, 'utf8')) as Record<string, any>;
const SSH = ['--rule', 'ec2-no-ssh-ingress'];
const BASTION = 'sg-0a000000000bast1'; // us-east-1, tagged env=prod, SSH open to 0.0.0.0/0
const BATCH = 'sg-0b00000000batch1'; // eu-west-1, no tags, everything open to ::/0

function write(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

/** Runs an audit with --format json on stdout; returns the exit code, the (validated) report and stderr. */
function audit(args: string[]): { code: number | null; report: Report; stderr: string } {
  const r = run(['audit', ...args, '--format', 'json']);
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${r.code}): ${r.stderr}`);
  }
  validateReport(report);
  return { code: r.code, report, stderr: r.stderr };
}

function config(yaml: string): string {
  return write(tmp(), 'aws-tips.yml', yaml);
}

const fails = (r: Report, gid?: string) => r.findings.filter((f) => f.status === 'fail' && (!gid || f.resource.id === gid));

describe('exit codes with the gate flags', () => {
  it('0: nothing fails at or above --fail-on', () => {
    const { code, report } = audit(['--demo', '--rule', 'ec2-eip-unassociated', '--fail-on', 'high']);
    expect(fails(report).length).toBeGreaterThan(0);
    expect(report.summary.violations).toBe(0);
    expect(code).toBe(0);
  });

  it('1: a failing finding at or above --fail-on', () => {
    const { code, report } = audit(['--demo', '--rule', 'ec2-eip-unassociated', '--fail-on', 'low']);
    expect(report.summary.violations).toBeGreaterThan(0);
    expect(code).toBe(1);
  });

  it('1: the score below --min-score, without violations; 0 when the score reaches it', () => {
    const low = audit(['--demo', '--rule', 'ec2-eip-unassociated', '--fail-on', 'critical', '--min-score', '99']);
    expect(low.code).toBe(1);
    expect(low.report.summary).toMatchObject({ violations: 0, belowMinScore: true });
    expect(low.report.minScore).toBe(99);
    expect(low.stderr).toMatch(/score [\d.]+ is below --min-score 99/);
    const ok = audit(['--demo', '--rule', 'ec2-eip-unassociated', '--fail-on', 'critical', '--min-score', '1']);
    expect(ok.code).toBe(0);
    expect(ok.report.summary.belowMinScore).toBe(false);
    expect(ok.stderr).toBe('');
  });

  it('--min-score comes from the config too, the flag wins', () => {
    const file = config('minScore: 99\nfailOn: critical\n');
    expect(audit(['--demo', '--rule', 'ec2-eip-unassociated', '--config', file]).code).toBe(1);
    expect(audit(['--demo', '--rule', 'ec2-eip-unassociated', '--config', file, '--min-score', '5']).code).toBe(0);
  });

  it('3: incomplete and nothing failing; 0 with --allow-incomplete; 1 when the score is also too low', () => {
    const s = demo();
    s.ec2.addresses = s.ec2.addresses.filter((a: any) => a.Region === 'us-east-1' && a.AssociationId);
    s.ec2.errors = [{ dataset: 'ec2.addresses', service: 'ec2', region: 'eu-west-1', operation: 'ec2:DescribeAddresses', code: 'AccessDenied', message: 'denied' }];
    const file = write(tmp(), 's.json', s);
    const args = ['--snapshot', file, '--rule', 'ec2-eip-unassociated'];
    const r = audit(args);
    expect(r.code).toBe(3);
    expect(r.report.summary.incomplete).toBe(true);
    expect(audit([...args, '--allow-incomplete']).code).toBe(0);
    expect(audit([...args, '--min-score', '100']).code).toBe(r.report.score.overall! < 100 ? 1 : 3);
  });

  it('1 beats 3: violations in an incomplete audit fail the build', () => {
    const s = demo();
    s.ec2.errors = [{ dataset: 'ec2.addresses', service: 'ec2', region: 'eu-west-1', operation: 'ec2:DescribeAddresses', code: 'AccessDenied', message: 'denied' }];
    s.ec2.addresses = s.ec2.addresses.filter((a: any) => a.Region === 'us-east-1');
    const r = audit(['--snapshot', write(tmp(), 's.json', s), '--rule', 'ec2-eip-unassociated']);
    expect(r.report.summary.incomplete).toBe(true);
    expect(r.report.summary.violations).toBeGreaterThan(0);
    expect(r.code).toBe(1);
  });

  describe('2: bad gate input, one line on stderr', () => {
    it('--min-score that is not a score', () => {
      expectUsageError(run(['audit', '--demo', '--min-score', 'high']), /--min-score: expected a score from 0 to 100, got "high"/);
      expectUsageError(run(['audit', '--demo', '--min-score', '101']), /--min-score: expected a score from 0 to 100/);
    });
    it('a missing baseline', () => expectUsageError(run(['audit', '--demo', '--baseline', '/nonexistent/base.json']), /cannot read baseline .*ENOENT/));
    it('a baseline that is not JSON', () =>
      expectUsageError(run(['audit', '--demo', '--baseline', write(tmp(), 'b.json', '{"findings": [')]), /invalid baseline .*b\.json: not JSON/));
    it('a baseline that is not a report (a snapshot, say)', () =>
      expectUsageError(run(['audit', '--demo', '--baseline', DEMO]), /invalid baseline .*demo\.json: not an aws-tips report: /));
    it('a report with a broken finding as baseline', () => {
      const base = JSON.parse(run(['audit', '--demo', ...SSH, '--format', 'json']).stdout);
      base.findings[0].status = 'sort-of';
      expectUsageError(run(['audit', '--demo', '--baseline', write(tmp(), 'b.json', base)]), /invalid baseline .*: not an aws-tips report: findings\[0\]\.status/);
    });
    it('a suppression without a reason', () =>
      expectUsageError(run(['audit', '--demo', '--config', config('suppressions:\n  - rule: "*"\n    resource: "*"\n')]), /invalid config .*: suppressions\[0\]\.reason/));
    it('a suppression with an impossible date', () =>
      expectUsageError(
        run(['audit', '--demo', '--config', config('suppressions:\n  - { rule: "*", reason: r, expires: "2027-02-30" }\n')]),
        /invalid config .*: suppressions\[0\]\.expires/,
      ));
    it('a suppression with an unknown key', () =>
      expectUsageError(run(['audit', '--demo', '--config', config('suppressions:\n  - { rule: "*", reason: r, until: "2027-01-31" }\n')]), /suppressions\[0\]\.until: unknown key/));
  });
});

describe('suppressions', () => {
  const plain = audit(['--demo', ...SSH]);

  it('the demo has the SSH findings these tests suppress', () => {
    expect(fails(plain.report, BASTION)).toHaveLength(1);
    expect(fails(plain.report, BATCH).length).toBeGreaterThan(0);
    expect(plain.code).toBe(1);
  });

  it('an ARN glob (with * across ":" and "/"), region and tags suppress one finding: reported, not gating, not scored', () => {
    const file = config(`suppressions:
  - rule: ec2-no-ssh-ingress
    resource: "arn:aws:ec2:*:*:security-group/sg-0a000000000bast*"
    region: us-east-1
    tags: { env: prod }
    reason: "bastion host, approved in SEC-123"
    expires: 2099-01-31
`);
    const { code, report } = audit(['--demo', ...SSH, '--config', file]);
    const bastion = report.findings.find((f) => f.resource.id === BASTION && f.status === 'fail')!;
    expect(bastion.suppressed).toEqual({ reason: 'bastion host, approved in SEC-123', expires: '2099-01-31' });
    expect(bastion.resource.tags).toMatchObject({ env: 'prod' });
    expect(fails(report, BATCH).every((f) => f.suppressed === null)).toBe(true);
    expect(report.summary.suppressed).toBe(1);
    expect(report.summary.violations).toBe(plain.report.summary.violations - 1);
    expect(report.summary.findings.fail).toBe(plain.report.summary.findings.fail - 1);
    expect(report.score.overall!).toBeGreaterThan(plain.report.score.overall!);
    expect(report.suppressions).toEqual([
      { rule: 'ec2-no-ssh-ingress', resource: 'arn:aws:ec2:*:*:security-group/sg-0a000000000bast*', region: 'us-east-1', tags: { env: 'prod' }, accounts: null, key: null, reason: 'bastion host, approved in SEC-123', expires: '2099-01-31', status: 'used', matched: 1 },
    ]);
    expect(code).toBe(1); // batch1 still fails
  });

  it('suppressing every failure turns the exit code to 0', () => {
    const file = config(`suppressions:
  - { rule: ec2-no-ssh-ingress, resource: "arn:aws:ec2:*:*:security-group/${BASTION}", reason: bastion }
  - { rule: "*", resource: "*${BATCH}", reason: "batch host, SEC-456", expires: "2099-12-31" }
`);
    const { code, report } = audit(['--demo', ...SSH, '--config', file]);
    expect(report.summary.violations).toBe(0);
    expect(report.rules[0]!.status).not.toBe('fail');
    expect(report.rules[0]!.suppressed).toBe(fails(plain.report).length);
    expect(code).toBe(0);
  });

  it('tags must match: a suppression whose tags the resource lacks is unused', () => {
    const file = config(`suppressions:
  - { rule: "*", resource: "*", tags: { env: dev }, reason: "dev is fine" }
  - { rule: "*", resource: "*${BATCH}", tags: { env: prod }, reason: "untagged, so no" }
`);
    const { code, report } = audit(['--demo', ...SSH, '--config', file]);
    expect(report.summary.suppressed).toBe(0);
    expect(report.suppressions.map((s) => s.status)).toEqual(['unused', 'unused']);
    expect(code).toBe(1);
  });

  it('an expired suppression stops suppressing, and the report and stderr say so', () => {
    const file = config(`suppressions:
  - { rule: ec2-no-ssh-ingress, resource: "*${BASTION}", reason: "temporary, SEC-9", expires: 2020-06-30 }
`);
    const { code, report, stderr } = audit(['--demo', ...SSH, '--config', file]);
    expect(fails(report, BASTION)[0]!.suppressed).toBeNull();
    expect(report.suppressions[0]).toMatchObject({ status: 'expired', expires: '2020-06-30', matched: 1 });
    expect(report.summary.violations).toBe(plain.report.summary.violations);
    expect(stderr).toMatch(/suppression of ec2-no-ssh-ingress on \*sg-0a000000000bast1 expired on 2020-06-30: 1 finding\(s\) no longer suppressed/);
    expect(code).toBe(1);
  });

  it('a suppression that matched nothing is reported unused, in every format that lists suppressions', () => {
    const dir = tmp();
    const file = config('suppressions:\n  - { rule: iam-mfa-enabled, resource: "arn:aws:iam::*:user/nobody", reason: "left over" }\n');
    const r = run(['audit', '--demo', ...SSH, '--config', file, '--format', `json=${join(dir, 'r.json')}`, '--format', `markdown=${join(dir, 'r.md')}`, '--format', `html=${join(dir, 'r.html')}`, '--format', 'terminal']);
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    validateReport(report);
    expect(report.suppressions[0]).toMatchObject({ status: 'unused', matched: 0 });
    expect(r.stdout).toContain('iam-mfa-enabled on arn:aws:iam::*:user/nobody: unused');
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toMatch(/`iam-mfa-enabled` on `arn:aws:iam::\*:user\/nobody` \(left over\): \*\*unused\*\*/);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('<b>unused</b>: <code>iam-mfa-enabled</code>');
  });
});

describe('--baseline', () => {
  const dir = tmp();
  const basePath = join(dir, 'base.json');
  const first = run(['audit', '--demo', ...SSH, '--format', `json=${basePath}`]);
  const base = JSON.parse(readFileSync(basePath, 'utf8')) as Report;

  it('the same account against its own report: everything unchanged, exit 0', () => {
    expect(first.code).toBe(1);
    validateReport(base);
    const { code, report } = audit(['--demo', ...SSH, '--baseline', basePath]);
    const problems = report.findings.filter((f) => f.status === 'fail' || f.status === 'warn');
    expect(report.baseline).toMatchObject({ file: basePath, generatedAt: base.generatedAt, counts: { new: 0, unchanged: problems.length, fixed: 0 }, fixed: [] });
    expect(problems.every((f) => f.baseline === 'unchanged')).toBe(true);
    expect(report.findings.filter((f) => f.status === 'pass').every((f) => f.baseline === null)).toBe(true);
    expect(report.summary.violations).toBe(0);
    expect(code).toBe(0);
  });

  it('a new failure gates; the unchanged ones do not', () => {
    const s = demo();
    const legacy = s.ec2.securityGroups.find((g: any) => g.GroupId === 'sg-0a00000000legacy');
    legacy.IpPermissions.push({ IpProtocol: 'tcp', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [], FromPort: 22, ToPort: 22 });
    const { code, report } = audit(['--snapshot', write(tmp(), 's.json', s), ...SSH, '--baseline', basePath]);
    const added = fails(report, 'sg-0a00000000legacy');
    expect(added).toHaveLength(1);
    expect(added[0]!.baseline).toBe('new');
    expect(fails(report, BATCH).every((f) => f.baseline === 'unchanged')).toBe(true);
    expect(report.baseline!.counts.new).toBe(1);
    expect(report.summary.violations).toBe(1);
    expect(code).toBe(1);
    // A new finding below --fail-on does not gate.
    expect(audit(['--snapshot', write(tmp(), 's.json', s), ...SSH, '--baseline', basePath, '--fail-on', 'critical']).code).toBe(0);
  });

  it('a fixed finding is listed as fixed and does not gate', () => {
    const s = demo();
    s.ec2.securityGroups.find((g: any) => g.GroupId === BASTION).IpPermissions = [];
    const { code, report } = audit(['--snapshot', write(tmp(), 's.json', s), ...SSH, '--baseline', basePath]);
    expect(fails(report, BASTION)).toEqual([]);
    expect(report.baseline!.counts.fixed).toBe(1);
    expect(report.baseline!.fixed[0]).toMatchObject({ ruleId: 'ec2-no-ssh-ingress', status: 'fail', resource: { id: BASTION, region: 'us-east-1' } });
    expect(report.baseline!.counts.new).toBe(0);
    expect(code).toBe(0);
  });

  it('shows new / unchanged / fixed in the markdown, HTML, SARIF and terminal output', () => {
    const s = demo();
    s.ec2.securityGroups.find((g: any) => g.GroupId === BASTION).IpPermissions = [];
    const out = tmp();
    const r = run([
      'audit', '--snapshot', write(out, 's.json', s), ...SSH, '--baseline', basePath,
      '--format', `markdown=${join(out, 'r.md')}`, '--format', `html=${join(out, 'r.html')}`, '--format', `sarif=${join(out, 'r.sarif')}`, '--format', 'terminal',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Baseline .*base\.json: 0 new, \d+ unchanged, 1 fixed/);
    expect(r.stdout).toMatch(/fixed ec2-no-ssh-ingress sg-0a000000000bast1/);
    const md = readFileSync(join(out, 'r.md'), 'utf8');
    expect(md).toMatch(/\*\*0 new\*\*, \d+ unchanged, 1 fixed/);
    expect(md).toContain('### Fixed since the baseline (1)');
    expect(readFileSync(join(out, 'r.html'), 'utf8')).toMatch(/<b>0 new<\/b>, \d+ unchanged, 1 fixed/);
    const sarif = JSON.parse(readFileSync(join(out, 'r.sarif'), 'utf8'));
    expect(sarif.runs[0].properties.baseline).toMatchObject({ new: 0, fixed: 1 });
    expect(sarif.runs[0].results.every((x: any) => x.baselineState === 'unchanged')).toBe(true);
  });

  it('with suppressions: a suppressed new finding does not gate either', () => {
    const s = demo();
    const legacy = s.ec2.securityGroups.find((g: any) => g.GroupId === 'sg-0a00000000legacy');
    legacy.IpPermissions.push({ IpProtocol: 'tcp', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [], FromPort: 22, ToPort: 22 });
    const file = config('suppressions:\n  - { rule: ec2-no-ssh-ingress, resource: "*/sg-0a00000000legacy", reason: "being replaced, SEC-77" }\n');
    const { code, report } = audit(['--snapshot', write(tmp(), 's.json', s), ...SSH, '--baseline', basePath, '--config', file]);
    const added = fails(report, 'sg-0a00000000legacy')[0]!;
    expect(added).toMatchObject({ baseline: 'new', suppressed: { reason: 'being replaced, SEC-77', expires: null } });
    expect(code).toBe(0);
  });
});

describe('action.yml (composite)', () => {
  const action = parseYaml(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
    outputs: Record<string, unknown>;
    runs: { using: string; steps: { name: string; id?: string; run?: string; uses?: string; if?: string; env?: Record<string, string>; with?: Record<string, string> }[] };
  };
  const step = (name: string) => action.runs.steps.find((s) => s.name === name)!;

  it('is a composite action with the inputs the README documents', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['regions', 'fail-on', 'min-score', 'config', 'baseline', 'upload-sarif']));
    expect(step('Upload SARIF to code scanning').uses).toMatch(/^github\/codeql-action\/upload-sarif@/);
    expect(step('Upload SARIF to code scanning').if).toContain("inputs.upload-sarif == 'true'");
    // Inputs reach the scripts through env, never spliced into them (script injection).
    for (const s of action.runs.steps) expect(s.run ?? '').not.toMatch(/\$\{\{/);
  });

  /** Runs the Audit and Gate scripts as the runner would, with the CLI pointed at the demo account. */
  function runAction(inputs: Record<string, string>) {
    const dir = tmp();
    const actionPath = join(dir, 'action');
    mkdirSync(join(actionPath, 'bin'), { recursive: true });
    // Stand-in for the installed package: the real CLI, auditing the demo snapshot instead of AWS.
    writeFileSync(join(actionPath, 'bin', 'aws-tips.js'), `process.argv.push('--demo');\nawait import(${JSON.stringify(BIN)});\n`);
    const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary.md') };
    for (const f of Object.values(files)) writeFileSync(f, '');
    const env: Record<string, string> = { ...isolatedEnv(), ...files, GITHUB_ACTION_PATH: actionPath };
    const audit = step('Audit');
    for (const [k, v] of Object.entries(audit.env ?? {})) {
      const m = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(v);
      env[k] = m ? (inputs[m[1]!] ?? action.inputs[m[1]!]!.default ?? '') : v;
    }
    const a = spawnSync('bash', ['-e', '-c', audit.run!], { cwd: dir, env, encoding: 'utf8' });
    const outputs = Object.fromEntries(readFileSync(files.GITHUB_OUTPUT, 'utf8').trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
    const g = spawnSync('bash', ['-e', '-c', step('Gate').run!], { env: { ...env, CODE: outputs['exit-code'] ?? '' }, encoding: 'utf8' });
    return { audit: a, gate: g, outputs, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), dir };
  }

  it('writes the reports, the outputs and the job summary; the gate step fails on violations', () => {
    const r = runAction({ 'fail-on': 'high', rules: 'ec2-no-ssh-ingress' });
    expect(r.audit.status, r.audit.stderr).toBe(0); // the audit step records the code, the gate step fails
    expect(r.outputs['exit-code']).toBe('1');
    expect(Number(r.outputs.violations)).toBeGreaterThan(0);
    expect(Number(r.outputs.score)).toBeGreaterThan(0);
    for (const f of ['report.json', 'report.sarif', 'report.md', 'report.html', 'report.xml', 'report.csv']) expect(existsSync(join(r.dir, 'aws-tips-report', f)), f).toBe(true);
    validateReport(JSON.parse(readFileSync(join(r.dir, r.outputs.report!), 'utf8')));
    expect(r.summary).toMatch(/^## ❌ aws-tips: \d+ violations?/);
    expect(r.gate.status).toBe(1);
    expect(r.gate.stdout).toContain('::error::aws-tips: violations');
  });

  it('passes the gate inputs through (min-score, baseline); a usage error fails the gate with 2', () => {
    const first = runAction({ rules: 'ec2-no-ssh-ingress' });
    const base = join(first.dir, 'aws-tips-report', 'report.json');
    const r = runAction({ rules: 'ec2-no-ssh-ingress', baseline: base, 'min-score': '1' });
    expect(r.outputs['exit-code']).toBe('0');
    expect(r.gate.status).toBe(0);
    expect(r.summary).toMatch(/\*\*Baseline\*\*/);
    const low = runAction({ rules: 'ec2-no-ssh-ingress', baseline: base, 'min-score': '99' });
    expect(low.outputs['exit-code']).toBe('1');
    const bad = runAction({ 'fail-on': 'extreme' });
    expect(bad.outputs['exit-code']).toBe('2');
    expect(bad.gate.status).toBe(2);
  });
});

describe('finding identity through the gate', () => {
  it('a new exposure on a baselined security group is new and gates (tcp 5432 in place of tcp 22)', () => {
    const dir = tmp();
    const rule = ['--rule', 'ec2-sg-no-world-ingress'];
    const base = audit(['--demo', ...rule]);
    expect(fails(base.report, BASTION).length).toBe(1);
    const baseline = write(dir, 'baseline.json', base.report);
    const changed = demo();
    const sg = changed.ec2.securityGroups.find((g: { GroupId: string }) => g.GroupId === BASTION);
    expect(sg.IpPermissions).toHaveLength(1);
    sg.IpPermissions[0].FromPort = 5432;
    sg.IpPermissions[0].ToPort = 5432;
    const snapshot = write(dir, 'changed.json', changed);
    const { code, report } = audit(['--snapshot', snapshot, ...rule, '--baseline', baseline]);
    const [f] = fails(report, BASTION);
    expect(f!.baseline).toBe('new');
    expect(f!.gates).toBe(true);
    expect(report.baseline!.fixed.map((x) => x.resource.id)).toContain(BASTION);
    expect(code).toBe(1);
  });

  it('a report of schema 1 as --baseline is refused with one line that says why', () => {
    const base = audit(['--demo', '--rule', 'ec2-eip-unassociated']).report as unknown as Record<string, unknown>;
    const old = write(tmp(), 'old.json', { ...base, schemaVersion: 1 });
    expectUsageError(run(['audit', '--demo', '--baseline', old]), /older aws-tips \(report schemaVersion 1\).*new baseline/);
  });
});

describe('a missing context dataset does not hide what was read', () => {
  it('interfaces denied in both regions: the world-open SSH groups still fail next to the error findings, and gate with --allow-incomplete', () => {
    const snap = demo();
    snap.ec2.errors = ['us-east-1', 'eu-west-1'].map((region) => ({
      dataset: 'ec2.networkInterfaces', service: 'ec2', region, operation: 'ec2:DescribeNetworkInterfaces', code: 'UnauthorizedOperation', message: 'denied',
    }));
    const file = write(tmp(), 'denied.json', snap);
    const { code, report } = audit(['--snapshot', file, ...SSH, '--allow-incomplete']);
    expect(fails(report, BASTION)).toHaveLength(1);
    expect(fails(report, BATCH).length).toBeGreaterThan(0);
    expect(report.findings.filter((f) => f.status === 'error')).toHaveLength(2);
    expect(report.findings.some((f) => f.status === 'pass')).toBe(false); // passes rested on the interfaces: withheld
    expect(code).toBe(1);
  });
});
