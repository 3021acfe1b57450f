import { z } from 'zod';
import { groupBy } from '../../src/aws-model/memo.js';
import { defineRule, fail, info, pass, warn } from '../../src/rule.js';
import { QUOTA_SERVICE_CODES } from '../../src/snapshot/services/servicequotas.js';

const COLLECTED: readonly string[] = QUOTA_SERVICE_CODES;

export default defineRule({
  id: 'quotas-headroom',
  section: 'misc',
  tip: 'Be aware of AWS service limits before you deploy.',
  title: 'Service quotas have headroom over current usage',
  kind: 'heuristic',
  severity: 'medium',
  needs: ['servicequotas.quotas', 'ec2.addresses', 'ec2.vpcs', 'elbv2.loadBalancers'],
  options: z.object({
    /** Service codes to evaluate, among those whose quotas are collected (the default: all of them). */
    serviceCodes: z
      .array(
        z.string().superRefine((code, ctx) => {
          if (!COLLECTED.includes(code))
            ctx.addIssue({ code: 'custom', message: `"${code}" is not collected: quotas are collected for ${COLLECTED.join(', ')} only` });
        }),
      )
      .default([...QUOTA_SERVICE_CODES]),
    /** Warn (low) at or above this utilisation, in percent. */
    warnPct: z.number().min(0).max(100).default(75),
    /** Fail (medium) at or above this utilisation, in percent. */
    failPct: z.number().min(0).max(100).default(90),
  }).superRefine((o, ctx) => {
    if (o.warnPct > o.failPct)
      ctx.addIssue({ code: 'custom', path: ['warnPct'], message: `warnPct (${o.warnPct}) is above failPct (${o.failPct}): the warning threshold must not exceed the failure threshold` });
  }),
  compliance: [
    {
      framework: 'aws-well-architected', control: 'REL01-BP04', coverage: 'partial',
      note: 'Measures usage against applied quotas for selected services; planned growth is not known.',
    },
  ],
  docs: {
    rationale:
      'Quotas surface at deploy time, when a launch or a scale-out fails, and some increases take days. Knowing which ' +
      'quotas are close to their limit lets you ask before you need it.',
    checks:
      'For the quotas of serviceCodes with a measurable usage: the peak of the quota\'s AWS/Usage metric over the last ' +
      '24 hours, or a direct count for quotas without one (Elastic IPs L-0263D0A3, VPCs per region L-F678F1CE, ALBs ' +
      'per region L-53DA6B97). Utilisation = usage / applied value: fail at failPct, warn at warnPct, pass below. ' +
      'Account-wide quotas (GlobalQuota) are evaluated once. One info finding counts the measured adjustable quotas ' +
      'still at their AWS default. Whether a planned deployment fits is not knowable from the account.',
    remediation:
      'Request increases ahead of launches (Service Quotas console or CLI) and alarm on utilisation with a CloudWatch ' +
      'alarm on SERVICE_QUOTA metric math; note that L-1216C47A (running On-Demand standard instances) counts vCPUs.',
    cli: 'aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-1216C47A --desired-value <n>',
    outdated:
      'Still valid; the mechanism is modern: Service Quotas (2019) exposes quotas and usage by API and raises many ' +
      'automatically. The old per-instance-count limits are replaced by vCPU-based quotas.',
    links: [
      'https://docs.aws.amazon.com/servicequotas/latest/userguide/intro.html',
      'https://docs.aws.amazon.com/servicequotas/latest/userguide/configure-cloudwatch.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-resource-limits.html',
    ],
  },
  messages: {
    nearlyExhausted: '{{quota}} ({{key}}) {{where}}: {{usage}} of {{value}} used ({{pct}}%): at or above {{threshold}}%, request an increase now',
    nearLimit: '{{quota}} ({{key}}) {{where}}: {{usage}} of {{value}} used ({{pct}}%): at or above {{threshold}}%',
    headroom: '{{quota}} ({{key}}) {{where}}: {{usage}} of {{value}} used ({{pct}}%)',
    atDefault:
      '{{count}} of {{measured}} measured adjustable quotas are still at the AWS default (nobody has planned capacity for them): {{quotas}}',
  },
  *check({ servicequotas, ec2, elbv2 }, { options, account }) {
    // Each list grouped by region once (groupBy is memoized per list): linear in the resources, whatever the quotas.
    const count = <T>(byRegion: ReadonlyMap<string, T[]>, region: string) => byRegion.get(region)?.length ?? 0;
    const fallback: Record<string, (region: string) => number> = {
      'ec2/L-0263D0A3': (r) => count(groupBy(ec2.addresses, 'Region', (a) => a.Region), r),
      'vpc/L-F678F1CE': (r) => count(groupBy(ec2.vpcs, 'Region', (v) => v.Region), r),
      'elasticloadbalancing/L-53DA6B97': (r) =>
        count(groupBy(elbv2.loadBalancers, 'application by Region', (lb) => (lb.Type === 'application' ? lb.Region : undefined)), r),
    };
    const seenGlobal = new Set<string>();
    let measured = 0;
    const atDefault: string[] = [];
    for (const q of servicequotas.quotas) {
      if (!options.serviceCodes.includes(q.ServiceCode)) continue;
      const key = `${q.ServiceCode}/${q.QuotaCode}`;
      if (q.GlobalQuota) {
        if (seenGlobal.has(key)) continue;
        seenGlobal.add(key);
      }
      const count = fallback[key];
      const usage = q.Usage?.Value ?? (count ? count(q.Region) : undefined);
      if (usage === undefined || q.Value === undefined || q.Value === null) continue;
      if (q.Value <= 0 && usage <= 0) continue;
      measured += 1;
      if (q.Adjustable && q.DefaultValue !== undefined && q.DefaultValue !== null && q.Value === q.DefaultValue)
        atDefault.push(`${q.QuotaName ?? key}${q.GlobalQuota ? '' : ` (${q.Region})`}`);
      const pct = q.Value > 0 ? (usage / q.Value) * 100 : Infinity;
      const data = {
        quota: q.QuotaName ?? q.QuotaCode,
        key,
        where: q.GlobalQuota ? 'account-wide' : `in ${q.Region}`,
        usage: round(usage),
        value: round(q.Value),
        pct: Number.isFinite(pct) ? Math.round(pct) : '∞',
      };
      const evidence = {
        usage: round(usage),
        Value: q.Value,
        DefaultValue: q.DefaultValue ?? null,
        utilisationPct: Number.isFinite(pct) ? Math.round(pct * 10) / 10 : null,
        usageSource: q.Usage?.Value !== undefined ? `AWS/Usage peak over 24h (${q.Usage.Statistic ?? 'Maximum'})` : 'resource count',
        Adjustable: q.Adjustable ?? null,
      };
      // The dataset's identity reports a GlobalQuota in region "global", whichever region listed it.
      if (pct >= options.failPct) yield fail(q, 'nearlyExhausted', { ...data, threshold: options.failPct }, { evidence });
      else if (pct >= options.warnPct) yield warn(q, 'nearLimit', { ...data, threshold: options.warnPct }, { severity: 'low', evidence });
      else yield pass(q, 'headroom', data, { evidence });
    }
    if (atDefault.length)
      yield info(
        account(),
        'atDefault',
        { count: atDefault.length, measured, quotas: `${atDefault.slice(0, 8).join(', ')}${atDefault.length > 8 ? ', ...' : ''}` },
        { evidence: { atDefault } },
      );
  },
});

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
