import { z } from 'zod';
import { defineRule, pass, warn } from '../../src/rule.js';

const BUCKET_ROOT = /^s3[an]?:\/\/[^/]+\/?$/i;
const TERMINATED = new Set(['TERMINATED', 'TERMINATED_WITH_ERRORS']);

/** A Hive step: `hive-script` / `hive` among the arguments (command-runner.jar, or the legacy script-runner path). */
export function isHiveStep(args: readonly string[]): boolean {
  return args.some((a) => a === 'hive' || /(^|\/)hive-script$/.test(a));
}

/** Arguments (or the value side of KEY=VALUE, as in `-d OUTPUT=s3://b/` and `--hiveconf k=v`) that name a bucket root. */
export function bucketRootArgs(args: readonly string[]): string[] {
  return args.filter((a) => BUCKET_ROOT.test(a) || (a.includes('=') && BUCKET_ROOT.test(a.slice(a.indexOf('=') + 1))));
}

export default defineRule({
  id: 'emr-hive-output-s3-prefix',
  section: 'emr',
  tip: 'Specify a directory on S3 for Hive results.',
  title: 'Hive steps write to an S3 prefix, not a bucket root',
  kind: 'heuristic',
  severity: 'info',
  needs: ['emr.clusters', 'emr.steps'],
  options: z.object({
    /** Terminated clusters are looked at when they ended this many days ago or less (collection keeps 30). */
    lookbackDays: z.number().int().min(0).default(14),
  }),
  compliance: [],
  docs: {
    rationale:
      'Early Hive on EMR failed with an unhelpful NullPointerException when told to write results to the root of a ' +
      'bucket. A prefix (s3://bucket/results/) also keeps lifecycle rules, permissions and partitions manageable.',
    checks:
      'Steps of active clusters, and of clusters that terminated within lookbackDays, are read. A step is a Hive ' +
      'step when its arguments contain hive-script or hive (command-runner.jar or the legacy script-runner). An ' +
      'argument, or the value of KEY=VALUE (-d OUTPUT=..., --hiveconf k=v), of the form s3://bucket or ' +
      's3://bucket/ is a WARN at info severity; other Hive steps pass. Locations inside HiveQL scripts are not ' +
      'visible.',
    remediation: 'Pass an output location with a prefix, e.g. -d OUTPUT=s3://my-bucket/hive-results/, and keep table LOCATIONs under prefixes.',
    outdated:
      'Likely obsolete: the NullPointerException came from early Hadoop/Hive on EMR AMIs, and no current AWS source ' +
      'confirms it. Writing under a prefix remains good practice, so the rule stays at info severity.',
    links: [
      'https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-hive.html',
      'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-commandrunner.html',
    ],
  },
  messages: {
    bucketRoot: '{{what}} uses a bucket root ({{roots}}): write Hive results under a prefix such as s3://bucket/results/',
    prefix: '{{what}} uses S3 prefixes',
  },
  *check({ emr }, ctx) {
    const since = ctx.now.getTime() - ctx.options.lookbackDays * 86_400_000;
    const clusters = new Map(emr.clusters.map((c) => [`${c.Region}|${c.Id}`, c]));
    for (const s of emr.steps) {
      const c = clusters.get(`${s.Region}|${s.ClusterId}`);
      const ended = c?.Status?.Timeline?.EndDateTime;
      if (c && TERMINATED.has(c.Status?.State ?? '') && ended && new Date(ended).getTime() < since) continue;
      const args = s.Config?.Args ?? [];
      if (!isHiveStep(args)) continue;
      const roots = bucketRootArgs(args);
      const what = `Hive step "${s.Name ?? s.Id}" (${s.Id}) on ${c?.Name ? `${c.Name} ` : ''}${s.ClusterId}`;
      const evidence = { jar: s.Config?.Jar ?? null, bucketRootArgs: roots, state: s.Status?.State ?? null };
      yield roots.length ? warn(s, 'bucketRoot', { what, roots: roots.join(', ') }, { evidence }) : pass(s, 'prefix', { what }, { evidence });
    }
  },
});
