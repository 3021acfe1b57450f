/**
 * How long a live audit takes when the endpoint misbehaves: the built CLI (bin/aws-tips.js, every
 * rule, two regions, default retry settings) against moto behind the fault proxy. Not part of npm test.
 *
 *   node --import tsx bench/faults.ts [--scenarios throttle-all,mixed] [--bin PATH] [--cap SECONDS] [-- extra CLI args]
 *
 * Scenarios:
 *  - throttle-all: every call but sts:GetCallerIdentity is throttled (RequestLimitExceeded, Throttling, SlowDown...);
 *  - mixed: each service has its own fault: throttling (ec2, monitoring, logs), 503 (s3, rds, elasticache),
 *    a malformed 200 (cloudtrail, ssm), no answer at all (iam, route53), AccessDenied (elasticloadbalancing),
 *    2 s latency (autoscaling); the other services answer normally.
 *
 * --bin runs another build (e.g. a checkout of an older commit) so before and after are measured the same way.
 * Each run is killed after --cap seconds (default 900) and reported as "> cap".
 * Prints, per scenario: wall time, exit code, calls and retries (from --stats), throttled and faulted
 * attempts (from the proxy's log), error findings.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultProxy, type FaultProxy } from '../test/support/fault-proxy.js';
import { startMoto } from '../test/support/moto.js';
import { Args, BIN, ensureBuild, ms } from './util.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const sep = process.argv.indexOf('--');
const args = new Args(process.argv.slice(2, sep < 0 ? undefined : sep));
const extra = sep < 0 ? [] : process.argv.slice(sep + 1);
const scenarios = args.list('scenarios', ['throttle-all', 'mixed']);
const bin = args.str('bin', BIN);
const capMs = args.num('cap', 900) * 1000;
const regions = args.str('regions', 'us-east-1,eu-west-1');
const log = (s: string) => process.stderr.write(`[faults] ${s}\n`);

function inject(proxy: FaultProxy, scenario: string): void {
  switch (scenario) {
    case 'throttle-all':
      proxy.inject({ service: /^(?!sts$)/, fault: { kind: 'throttle' } });
      return;
    case 'mixed':
      proxy.inject({ service: /^(ec2|monitoring|logs)$/, fault: { kind: 'throttle' } });
      proxy.inject({ service: /^(s3|rds|elasticache)$/, fault: { kind: 'status', status: 503 } });
      proxy.inject({ service: /^(cloudtrail|ssm)$/, fault: { kind: 'malformed' } });
      proxy.inject({ service: /^(iam|route53)$/, fault: { kind: 'hang' } });
      proxy.inject({ service: 'elasticloadbalancing', fault: { kind: 'accessDenied' } });
      proxy.inject({ service: 'autoscaling', fault: { kind: 'latency', ms: 2_000 } });
      return;
    default:
      throw new Error(`unknown scenario "${scenario}"`);
  }
}

interface Outcome {
  code: number | null;
  wallMs: number;
  killed: boolean;
  stdout: string;
  stderr: string;
}

function runCli(cliArgs: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [bin, ...cliArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-100_000)));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, capMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, wallMs: performance.now() - t0, killed, stdout, stderr });
    });
  });
}

function isolatedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  const home = mkdtempSync(join(tmpdir(), 'aws-tips-faults-home-'));
  return {
    ...env,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    NO_COLOR: '1',
  };
}

if (bin === BIN) ensureBuild(log);
const moto = await startMoto();
const proxy = await startFaultProxy({ target: moto.url });
const rows: string[] = [];
try {
  for (const scenario of scenarios) {
    proxy.clearInjections();
    proxy.clear();
    inject(proxy, scenario);
    const cliArgs = ['audit', '--endpoint-url', proxy.url, '--regions', regions, '--format', 'json', '--stats', ...extra];
    log(`${scenario}: aws-tips ${cliArgs.join(' ')}`);
    const r = await runCli(cliArgs, isolatedEnv());
    const total = /^total\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(r.stderr);
    const attempts = proxy.requests.length;
    const throttled = proxy.requests.filter((q) => q.injected === 'throttle').length;
    const faulted = proxy.requests.filter((q) => q.injected && q.injected !== 'latency').length;
    let errors = 'n/a';
    try {
      const report = JSON.parse(r.stdout) as { findings: { status: string }[] };
      errors = String(report.findings.filter((f) => f.status === 'error').length);
    } catch {
      /* no report (killed, or exit 2) */
    }
    const firstLines = r.stderr.split('\n').filter((l) => l && !/^(aws-tips --stats|operation|total|\S+:\S+\s+\d)/.test(l)).slice(0, 3);
    rows.push(
      `| ${scenario} | ${r.killed ? `> ${ms(capMs)} (killed)` : ms(r.wallMs)} | ${r.killed ? '-' : r.code} | ${total ? total[1] : 'n/a'} | ${total ? total[2] : 'n/a'} | ${attempts} | ${throttled} | ${faulted} | ${errors} |`,
    );
    if (firstLines.length) log(`${scenario} stderr: ${firstLines.join(' / ').slice(0, 400)}`);
  }
} finally {
  await proxy.stop();
  await moto.stop();
}
process.stdout.write(
  [
    `\nbin: ${bin}; regions ${regions}; every rule; defaults${extra.length ? ` plus ${extra.join(' ')}` : ''}\n`,
    '| scenario | wall time | exit | calls | retries | requests at the proxy | throttled | faulted (any injected fault) | error findings |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n'),
);
