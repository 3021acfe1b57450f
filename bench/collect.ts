/**
 * Part 1: live collection against moto behind the fault proxy (a fixed latency per request), with
 * every rule, compared with its lower bound.
 *
 * Lower bound = max(longest chain of dependent calls × latency, requests × latency ÷ concurrency
 * limit). The chain is measured from the proxy log (each request timestamped as it arrives and as it
 * is answered) along the dataset dependency graph:
 *  - the bootstrap (GetCallerIdentity, then DescribeRegions) comes first: 1 round each;
 *  - a dataset's own rounds, per region (a global dataset: over every region), are the sum over its
 *    operations of: the number of requests if none of them overlapped in time (the pages of one
 *    paginated call, or single calls in sequence such as Get, Generate, Get of the credential report),
 *    else 1 (independent calls fanned out at once: one per bucket, per instance...);
 *  - chain(dataset) = own rounds + the longest chain among the datasets it depends on (dependsOn);
 *  - the longest chain is the bootstrap plus the largest chain(dataset) of any region.
 * An operation shared by several datasets (cloudwatch:ListMetrics) counts for each of them.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startFaultProxy, type FaultProxy, type RequestRecord } from '../test/support/fault-proxy.js';
import { startMoto } from '../test/support/moto.js';
import { datasetDef } from '../src/snapshot/registry.js';
import { seedLargeAccount, type AccountSize } from './seed.js';
import { BIN, ROOT, ms, processCpuSeconds, runNode, verdict, type Row } from './util.js';

export interface CollectOptions extends AccountSize {
  latencyMs: number;
  dir: string;
  keep: boolean;
  log: (s: string) => void;
}

interface Timed {
  rec: RequestRecord;
  start: number;
  end: number;
}

/** The global limiter of the client factory (src/aws/clients.ts), read from the source so the bound follows it. */
function concurrencyLimit(): number {
  const src = readFileSync(join(ROOT, 'src', 'aws', 'clients.ts'), 'utf8');
  const m = /maxConcurrency \?\? (\d[\d_]*)/.exec(src) ?? /DEFAULT_MAX_CONCURRENCY\s*=\s*(\d[\d_]*)/.exec(src);
  return m ? Number(m[1]!.replace(/_/g, '')) : 48;
}

/** Timestamps every request the proxy logs: arrival (push) and answer (status set). */
function timestamp(proxy: FaultProxy, onAnswer: (rec: RequestRecord) => void): Map<RequestRecord, { start: number; end?: number }> {
  const times = new Map<RequestRecord, { start: number; end?: number }>();
  const log = proxy.requests as RequestRecord[];
  const push = log.push.bind(log);
  log.push = (...recs: RequestRecord[]) => {
    for (const rec of recs) {
      const t: { start: number; end?: number } = { start: performance.now() };
      times.set(rec, t);
      let status = rec.status;
      Object.defineProperty(rec, 'status', {
        enumerable: true,
        configurable: true,
        get: () => status,
        set: (v: number) => {
          status = v;
          if (v !== 0 && t.end === undefined) {
            t.end = performance.now();
            onAnswer(rec);
          }
        },
      });
    }
    return push(...recs);
  };
  return times;
}

/** Signing name -> IAM action prefix, where they differ. */
const PREFIX: Record<string, string> = { monitoring: 'cloudwatch' };

function rounds(reqs: Timed[]): number {
  if (reqs.length <= 1) return reqs.length;
  const sorted = [...reqs].sort((a, b) => a.start - b.start);
  let lastEnd = sorted[0]!.end;
  for (const r of sorted.slice(1)) {
    if (r.start < lastEnd) return 1; // overlapping: independent calls in parallel
    lastEnd = Math.max(lastEnd, r.end);
  }
  return sorted.length; // strictly one after another: pages, or calls that wait for each other
}

export function longestChain(requests: Timed[], datasets: string[], regions: string[]): { rounds: number; path: string } {
  const opOf = (r: RequestRecord) => `${PREFIX[r.service] ?? r.service}:${r.operation}`;
  const elbFamily = (r: RequestRecord) => (r.service !== 'elasticloadbalancing' ? undefined : r.apiVersion === '2015-12-01' ? 'elbv2' : 'elb');
  const bootstrap = ['sts:GetCallerIdentity', 'ec2:DescribeRegions'].filter((op) => requests.some((r) => opOf(r.rec) === op)).length;
  const memo = new Map<string, { rounds: number; path: string }>();
  const chain = (key: string, region: string): { rounds: number; path: string } => {
    const def = datasetDef(key);
    const where = def.scope === 'global' ? 'global' : region;
    const id = `${key}@${where}`;
    const hit = memo.get(id);
    if (hit) return hit;
    const service = key.split('.')[0]!;
    let own = 0;
    for (const op of def.operations) {
      const reqs = requests.filter(
        (t) => opOf(t.rec) === op && (def.scope === 'global' || t.rec.region === region) && (elbFamily(t.rec) === undefined || elbFamily(t.rec) === service),
      );
      own += rounds(reqs);
    }
    let best = { rounds: 0, path: '' };
    for (const dep of def.dependsOn ?? []) {
      const c = chain(dep, region);
      if (c.rounds > best.rounds) best = c;
    }
    const out = { rounds: best.rounds + own, path: best.path ? `${best.path} -> ${key}(${own})` : `${key}(${own})` };
    memo.set(id, out);
    return out;
  };
  let best = { rounds: 0, path: '' };
  for (const key of datasets) for (const region of regions) {
    const c = chain(key, region);
    if (c.rounds > best.rounds) best = { rounds: c.rounds, path: `${c.path} @${datasetDef(key).scope === 'global' ? 'global' : region}` };
  }
  return { rounds: bootstrap + best.rounds, path: `bootstrap(${bootstrap}) -> ${best.path}` };
}

/** Requests per operation and the time moto took on them (time at the proxy minus the added latency). */
function topOperations(timed: Timed[], latencyMs: number): { operation: string; requests: number; serverMs: number }[] {
  const by = new Map<string, { operation: string; requests: number; serverMs: number }>();
  for (const t of timed) {
    const op = `${PREFIX[t.rec.service] ?? t.rec.service}:${t.rec.operation}`;
    const e = by.get(op) ?? by.set(op, { operation: op, requests: 0, serverMs: 0 }).get(op)!;
    e.requests += 1;
    e.serverMs += Math.max(0, t.end - t.start - latencyMs);
  }
  return [...by.values()].sort((a, b) => b.requests - a.requests);
}

export interface CollectResult {
  seedMs: number;
  seeded: Record<string, number>;
  wallMs: number;
  requests: number;
  calls?: number;
  retries?: number;
  throttled?: number;
  errors?: number;
  notImplemented: string[];
  chainRounds: number;
  chainPath: string;
  concurrency: number;
  boundMs: number;
  ratio: number;
  meanRequestMs: number;
  effectiveConcurrency: number;
  motoCpuS?: number;
  cliCpuMs?: number;
  /** CPU of this process (the fault proxy) during the collection. */
  proxyCpuMs: number;
  /** max(lower bound, moto CPU, aws-tips CPU): what this machine allows (moto serves from one Python process). */
  machineFloorMs: number;
  topOperations: { operation: string; requests: number; serverMs: number }[];
  phases: string;
}

export async function collectBench(opts: CollectOptions): Promise<{ rows: Row[]; result: CollectResult }> {
  mkdirSync(opts.dir, { recursive: true });
  opts.log('collection: starting moto...');
  const moto = await startMoto();
  let proxy: FaultProxy | undefined;
  try {
    const t0 = performance.now();
    opts.log(`collection: seeding ${opts.instances} instances, ${opts.securityGroups} security groups, ${opts.buckets} buckets, ${opts.users} users, ${opts.loadBalancers} load balancers in ${opts.regions.length} regions...`);
    const seeded = await seedLargeAccount(moto.url, opts, { log: opts.log });
    const seedMs = performance.now() - t0;

    proxy = await startFaultProxy({ target: moto.url, latencyMs: opts.latencyMs });
    // moto answers an operation it does not implement with a 500 HTML page, which the SDK retries
    // with backoff up to 8 times; AWS would have answered once. Once an operation has had two such
    // answers (the call and its first retry: a passing moto failure is retried normally), the proxy
    // answers it at once with a non-retryable 400 (reported below).
    const htmlErrors = new Map<string, number>();
    const notImplemented = new Set<string>();
    proxy.inject({ match: (r) => notImplemented.has(`${r.service}:${r.operation}`), fault: { kind: 'status', status: 400, code: 'InvalidAction' } });
    const times = timestamp(proxy, (rec) => {
      if (!rec.notImplemented) return;
      const op = `${rec.service}:${rec.operation}`;
      htmlErrors.set(op, (htmlErrors.get(op) ?? 0) + 1);
      if (htmlErrors.get(op)! >= 2) notImplemented.add(op);
    });

    const out = join(opts.dir, 'collected.json');
    const env: NodeJS.ProcessEnv = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: opts.regions[0], AWS_PROFILE: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_') && !(k in env)) env[k] = '';
    const motoCpu0 = processCpuSeconds(moto.pid);
    const proxyCpu0 = process.cpuUsage();
    opts.log(`collection: aws-tips collect --endpoint-url <proxy, ${opts.latencyMs} ms> --regions ${opts.regions.join(',')} --stats ...`);
    const run = await runNode([BIN, 'collect', '--endpoint-url', proxy.url, '--regions', opts.regions.join(','), '--output', out, '--stats'], { env, cwd: opts.dir, usage: true });
    const motoCpu1 = processCpuSeconds(moto.pid);
    const proxyCpu = process.cpuUsage(proxyCpu0);
    if (run.code !== 0) throw new Error(`aws-tips collect exited ${run.code}: ${run.stderr.slice(-1500)}`);

    const timed: Timed[] = [];
    for (const [rec, t] of times) timed.push({ rec, start: t.start, end: t.end ?? t.start });
    const snapshot = JSON.parse(readFileSync(out, 'utf8')) as Record<string, Record<string, unknown>>;
    const datasets = Object.entries(snapshot)
      .filter(([k]) => k !== 'meta' && k !== 'schemaVersion')
      .flatMap(([service, slice]) => Object.keys(slice).filter((d) => d !== 'errors').map((d) => `${service}.${d}`));
    const chain = longestChain(timed, datasets, opts.regions);
    const concurrency = concurrencyLimit();
    const requests = timed.length;
    const boundMs = Math.max(chain.rounds * opts.latencyMs, (requests * opts.latencyMs) / concurrency);
    const busy = timed.reduce((n, t) => n + (t.end - t.start), 0);
    const first = Math.min(...timed.map((t) => t.start));
    const last = Math.max(...timed.map((t) => t.end));
    const total = /^total\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(run.stderr);
    const phases = /collect \d+ ms · write \d+ ms/.exec(run.stderr)?.[0] ?? '';
    const result: CollectResult = {
      seedMs,
      seeded,
      wallMs: run.wallMs,
      requests,
      ...(total ? { calls: Number(total[1]), retries: Number(total[2]), throttled: Number(total[3]), errors: Number(total[4]) } : {}),
      notImplemented: [...notImplemented].sort(),
      chainRounds: chain.rounds,
      chainPath: chain.path,
      concurrency,
      boundMs,
      ratio: run.wallMs / boundMs,
      meanRequestMs: busy / Math.max(1, requests),
      effectiveConcurrency: busy / Math.max(1, last - first),
      motoCpuS: motoCpu0 !== undefined && motoCpu1 !== undefined ? motoCpu1 - motoCpu0 : undefined,
      cliCpuMs: run.cpuMs,
      proxyCpuMs: (proxyCpu.user + proxyCpu.system) / 1000,
      machineFloorMs: Math.max(boundMs, (motoCpu1 ?? 0) * 1000 - (motoCpu0 ?? 0) * 1000, run.cpuMs ?? 0),
      topOperations: topOperations(timed, opts.latencyMs),
      phases: phases.replace(/ · /g, ', '),
    };
    if (!opts.keep) rmSync(out, { force: true });
    const rows: Row[] = [
      { figure: 'account seeded (through the SDK, straight to moto)', value: Object.entries(seeded).map(([k, v]) => `${v} ${k}`).join(', ') },
      { figure: 'seeding time', value: ms(seedMs) },
      { figure: `collect wall time (all rules, ${opts.regions.length} regions, ${opts.latencyMs} ms per request)`, value: ms(run.wallMs) },
      { figure: 'requests at the proxy (attempts)', value: String(requests) },
      { figure: 'API calls / retries / throttled / errors (--stats)', value: total ? `${result.calls} / ${result.retries} / ${result.throttled} / ${result.errors}` : 'n/a' },
      { figure: 'operations moto answered with a 500 page (then a quick 400)', value: String(result.notImplemented.length) },
      { figure: 'longest chain of dependent calls', value: `${chain.rounds} rounds = ${ms(chain.rounds * opts.latencyMs)}` },
      { figure: `requests x latency / concurrency limit (${concurrency})`, value: ms((requests * opts.latencyMs) / concurrency) },
      { figure: 'lower bound (the larger)', value: ms(boundMs) },
      { figure: 'ratio wall / lower bound', value: `${result.ratio.toFixed(2)}x`, target: '<= 1.5x', verdict: verdict(result.ratio <= 1.5) },
      { figure: 'mean request time at the proxy (latency + moto)', value: ms(result.meanRequestMs) },
      { figure: 'requests in flight on average (first to last request)', value: result.effectiveConcurrency.toFixed(1) },
      { figure: 'moto CPU time during the collection', value: result.motoCpuS === undefined ? 'n/a' : `${result.motoCpuS.toFixed(1)} s` },
      { figure: 'aws-tips CPU time (user + system)', value: result.cliCpuMs === undefined ? 'n/a' : ms(result.cliCpuMs) },
      { figure: 'fault proxy CPU time (this process)', value: ms(result.proxyCpuMs) },
      { figure: 'floor on this machine: max(bound, moto CPU, aws-tips CPU)', value: ms(result.machineFloorMs) },
      { figure: 'ratio wall / floor on this machine', value: `${(run.wallMs / result.machineFloorMs).toFixed(2)}x` },
    ];
    return { rows, result };
  } finally {
    await proxy?.stop();
    await moto.stop();
  }
}
