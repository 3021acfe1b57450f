import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import type { Report } from '../../src/engine/report.js';
import { BIN, expectUsageError, isolatedEnv, run } from './run.js';

const DEMO = new URL('../../fixtures/snapshots/demo.json', import.meta.url).pathname;
const tmp = () => mkdtempSync(join(tmpdir(), 'aws-tips-cli-'));
const demo = () => JSON.parse(readFileSync(DEMO, 'utf8')) as Record<string, any>;

function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('aws-tips --version / --help', () => {
  it('prints the version and exits 0', () => {
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });
  it.each([['--help'], ['audit', '--help'], ['collect', '--help'], ['rules', '--help'], ['explain', '--help'], ['policy', '--help']])(
    '%s %s exits 0 with usage',
    (...args) => {
      const r = run(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: aws-tips/);
    },
  );
});

describe('aws-tips audit --demo', () => {
  it('prints a scored terminal report and exits 1 (the demo account has violations)', () => {
    const r = run(['audit', '--demo', '--format', 'terminal']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Summary/);
    expect(r.stdout).toMatch(/Score \d+(\.\d)?\/100/);
    // Only a command (kept whole on its own line, to stay copyable) may run past 80.
    for (const line of r.stdout.split('\n')) if (!/^\s+(\$ aws |fix: |aws )/.test(line)) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(r.stdout).not.toMatch(/\u001b\[/); // NO_COLOR
  });

  it('gives the whole report as JSON: every rule, with findings', () => {
    const r = run(['audit', '--demo', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.tool.name).toBe('aws-tips');
    expect(report.account.id).toBe('111122223333');
    expect(report.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(report.rules.map((x) => x.id)).toEqual(RULES.filter((x) => x.enabledByDefault !== false).map((x) => x.id));
    expect(report.score.overall).toBeGreaterThan(0);
    expect(report.score.overall).toBeLessThan(100);
    expect(report.summary.violations).toBeGreaterThan(0);
    expect(Object.keys(report)).toEqual([
      'schemaVersion', 'tool', 'generatedAt', 'source', 'account', 'accounts', 'regions', 'failOn', 'minScore', 'score', 'summary', 'rules', 'findings',
      'notChecked', 'suppressions', 'baseline', 'frameworks',
    ]);
    for (const f of report.findings) {
      expect(Object.keys(f)).toEqual(['key', 'account', 'ruleId', 'status', 'severity', 'resource', 'messageId', 'subject', 'message', 'evidence', 'gates', 'suppressed', 'baseline']);
      expect(f.resource.arn).toMatch(/^arn:aws:/);
    }
  });

  it('defaults to JSON when stdout is not a terminal', () => {
    const r = run(['audit', '--demo']);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('writes several formats at once, files atomically', () => {
    const dir = tmp();
    const r = run(['audit', '--demo', '--format', `json=${join(dir, 'r.json')}`, '--format', 'terminal']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Summary/);
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).tool.name).toBe('aws-tips');
  });
});

describe('exit codes', () => {
  it('0 when nothing fails at or above --fail-on', () => {
    const r = run(['audit', '--demo', '--rule', 'ec2-eip-unassociated', '--fail-on', 'high', '--format', 'json']);
    expect(r.code).toBe(0);
  });

  it('1 when something fails at or above --fail-on', () => {
    const r = run(['audit', '--demo', '--rule', 'ec2-eip-unassociated', '--fail-on', 'low', '--format', 'json']);
    expect(r.code).toBe(1);
  });

  it('3 when a rule could not be evaluated and nothing failed; 0 with --allow-incomplete', () => {
    const s = demo();
    delete s.ec2.addresses;
    s.ec2.addresses = s.ec2.addresses ?? [];
    s.ec2.errors = [
      { dataset: 'ec2.addresses', service: 'ec2', region: 'eu-west-1', operation: 'ec2:DescribeAddresses', code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' },
    ];
    s.ec2.addresses = demo().ec2.addresses.filter((a: any) => a.Region === 'us-east-1' && a.AssociationId);
    const file = writeJson(tmp(), 's.json', s);
    const r = run(['audit', '--snapshot', file, '--rule', 'ec2-eip-unassociated', '--format', 'json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.summary.incomplete).toBe(true);
    expect(report.notChecked[0]).toMatchObject({ ruleId: 'ec2-eip-unassociated', region: 'eu-west-1' });
    expect(report.notChecked[0]!.message).toMatch(/ec2:DescribeAddresses.*UnauthorizedOperation/);
    expect(report.findings.filter((f) => f.status === 'pass' && f.resource.region === 'eu-west-1')).toEqual([]);
    expect(run(['audit', '--snapshot', file, '--rule', 'ec2-eip-unassociated', '--format', 'json', '--allow-incomplete']).code).toBe(0);
  });

  it('1 below --min-score even without violations at --fail-on', () => {
    const r = run(['audit', '--demo', '--fail-on', 'critical', '--rule', 'ec2-eip-unassociated', '--min-score', '99', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/below --min-score 99/);
  });
});

describe('offline snapshots', () => {
  it('audits a saved snapshot file', () => {
    const file = writeJson(tmp(), 'demo.json', demo());
    const r = run(['audit', '--snapshot', file, '--format', 'json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Report).source).toMatchObject({ kind: 'snapshot', file });
  });

  it('reports a rule whose data the snapshot lacks as not checked, never as passing', () => {
    const s = demo();
    delete s.elbv2;
    const file = writeJson(tmp(), 's.json', s);
    const r = run(['audit', '--snapshot', file, '--rule', 'elb-tls-terminated-at-lb', '--format', 'json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.rules[0]!.status).toBe('error');
    expect(report.findings.every((f) => f.status === 'error')).toBe(true);
  });
});

describe('bad input: one line on stderr, exit 2', () => {
  it('an unknown flag', () => expectUsageError(run(['audit', '--bogus']), /unknown option '--bogus'/));
  it('an unknown command', () => expectUsageError(run(['frobnicate']), /unknown command/));
  it('a bad --fail-on', () => expectUsageError(run(['audit', '--demo', '--fail-on', 'extreme']), /--fail-on.*extreme|Allowed choices/));
  it('a bad --timeout', () => expectUsageError(run(['audit', '--timeout', 'soon']), /--timeout: expected a positive number/));
  it('an unknown rule', () => expectUsageError(run(['audit', '--demo', '--rule', 'no-such-rule']), /--rule: unknown rule "no-such-rule"/));
  it('an unknown format', () => expectUsageError(run(['audit', '--demo', '--format', 'pdf']), /unknown format "pdf"/));
  it('two formats on stdout', () => expectUsageError(run(['audit', '--demo', '--format', 'json', '--format', 'terminal']), /only one format/));
  it('--demo with --snapshot', () => expectUsageError(run(['audit', '--demo', '--snapshot', 'x.json']), /cannot be used together/));
  it('a missing snapshot', () => expectUsageError(run(['audit', '--snapshot', '/nonexistent/s.json']), /cannot read snapshot .*ENOENT/));
  it('a corrupt snapshot (not JSON)', () =>
    expectUsageError(run(['audit', '--snapshot', writeJson(tmp(), 'bad.json', '{"schemaVersion": 1, "meta": {')]), /invalid snapshot .*not JSON/));
  it('a snapshot of another schema version', () =>
    expectUsageError(run(['audit', '--snapshot', writeJson(tmp(), 'v2.json', { ...demo(), schemaVersion: 2 })]), /schemaVersion 2 is not supported/));
  it('a snapshot with a wrong type names the field', () => {
    const s = demo();
    s.ec2.instances[1].InstanceId = 42;
    expectUsageError(run(['audit', '--snapshot', writeJson(tmp(), 's.json', s)]), /invalid snapshot .*: ec2\.instances\[1\]\.InstanceId: /);
  });
  it('a snapshot with an unknown dataset', () => {
    const s = demo();
    s.ec2.lasers = [];
    expectUsageError(run(['audit', '--snapshot', writeJson(tmp(), 's.json', s)]), /ec2\.lasers: unknown key/);
  });
  it('a config with an unknown top-level key', () => {
    const dir = tmp();
    writeFileSync(join(dir, '.aws-tips.yml'), 'rulez: {}\n');
    expectUsageError(run(['audit', '--demo'], { cwd: dir }), /invalid config \.aws-tips\.yml: rulez: unknown key/);
  });
  it('a config with an unknown rule option names its path', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.yml'), 'rules:\n  ec2-no-ssh-ingress: { strickt: true }\n');
    expectUsageError(run(['audit', '--demo', '--config', join(dir, 'c.yml')]), /rules\.ec2-no-ssh-ingress\.strickt: unknown key/);
  });
  it('a config with a wrong option type names its path', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.yml'), 'rules:\n  ec2-no-ssh-ingress: { strict: "yes" }\n');
    expectUsageError(run(['audit', '--demo', '--config', join(dir, 'c.yml')]), /rules\.ec2-no-ssh-ingress\.strict: .*boolean/);
  });
  it('a config that is not YAML', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.yml'), 'rules: [unclosed\n');
    expectUsageError(run(['audit', '--demo', '--config', join(dir, 'c.yml')]), /invalid config .*c\.yml/);
  });
  it('missing credentials for a live audit', () => {
    const r = run(['audit', '--region', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9', '--timeout', '2'], { env: isolatedEnv() });
    expectUsageError(r, /no AWS credentials found|no usable AWS credentials/);
  });
  it('a malformed region name', () => expectUsageError(run(['audit', '--regions', 'us-east-1,mars'], { env: isolatedEnv({ AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }) }), /"mars" is not a region name/));
});

describe('configuration', () => {
  it('turns rules off and options on from .aws-tips.yml', () => {
    const dir = tmp();
    writeFileSync(join(dir, '.aws-tips.yml'), 'rules:\n  ec2-no-ssh-ingress: { enabled: false }\n  tags-required-keys: { requiredTagKeys: [owner] }\n');
    const report = JSON.parse(run(['audit', '--demo', '--format', 'json'], { cwd: dir }).stdout) as Report;
    expect(report.rules.some((r) => r.id === 'ec2-no-ssh-ingress')).toBe(false);
    const tags = report.findings.filter((f) => f.ruleId === 'tags-required-keys' && f.status === 'fail');
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.every((f) => /owner/.test(f.message))).toBe(true);
  });
  it('overrides a rule severity', () => {
    const dir = tmp();
    writeFileSync(join(dir, '.aws-tips.yml'), 'rules:\n  ec2-eip-unassociated: { severity: critical }\n');
    const report = JSON.parse(run(['audit', '--demo', '--rule', 'ec2-eip-unassociated', '--format', 'json'], { cwd: dir }).stdout) as Report;
    expect(report.rules[0]!.severity).toBe('critical');
    expect(report.findings.filter((f) => f.status === 'fail').every((f) => f.severity === 'critical')).toBe(true);
  });
});

describe('aws-tips rules / explain / policy', () => {
  it('lists every rule with its metadata as JSON', () => {
    const r = run(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const rules = JSON.parse(r.stdout) as { id: string; tip: string; needs: string[]; options: object }[];
    expect(rules.map((x) => x.id)).toEqual(RULES.map((x) => x.id));
    for (const x of rules) expect(Object.keys(x)).toEqual(['id', 'section', 'tip', 'title', 'kind', 'severity', 'enabledByDefault', 'needs', 'options', 'compliance']);
  });
  it('lists every rule for a person with --long: tip, what it checks, data, options with defaults', () => {
    const r = run(['rules', '--long']);
    expect(r.code).toBe(0);
    for (const rule of RULES) expect(r.stdout).toContain(`  ${rule.id}  [${rule.kind}, ${rule.severity}`);
    expect(r.stdout).toMatch(/ec2-no-ssh-ingress {2}\[automatic, high\]\n {4}tip: Disable SSH access to all servers\.\n/);
    expect(r.stdout).toMatch(/options:\n {6}strict=false\n {6}includeRdp=true/);
    expect(r.stdout).toMatch(/s3-random-key-prefix {2}\[manual, info, off by default\]/);
  });
  it('explains a rule', () => {
    const r = run(['explain', 'ec2-no-ssh-ingress']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Disable SSH access to all servers\./);
    expect(r.stdout).toMatch(/How to fix:/);
    expect(r.stdout).toMatch(/aws ec2 revoke-security-group-ingress/);
  });
  it('refuses an unknown rule', () => expectUsageError(run(['explain', 'nope']), /unknown rule "nope"/));
  it('prints a least-privilege policy of read-only actions', () => {
    const r = run(['policy', '--rule', 'ec2-eip-unassociated']);
    expect(r.code).toBe(0);
    const policy = JSON.parse(r.stdout);
    expect(policy.Statement[0].Action).toEqual(['ec2:DescribeAddresses', 'ec2:DescribeInstances', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeRegions']);
  });
});

describe('a reader that stops early', () => {
  it.each(['json', 'csv', 'junit', 'sarif', 'html', 'terminal'])('%s piped into head: no error, the verdict as exit code', async (format) => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync('bash', ['-c', `node "${BIN}" audit --demo --format ${format} | head -c 100 >/dev/null; echo "rc=\${PIPESTATUS[0]}"`], {
      encoding: 'utf8',
      env: isolatedEnv(),
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('rc=1');
  });
});

describe('signals', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s while waiting on AWS exits %d with one line and leaves no file', async (signal, code) => {
    const { createServer } = await import('node:http');
    const { spawn } = await import('node:child_process');
    const { readdirSync } = await import('node:fs');
    let reached!: () => void;
    const hit = new Promise<void>((r) => (reached = r));
    const server = createServer(() => reached()); // never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const dir = tmp();
    const child = spawn(process.execPath, [BIN, 'collect', '--region', 'us-east-1', '--endpoint-url', `http://127.0.0.1:${port}`, '--output', join(dir, 's.json')], {
      env: isolatedEnv({ AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' }),
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await hit;
    child.kill(signal);
    const exit = await new Promise<number | null>((r) => child.on('close', r));
    server.closeAllConnections();
    server.close();
    expect(exit).toBe(code);
    expect(stderr).toBe('aws-tips: interrupted\n');
    expect(readdirSync(dir)).toEqual([]);
  });
});
