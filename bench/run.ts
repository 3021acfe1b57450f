/**
 * npm run bench [-- options]: measures aws-tips (the built CLI, bin/aws-tips.js -> dist/) and prints
 * one table per part. Not part of npm test. Every option can also be set as BENCH_<NAME>
 * (BENCH_LATENCY=20, BENCH_PARTS=evaluate).
 *
 *   --quick                 small sizes everywhere (a run of a minute or two)
 *   --parts a,b,c           collect, evaluate, coldstart, org, replica, formats (default: the first three)
 *   --regions r1,r2,...     collection regions (default us-east-1,eu-west-1,us-west-2,ap-southeast-2)
 *   --instances N           default 2000      --security-groups N   default 2000
 *   --buckets N             default 500       --users N             default 500
 *   --load-balancers N      default 200       --latency MS          default 50
 *   --sizes N,N             evaluation sizes (default 100000,1000000)
 *   --replica N             replica: the demo account replicated to N resources (default 200000)
 *   --formats-size N        formats: synthetic resources, every format in one run (default 1000000)
 *   --formats a,b           formats: the formats written (default: all nine)
 *   --runs N                cold-start runs per command (default 10)
 *   --members N             org: member accounts (default 200)   --account-concurrency N  default 8
 *   --sequential-sample N   org: accounts of the one-after-another loop actually run, scaled (default 20)
 *   --org-regions r1,r2     org: regions (default us-east-1,eu-west-1)
 *   --dir DIR               scratch directory (default: $TMPDIR/aws-tips-bench)
 *   --keep                  keep the generated snapshots
 *   --json FILE             also write every figure as JSON
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MOTO_HINT, motoAvailable } from '../test/support/moto.js';
import { collectBench } from './collect.js';
import { coldStart } from './coldstart.js';
import { orgBench } from './org.js';
import { evaluate } from './evaluate.js';
import { ALL_FORMATS, formatsBench } from './formats.js';
import { replicaBench } from './replica.js';
import { Args, ensureBuild, machine, table } from './util.js';

// The SDK clients used for seeding would print their Node-version notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const args = new Args(process.argv.slice(2));
const quick = args.flag('quick');
const parts = args.list('parts', ['collect', 'evaluate', 'coldstart']);
for (const p of parts) if (!['collect', 'evaluate', 'coldstart', 'org', 'replica', 'formats'].includes(p)) throw new Error(`--parts: unknown part "${p}"`);
const dir = args.str('dir', join(tmpdir(), 'aws-tips-bench'));
const keep = args.flag('keep');
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

const started = new Date();
ensureBuild(log);
const out: Record<string, unknown> = { startedAt: started.toISOString(), machine: machine(), argv: process.argv.slice(2) };
const sections: string[] = [];

if (parts.includes('collect') && !motoAvailable()) {
  log(`${MOTO_HINT}: skipping part 1 (collection)`);
  sections.push(`\n### 1. Live collection against moto behind a latency proxy\n\nskipped: ${MOTO_HINT}`);
} else if (parts.includes('collect')) {
  const { rows, result } = await collectBench({
    regions: args.list('regions', quick ? ['us-east-1', 'eu-west-1'] : ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2']),
    instances: args.num('instances', quick ? 200 : 2000),
    securityGroups: args.num('security-groups', quick ? 200 : 2000),
    buckets: args.num('buckets', quick ? 50 : 500),
    users: args.num('users', quick ? 50 : 500),
    loadBalancers: args.num('load-balancers', quick ? 20 : 200),
    latencyMs: args.num('latency', 50),
    dir,
    keep,
    log,
  });
  out.collect = result;
  sections.push(
    table('1. Live collection against moto behind a latency proxy', rows),
    `\nlongest chain: ${result.chainPath}`,
    `\nrequests by operation (top 12; moto time = time at the proxy minus the added latency, queueing included):`,
    ...result.topOperations.slice(0, 12).map((o) => `  ${o.operation.padEnd(52)} ${String(o.requests).padStart(6)}  ${(o.serverMs / 1000).toFixed(1).padStart(7)} s`),
  );
  if (result.notImplemented.length) sections.push(`\nmoto answered a 500 HTML page (not implemented, or moto failed): ${result.notImplemented.join(', ')}`);
}

if (parts.includes('evaluate')) {
  const sizes = args.list('sizes', quick ? ['10000', '100000'] : ['100000', '1000000']).map(Number);
  const { rows, results } = await evaluate({ sizes, dir, keep, log });
  out.evaluate = results;
  sections.push(table('2. Offline evaluation of synthetic snapshots (every rule)', rows));
}

if (parts.includes('replica')) {
  const { rows, result } = await replicaBench({ resources: args.num('replica', quick ? 20_000 : 200_000), dir, keep, log });
  out.replica = result;
  sections.push(table('2b. Offline evaluation of the demo account replicated (every rule, JSON report to a file)', rows));
}

if (parts.includes('formats')) {
  const { rows, result } = await formatsBench({ resources: args.num('formats-size', quick ? 100_000 : 1_000_000), formats: args.list('formats', ALL_FORMATS), dir, keep, log });
  out.formats = result;
  sections.push(table('2c. Every format in one run (synthetic snapshot)', rows));
}

if (parts.includes('coldstart')) {
  const { rows, data } = await coldStart({ runs: args.num('runs', quick ? 5 : 10), log, ...(keep ? { dir } : {}) });
  out.coldStart = data;
  sections.push(table('3. Cold start', rows));
}

if (parts.includes('org') && !motoAvailable()) {
  sections.push(`\n### 4. Organization audit\n\nskipped: ${MOTO_HINT}`);
} else if (parts.includes('org')) {
  const { rows, result } = await orgBench({
    members: args.num('members', quick ? 20 : 200),
    regions: args.list('org-regions', ['us-east-1', 'eu-west-1']),
    concurrency: args.num('account-concurrency', 8),
    sequentialSample: args.num('sequential-sample', quick ? 5 : 20),
    latencyMs: args.num('latency', 50),
    dir,
    keep,
    log,
  });
  out.org = result;
  sections.push(table('4. Organization audit against moto behind a latency proxy, against a loop over the accounts', rows));
}

const m = out.machine as Record<string, string>;
process.stdout.write(
  `# aws-tips benchmark\n\n${started.toISOString()} · ${m.cpu} · ${m.memory} · Node ${m.node} · load average at start ${m.load}\n` +
    `${sections.join('\n')}\n`,
);
const jsonFile = args.str('json', '');
if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(out, null, 2)}\n`);
