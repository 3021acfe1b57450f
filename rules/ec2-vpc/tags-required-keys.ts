import { z } from 'zod';
import { readTags, unreadParts, userTagKeys, type Item } from '../../src/aws-model/tags.js';
import { defineRule, error, fail, info, pass, resourceRef, warn } from '../../src/rule.js';
import type { DatasetKey } from '../../src/snapshot/registry.js';

/** Each resource type the rule can judge, and the datasets its resources are in (their tags: as each dataset declares). */
const TYPES = {
  instance: ['ec2.instances'],
  volume: ['ec2.volumes'],
  'security-group': ['ec2.securityGroups'],
  vpc: ['ec2.vpcs'],
  subnet: ['ec2.subnets'],
  'network-interface': ['ec2.networkInterfaces'],
  'elastic-ip': ['ec2.addresses'],
  's3-bucket': ['s3.bucketTagging'],
  'load-balancer': ['elbv2.loadBalancers', 'elb.loadBalancers'],
  'target-group': ['elbv2.targetGroups'],
  'rds-instance': ['rds.dbInstances'],
  'rds-cluster': ['rds.dbClusters'],
  'autoscaling-group': ['autoscaling.groups'],
  elasticache: ['elasticache.replicationGroups', 'elasticache.cacheClusters'],
  'cloudfront-distribution': ['cloudfront.distributions'],
  'route53-zone': ['route53.hostedZones'],
  'iam-user': ['iam.users'],
  'iam-role': ['iam.roles'],
  trail: ['cloudtrail.trails'],
  'emr-cluster': ['emr.clusters'],
  alarm: ['cloudwatch.alarms'],
} as const satisfies Record<string, readonly DatasetKey[]>;
type ResourceType = keyof typeof TYPES;
const TYPE_NAMES = Object.keys(TYPES) as [ResourceType, ...ResourceType[]];
/** The catalogue's types and Elastic IPs (they cost money while unused): the other types are opt-in. */
const DEFAULT_TYPES: ResourceType[] = [
  'instance', 'volume', 'security-group', 'vpc', 'elastic-ip', 's3-bucket', 'load-balancer',
  'rds-instance', 'rds-cluster', 'autoscaling-group',
];

/** Resources AWS creates for you (skipped under excludeDefaultResources). */
const AWS_CREATED: Partial<Record<DatasetKey, (i: Item) => boolean>> = {
  'ec2.securityGroups': (g) => g.GroupName === 'default',
  'ec2.vpcs': (v) => v.IsDefault === true,
  'ec2.subnets': (s) => s.DefaultForAz === true,
  'ec2.networkInterfaces': (n) => n.RequesterManaged === true,
  'iam.roles': (r) => /^\/aws-(service-role|reserved)\//.test(String(r.Path ?? '')),
};
/** Items that are not a resource of their own here: a replication group's member nodes, another account's trail. */
const NOT_OWN: Partial<Record<DatasetKey, (i: Item, account: string) => boolean>> = {
  'elasticache.cacheClusters': (c) => typeof c.ReplicationGroupId === 'string' && c.ReplicationGroupId !== '',
  'cloudtrail.trails': (t, account) => t.Arn.split(':')[4] !== account,
};
const NEEDS = [
  'ec2.instances', 'ec2.volumes', 'ec2.securityGroups', 'ec2.vpcs', 'ec2.addresses', 's3.bucketTagging',
  'elbv2.loadBalancers', 'elbv2.tags', 'elb.loadBalancers', 'elb.tags',
  'rds.dbInstances', 'rds.dbClusters', 'autoscaling.groups',
] as const;
const LABEL: Partial<Record<DatasetKey, (i: Item, id: string) => string>> = {
  'ec2.securityGroups': (g, id) => `${id} (${String(g.GroupName ?? '')})`,
  'elb.loadBalancers': (_lb, id) => `${id} (Classic)`,
};

export default defineRule({
  id: 'tags-required-keys',
  section: 'ec2-vpc',
  tip: 'Use tags!',
  title: 'Resources carry the required tags',
  kind: 'heuristic',
  severity: 'low',
  // The default types: a failed read is the engine's error finding, as in every rule.
  needs: NEEDS,
  // The opt-in types: a failed read is an error (this rule's own, below) only when the type is selected.
  optionalNeeds: [
    'ec2.subnets', 'ec2.networkInterfaces', 'elbv2.targetGroups', 'elbv2.targetGroupTags',
    'elasticache.cacheClusters', 'elasticache.cacheClusterTags', 'elasticache.replicationGroups', 'elasticache.replicationGroupTags',
    'cloudfront.distributions', 'cloudfront.distributionTags', 'route53.hostedZones', 'route53.hostedZoneTags',
    'iam.users', 'iam.userDetails', 'iam.roles', 'iam.roleTags', 'cloudtrail.trails', 'cloudtrail.trailTags',
    'emr.clusters', 'emr.clusterTags', 'cloudwatch.alarms', 'cloudwatch.alarmTags', 'organizations.tagPolicies',
  ],
  options: z.object({
    /** Tag keys every resource must carry (e.g. ["Name", "env", "owner"]); empty: any user tag will do. */
    requiredTagKeys: z.array(z.string().min(1)).default([]),
    /** Which resource types are judged (default: the catalogue's types and Elastic IPs). */
    resourceTypes: z.array(z.enum(TYPE_NAMES)).default(DEFAULT_TYPES),
    caseInsensitive: z.boolean().default(false),
    /** Skip resources AWS creates for you: default VPCs, subnets and security groups, requester-managed interfaces, service roles. */
    excludeDefaultResources: z.boolean().default(true),
  }),
  compliance: [
    {
      framework: 'aws-well-architected', control: 'COST03-BP02', coverage: 'partial',
      note: 'Checks required tag keys on five resource types; the tagging schema itself is not judged.',
    },
  ],
  docs: {
    rationale:
      'Tags organise and find resources, attribute cost, and can drive behaviour (automation, ABAC, env=debug). ' +
      'An untagged resource has no known owner or purpose.',
    checks:
      'Resource types (`resourceTypes`): instance, volume, security-group, vpc, elastic-ip, s3-bucket, load-balancer ' +
      '(ALB/NLB/GWLB and Classic), rds-instance, rds-cluster and autoscaling-group by default (the group itself, ' +
      'not its instances: they carry its tags only with PropagateAtLaunch); opt-in: subnet, network-interface, ' +
      'target-group, elasticache (replication groups and standalone nodes), cloudfront-distribution, route53-zone, ' +
      'iam-user, iam-role, trail (this account\'s), emr-cluster, alarm. Tags are read where each dataset declares ' +
      'them (the resource\'s own Tags, or a tag call such as DescribeTags or ListTagsForResource). User tags are ' +
      'tags whose key does not start with "aws:". With `requiredTagKeys` set, FAIL per resource missing any of ' +
      'them (case-sensitive unless `caseInsensitive`); without it, WARN per resource with no user tag at all. One ' +
      'account INFO gives the share of compliant resources per type. Resources whose tags could not be read are ' +
      'ERROR, never judged. Terminated instances are not collected; default VPCs, subnets and security groups, ' +
      'requester-managed interfaces and service-linked / IAM Identity Center roles are skipped unless ' +
      '`excludeDefaultResources` is false. In an organization, one INFO says whether tag policies exist ' +
      '(ListPolicies TAG_POLICY). ListPolicies answers only the management account and delegated administrators ' +
      '(API reference), so in another member account the INFO says they cannot be read from it (not an error); ' +
      'a denied call in the management account is a collection error. Note: the data of every type is collected ' +
      'whenever this rule runs, selected or not (needs do not depend on options).',
    remediation:
      'Tag the resources (owner, environment, cost centre), then enforce the keys with an Organizations tag policy ' +
      'and aws:RequestTag conditions in SCPs or IAM policies so new resources cannot be created without them.',
    cli: 'aws ec2 create-tags --resources i-... --tags Key=owner,Value=team-x',
    outdated: 'Still valid; cost allocation tags, ABAC and tag policies make tags more important than in 2014.',
    links: [
      'https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html',
      'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_tag-policies.html',
      'https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPolicies.html',
    ],
  },
  messages: {
    tagged: '{{type}} {{label}} is tagged ({{keys}})',
    missingRequired: '{{type}} {{label}} is missing required {{tagWord}}: {{missing}}',
    untagged: '{{type}} {{label}} has no tags of its own (aws: tags do not count)',
    compliance: 'Resources that {{what}}: {{compliance}}',
    tagsUnread: '{{type}} {{label}} not checked: its tags could not be read',
    listUnread: '{{type}} resources in {{region}} not checked: {{dataset}} could not be read',
    notCollected: '{{type}} resources not checked: the snapshot has no {{dataset}}',
    tagPolicies: 'The organization has {{count}} tag {{policyWord}} ({{names}})',
    noTagPolicy: 'The organization has no tag policy: required keys are not enforced at creation',
    tagPoliciesNotReadable: 'Tag policies cannot be read from this account (ListPolicies answers only the management account and delegated administrators)',
  },
  *check(view, ctx) {
    const { options, account } = ctx;
    const required = new Set<string>(NEEDS);
    const norm = (k: string) => (options.caseInsensitive ? k.toLowerCase() : k);
    const stats = new Map<ResourceType, { ok: number; total: number }>();
    for (const type of TYPE_NAMES.filter((t) => options.resourceTypes.includes(t))) {
      for (const key of TYPES[type] as readonly DatasetKey[]) {
        const rows = readTags(view, key);
        const optional = !required.has(key);
        if (!rows) {
          yield error(account(), 'notCollected', { type, dataset: key }, { subject: key });
          continue;
        }
        const unread = optional ? unreadParts(view, key, ctx) : { regions: [], tagsFailed: false };
        for (const region of unread.regions) yield error(account(region), 'listUnread', { type, region, dataset: key }, { subject: key });
        for (const { item, tags } of rows) {
          if (NOT_OWN[key]?.(item, ctx.meta.accountId) || (options.excludeDefaultResources && AWS_CREATED[key]?.(item))) continue;
          const id = resourceRef(item).id;
          const what = { type, label: LABEL[key]?.(item, id) ?? id };
          // No tag entry: the tag read failed (an error of its own, the engine's for required data) or the
          // resource went away between the two calls. Either way it is not judged.
          if (tags === null) {
            if (unread.tagsFailed) yield error(item, 'tagsUnread', what);
            continue;
          }
          const keys = new Set(userTagKeys(tags).map(norm));
          const missing = options.requiredTagKeys.filter((k) => !keys.has(norm(k)));
          const ok = options.requiredTagKeys.length > 0 ? missing.length === 0 : keys.size > 0;
          const s = stats.get(type) ?? { ok: 0, total: 0 };
          stats.set(type, { ok: s.ok + (ok ? 1 : 0), total: s.total + 1 });
          const evidence = { type, userTagKeys: [...keys], ...(missing.length ? { missing } : {}) };
          if (ok) yield pass(item, 'tagged', { ...what, keys: [...keys].join(', ') }, { evidence });
          else if (options.requiredTagKeys.length > 0)
            yield fail(item, 'missingRequired', { ...what, tagWord: missing.length > 1 ? 'tags' : 'tag', missing: missing.join(', ') }, { evidence });
          else yield warn(item, 'untagged', what, { evidence });
        }
      }
    }
    if (stats.size > 0) {
      const parts = TYPE_NAMES.filter((t) => stats.has(t)).map((t) => {
        const { ok, total } = stats.get(t)!;
        return `${t} ${ok}/${total} (${Math.round((100 * ok) / total)}%)`;
      });
      const what = options.requiredTagKeys.length ? `carry ${options.requiredTagKeys.join(', ')}` : 'have user tags';
      yield info(account(), 'compliance', { what, compliance: parts.join(', ') }, { evidence: { compliance: Object.fromEntries(stats) } });
    }
    // Standalone account (null) or not collected: nothing to say about tag policies.
    const org = view.organizations.tagPolicies;
    if (org?.Policies === null) yield info(account(), 'tagPoliciesNotReadable', {}, { subject: 'tag-policies' });
    else if (org?.Policies?.length === 0) yield info(account(), 'noTagPolicy', {}, { subject: 'tag-policies' });
    else if (org?.Policies) {
      const names = org.Policies.map((p) => p.Name ?? p.Id ?? '?');
      yield info(account(), 'tagPolicies', { count: names.length, policyWord: names.length > 1 ? 'policies' : 'policy', names: names.join(', ') }, {
        subject: 'tag-policies',
        evidence: { tagPolicies: org.Policies.map((p) => ({ Id: p.Id, Name: p.Name })) },
      });
    }
  },
});
