/** Part 3: cold start of the built CLI, median of N runs (each a fresh `node bin/aws-tips.js` process). */
import { BIN, median, ms, runNode, verdict, type Row } from './util.js';

export interface ColdStartOptions {
  runs: number;
  log: (s: string) => void;
}

async function timed(args: string[], runs: number, expectCode: number): Promise<{ median: number; min: number; cpu: number }> {
  const walls: number[] = [];
  const cpus: number[] = [];
  // One warm-up run fills the OS file cache; it is not counted.
  for (let i = 0; i <= runs; i++) {
    const r = await runNode([BIN, ...args], { usage: i > 0 });
    if (r.code !== expectCode) throw new Error(`aws-tips ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    if (i > 0) {
      walls.push(r.wallMs);
      cpus.push(r.cpuMs ?? NaN);
    }
  }
  return { median: median(walls), min: Math.min(...walls), cpu: median(cpus) };
}

export async function coldStart(opts: ColdStartOptions): Promise<{ rows: Row[]; data: Record<string, number> }> {
  opts.log(`cold start: ${opts.runs} runs of each command...`);
  const version = await timed(['--version'], opts.runs, 0);
  const rules = await timed(['rules', '--format', 'json'], opts.runs, 0);
  const demo = await timed(['audit', '--demo', '--format', 'json'], opts.runs, 1);
  return {
    rows: [
      { figure: 'aws-tips --version (median wall)', value: ms(version.median), target: '< 150 ms', verdict: verdict(version.median < 150) },
      { figure: '  min wall / median CPU', value: `${ms(version.min)} / ${ms(version.cpu)}` },
      { figure: 'aws-tips rules --format json (median wall)', value: ms(rules.median) },
      { figure: 'aws-tips audit --demo --format json (median wall)', value: ms(demo.median), target: '< 1 s', verdict: verdict(demo.median < 1000) },
      { figure: '  min wall / median CPU', value: `${ms(demo.min)} / ${ms(demo.cpu)}` },
    ],
    data: { versionMs: version.median, rulesMs: rules.median, demoMs: demo.median },
  };
}
