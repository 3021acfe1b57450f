import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { collectSummary } from '../../src/commands/collect-summary.js';
import { useColor } from '../../src/commands/color.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { requireMotoOrSkip, useMoto } from '../support/moto.js';
import { demoSnapshot } from '../report/demo-report.js';
import { expectUsageError, isolatedEnv, run, runAsync } from './run.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;
const widest = (text: string, except: RegExp = /^$/) => Math.max(...text.split('\n').filter((l) => !except.test(l)).map((l) => [...l].length));

describe('colour: --color auto|always|never and FORCE_COLOR', () => {
  it('decides as documented', () => {
    expect(useColor('always', false, {})).toBe(true);
    expect(useColor('never', true, { FORCE_COLOR: '1' })).toBe(false);
    expect(useColor('auto', false, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor('auto', true, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColor('auto', true, { NO_COLOR: '1' })).toBe(false);
    expect(useColor('auto', true, {})).toBe(true);
    expect(useColor(undefined, false, {})).toBe(false);
  });

  it('--format terminal piped stays the terminal format: plain by default, coloured with --color always or FORCE_COLOR', () => {
    const plain = run(['audit', '--demo', '--format', 'terminal']);
    expect(plain.stdout).toMatch(/^aws-tips .* · demo snapshot\n/);
    expect(plain.stdout).not.toMatch(ANSI);
    expect(widest(plain.stdout, /^\s+(\$ aws |fix: |aws )/)).toBeLessThanOrEqual(80);
    expect(run(['audit', '--demo', '--format', 'terminal', '--color', 'always']).stdout).toMatch(ANSI);
    expect(run(['audit', '--demo', '--format', 'terminal'], { env: isolatedEnv({ NO_COLOR: '', FORCE_COLOR: '1' }) }).stdout).toMatch(ANSI);
    // The default format when piped stays JSON.
    expect(() => JSON.parse(run(['audit', '--demo']).stdout)).not.toThrow();
  });

  it('refuses a --color value it does not know, and --quiet with --verbose', () => {
    expect(run(['audit', '--demo', '--color', 'sometimes']).code).toBe(2);
    expectUsageError(run(['audit', '--demo', '--format', 'terminal', '--quiet', '--verbose']), /--quiet and --verbose cannot be used together/);
  });

  it('--quiet prints only what gates and the summary; a terminal report written to a file wraps at 80', () => {
    const q = run(['audit', '--demo', '--format', 'terminal', '--quiet']);
    expect(q.code).toBe(1);
    expect(q.stdout).toMatch(/^Fix first \(\d+ findings/m);
    expect(q.stdout).not.toContain('Application Development');
    const dir = mkdtempSync(join(tmpdir(), 'aws-tips-ux-'));
    const file = join(dir, 'r.txt');
    run(['audit', '--demo', '--format', `terminal=${file}`, '--format', 'json']);
    expect(widest(readFileSync(file, 'utf8'), /^\s+(\$ aws |fix: |aws )/)).toBeLessThanOrEqual(80);
  });
});

describe('aws-tips rules, explain, --stats: 80 columns', () => {
  it('one line per rule (id, section, severity, kind, title) in 80 columns', () => {
    const r = run(['rules']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id +section +severity +kind +title$/);
    for (const rule of RULES) expect(lines.filter((l) => l.startsWith(`${rule.id} `))).toHaveLength(1);
    expect(r.stdout).toMatch(/^ec2-no-ssh-ingress +operations +high +auto +Security/m);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
  });

  it('filters by --rule glob, --section, --severity and --kind; --long gives a block per rule', () => {
    const ids = (args: string[]) => run(['rules', '--format', 'json', ...args]).stdout;
    const parse = (s: string) => (JSON.parse(s) as { id: string }[]).map((x) => x.id);
    expect(parse(ids(['--rule', 'ec2-*']))).toEqual(RULES.filter((r) => r.id.startsWith('ec2-')).map((r) => r.id));
    expect(parse(ids(['--section', 'iam', '--severity', 'critical']))).toEqual(RULES.filter((r) => r.section === 'iam' && r.severity === 'critical').map((r) => r.id));
    expect(parse(ids(['--kind', 'manual']))).toEqual(RULES.filter((r) => r.kind === 'manual').map((r) => r.id));
    expectUsageError(run(['rules', '--rule', 'nothing-*']), /--rule: "nothing-\*" matches no rule/);
    expectUsageError(run(['rules', '--section', 'iamm']), /--section: unknown section "iamm"/);
    const long = run(['rules', '--long', '--rule', 'ec2-no-ssh-ingress']).stdout;
    expect(long).toMatch(/ec2-no-ssh-ingress {2}\[automatic, high\]\n {4}tip: /);
  });

  it('explain fits 80 columns (commands and links stand whole) and suggests the nearest id for a typo', () => {
    for (const rule of RULES) {
      const out = run(['explain', rule.id]).stdout;
      expect(widest(out, /^\s+(aws |https?:\/\/)|^\s+\S+$/), rule.id).toBeLessThanOrEqual(80);
    }
    expectUsageError(run(['explain', 'ec2-no-ssh-ingres']), /^aws-tips: unknown rule "ec2-no-ssh-ingres" \(did you mean ec2-no-ssh-ingress\?\)$/);
  }, 120_000);

  it('--stats fits 80 columns', () => {
    const r = run(['audit', '--demo', '--stats', '--format', 'json']);
    const stats = r.stderr.slice(r.stderr.indexOf('aws-tips --stats'));
    expect(widest(stats)).toBeLessThanOrEqual(80);
  });
});

describe('collect talks', () => {
  it('names the file, size, account, regions and datasets, and one line per dataset and region not collected', () => {
    const s = demoSnapshot();
    const ec2 = s.ec2 as { errors: { dataset: string; service: string; region: string; operation: string; code: string; message: string; resource?: string }[] };
    ec2.errors.push({ dataset: 'ec2.instances', service: 'ec2', region: 'eu-west-1', operation: 'DescribeInstances', code: 'AccessDenied', message: 'no' });
    ec2.errors.push({ dataset: 'ec2.instances', service: 'ec2', region: 'eu-west-1', operation: 'DescribeInstances', code: 'AccessDenied', message: 'again' });
    const { lines, missing } = collectSummary(s, 'snap.json', 2048, 7);
    expect(lines[0]).toMatch(/^wrote snap\.json \(2\.0 KiB\): account 111122223333, 2 region\(s\) \(eu-west-1, us-east-1\), \d+ dataset\(s\) for 7 rule\(s\)$/);
    expect(lines).toContain('not collected: ec2.instances in eu-west-1: DescribeInstances AccessDenied');
    expect(missing).toBe(1);
  });

  it('a snapshot records the rules it was collected for: auditing it with others names them in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-tips-served-'));
    const file = join(dir, 'snap.json');
    const snap = demoSnapshot();
    snap.meta.rules = ['ec2-no-ssh-ingress', 'iam-mfa-enabled'];
    writeFileSync(file, JSON.stringify(snap));
    const r = run(['audit', '--snapshot', file, '--format', 'json']);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^aws-tips: .*snap\\.json was collected for 2 rule\\(s\\); not audited, as it cannot serve them: .*ec2-eip-unassociated`));
    const report = JSON.parse(r.stdout) as { rules: { id: string }[]; notChecked: unknown[] };
    expect(report.rules.map((x) => x.id).sort()).toEqual(['ec2-no-ssh-ingress', 'iam-mfa-enabled']);
    expectUsageError(run(['audit', '--snapshot', file, '--rule', 'ec2-eip-unassociated']), /was collected for other rules \(ec2-no-ssh-ingress, iam-mfa-enabled\)/);
  });

  const hasMoto = requireMotoOrSkip();
  describe.skipIf(!hasMoto)('against moto', () => {
    const moto = useMoto();
    let proxy: FaultProxy;
    const dir = mkdtempSync(join(tmpdir(), 'aws-tips-collect-'));
    const env = () => isolatedEnv({ AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_MAX_ATTEMPTS: '1' });
    beforeAll(async () => {
      proxy = await startFaultProxy({ target: moto.url });
    });
    afterAll(async () => {
      await proxy?.stop();
    });
    const collect = (extra: string[]) =>
      runAsync(['collect', '--endpoint-url', proxy.url, '--regions', 'us-east-1', '--rule', 'ec2-eip-unassociated', '--output', join(dir, 's.json'), ...extra], { cwd: dir, env: env() });

    it('exit 0 and what it wrote; a denied call: one line for it and exit 3, 0 with --allow-incomplete', async () => {
      proxy.clearInjections();
      const ok = await collect([]);
      expect(ok.code, ok.stderr).toBe(0);
      expect((JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')) as { meta: { rules: string[] } }).meta.rules).toEqual(['ec2-eip-unassociated']);
      expect(ok.stderr).toMatch(/^aws-tips: wrote .*s\.json \(\d[\d.]* (B|KiB)\): account \d{12}, 1 region\(s\) \(us-east-1\), \d+ dataset\(s\) for 1 rule\(s\)$/m);
      proxy.inject({ service: 'ec2', fault: { kind: 'accessDenied' } });
      const denied = await collect([]);
      expect(denied.code).toBe(3);
      expect(denied.stderr).toMatch(/^aws-tips: not collected: ec2\.addresses in us-east-1: ec2:DescribeAddresses UnauthorizedOperation$/m);
      expect((await collect(['--allow-incomplete'])).code).toBe(0);
      proxy.clearInjections();
    }, 120_000);
  });
});
