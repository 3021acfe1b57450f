import { z } from 'zod';
import { tagValue } from '../../src/aws-model/instances.js';
import { defineRule, info, pass, warn, type ResourceLike } from '../../src/rule.js';
import { compileRegex, safeRegex } from '../../src/safe-regex.js';

const TYPES = ['securityGroup', 'instance', 'role', 'user', 'bucket', 'loadBalancer', 'autoScalingGroup', 'dbInstance'] as const;
type ResourceType = (typeof TYPES)[number];
const SERVICE: Record<ResourceType, string> = {
  securityGroup: 'ec2', instance: 'ec2', role: 'iam', user: 'iam', bucket: 's3', loadBalancer: 'elasticloadbalancing',
  autoScalingGroup: 'autoscaling', dbInstance: 'rds',
};

/** Name styles; a single lowercase word fits every lowercase style, a single capitalised word fits PascalCase. */
const STYLES: [string, RegExp][] = [
  ['kebab-case', /^[a-z0-9]+(-[a-z0-9]+)+$/],
  ['snake_case', /^[a-z0-9]+(_[a-z0-9]+)+$/],
  ['dot.case', /^[a-z0-9]+(\.[a-z0-9]+)+$/],
  ['camelCase', /^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$/],
  ['PascalCase', /^[A-Z][a-z0-9]*([A-Z][a-z0-9]*)+$/],
];
function fits(name: string, [style, re]: [string, RegExp]): boolean {
  if (re.test(name)) return true;
  return style === 'PascalCase' ? /^[A-Z][a-z0-9]*$/.test(name) : /^[a-z0-9]+$/.test(name);
}

/** Names AWS generates: never the account's convention. */
const AWS_ROLE_PATHS = ['/aws-service-role/', '/aws-reserved/', '/service-role/'];
const AWS_ROLE_NAMES = /^(AWSServiceRoleFor|AWSReservedSSO_|AWSControlTower|aws-controltower-|OrganizationAccountAccessRole$)/;
const MIN_NAMES = 3;


export default defineRule({
  id: 'naming-convention',
  section: 'misc',
  tip: 'Decide on a naming convention early, and stick to it.',
  title: 'Resource names follow one convention',
  kind: 'heuristic',
  severity: 'info',
  needs: ['ec2.securityGroups', 'ec2.instances', 'iam.roles', 'iam.users', 's3.buckets', 'elbv2.loadBalancers', 'autoscaling.groups', 'rds.dbInstances'],
  options: z.object({
    /** Regex per resource type (securityGroup, instance, role, user, bucket, loadBalancer, autoScalingGroup, dbInstance). */
    patterns: z.partialRecord(z.enum(TYPES), safeRegex()).default({}),
    /** Without a pattern, the share of names that must fit the type's most common style. */
    minConsistency: z.number().min(0).max(1).default(0.8),
  }),
  compliance: [],
  docs: {
    rationale:
      'Some names cannot be changed later (security groups, buckets, load balancers, DB identifiers). Names that ' +
      'follow one convention say what a resource is, which environment and team it belongs to, and make policies ' +
      'and automation by name prefix possible.',
    checks:
      'Names: security group GroupName, instance Name tag, RoleName, UserName, bucket Name, load balancer, Auto ' +
      'Scaling group and DB instance names. AWS-generated names are left out (the default security group; ' +
      'roles under /aws-service-role/, /aws-reserved/ and /service-role/, AWSServiceRoleFor*, AWSReservedSSO_*, ' +
      'Control Tower and OrganizationAccountAccessRole); launch-wizard-N security groups are INFO (made by the ' +
      'console). With a configured pattern for a type, each name PASSes or WARNs. Without one, the type\'s most ' +
      'common style (kebab-case, snake_case, dot.case, camelCase, PascalCase) is found: the type PASSes when at ' +
      'least minConsistency of its names fit it, otherwise each name that does not fit WARNs; types with fewer ' +
      `than ${MIN_NAMES} names are not judged. All findings are severity info.`,
    remediation:
      'Write the convention down (e.g. <env>-<app>-<role>, lowercase kebab-case), configure it as ' +
      'rules.naming-convention.patterns so this rule enforces it, name new resources by it, and rename or replace ' +
      'outliers when they are next rebuilt. Use tags for what names cannot carry.',
    outdated: 'Valid. More resources can be renamed than in 2014, but security groups, buckets and DB identifiers still cannot.',
    links: [
      'https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/tagging-best-practices.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-security-groups.html',
    ],
  },
  messages: {
    launchWizard: '{{name}} ({{id}}) was created by the console launch wizard: replace it with a named group',
    noPatterns:
      'no naming patterns configured (rules.naming-convention.patterns): judging each resource type by its most common name style',
    matchesPattern: '{{type}} {{name}} matches {{pattern}}',
    breaksPattern: '{{type}} {{name}} does not match the configured pattern {{pattern}}',
    consistent: '{{fit}} of {{count}} {{type}} names ({{pct}}) follow {{style}}',
    breaksStyle: '{{type}} {{name}} does not follow {{style}}, the most common style of {{type}} names (only {{pct}} of {{count}} follow it)',
  },
  *check({ ec2, iam, s3, elbv2, autoscaling, rds }, { options, account }) {
    const named: { type: ResourceType; name: string; res: ResourceLike }[] = [];
    const add = (type: ResourceType, name: string | null | undefined, res: ResourceLike) => { if (name) named.push({ type, name, res }); };
    for (const g of ec2.securityGroups) {
      if (g.GroupName === 'default') continue;
      if (/^launch-wizard-\d+$/.test(g.GroupName ?? '')) yield info(g, 'launchWizard', { name: g.GroupName, id: g.GroupId });
      else add('securityGroup', g.GroupName, g);
    }
    for (const i of ec2.instances) add('instance', tagValue(i.Tags, 'Name'), i);
    for (const r of iam.roles) if (!AWS_ROLE_PATHS.some((p) => r.Path?.startsWith(p)) && !AWS_ROLE_NAMES.test(r.RoleName)) add('role', r.RoleName, r);
    for (const u of iam.users) add('user', u.UserName, u);
    for (const b of s3.buckets) add('bucket', b.Name, b);
    for (const lb of elbv2.loadBalancers) add('loadBalancer', lb.LoadBalancerName, lb);
    for (const g of autoscaling.groups) add('autoScalingGroup', g.AutoScalingGroupName, g);
    for (const d of rds.dbInstances) add('dbInstance', d.DBInstanceIdentifier, d);

    const configured = Object.keys(options.patterns).length > 0;
    if (!configured) yield info(account(), 'noPatterns');
    for (const type of TYPES) {
      const items = named.filter((n) => n.type === type);
      const pattern = options.patterns[type];
      if (pattern !== undefined) {
        const re = compileRegex(pattern); // RE2: linear time whatever the pattern (src/safe-regex.ts)
        for (const n of items)
          yield re.test(n.name)
            ? pass(n.res, 'matchesPattern', { type, name: n.name, pattern })
            : warn(n.res, 'breaksPattern', { type, name: n.name, pattern }, { severity: 'info', evidence: { name: n.name, pattern } });
        continue;
      }
      if (items.length < MIN_NAMES) continue;
      const counts = STYLES.map((s) => ({ style: s, n: items.filter((i) => fits(i.name, s)).length }));
      const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
      const share = best.n / items.length;
      const outliers = items.filter((i) => !fits(i.name, best.style));
      const pct = `${Math.round(share * 100)}%`;
      const evidence = { style: best.style[0], share: Math.round(share * 100) / 100, names: items.length, outliers: outliers.map((o) => o.name).slice(0, 20) };
      if (share >= options.minConsistency)
        // Two types can share a service (security groups and instances are both ec2): the type is the subject.
        yield pass(account('global', SERVICE[type]), 'consistent', { fit: best.n, count: items.length, type, pct, style: best.style[0] }, { subject: type, evidence });
      else
        for (const o of outliers)
          yield warn(o.res, 'breaksStyle', { type, name: o.name, style: best.style[0], pct, count: items.length }, { severity: 'info', evidence });
    }
  },
});
