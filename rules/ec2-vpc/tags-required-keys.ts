import { z } from 'zod';
import { userTags, type Tags } from '../../src/aws-model/instances.js';
import { defineRule, fail, info, pass, warn, type ResourceLike } from '../../src/rule.js';

const RESOURCE_TYPES = ['instance', 'volume', 'security-group', 's3-bucket', 'load-balancer'] as const;
type ResourceType = (typeof RESOURCE_TYPES)[number];

export default defineRule({
  id: 'tags-required-keys',
  section: 'ec2-vpc',
  tip: 'Use tags!',
  title: 'Resources carry the required tags',
  kind: 'heuristic',
  severity: 'low',
  needs: [
    'ec2.instances', 'ec2.volumes', 'ec2.securityGroups', 's3.bucketTagging',
    'elbv2.loadBalancers', 'elbv2.tags', 'elb.loadBalancers', 'elb.tags',
  ],
  options: z.object({
    /** Tag keys every resource must carry (e.g. ["Name", "env", "owner"]); empty: any user tag will do. */
    requiredTagKeys: z.array(z.string().min(1)).default([]),
    resourceTypes: z.array(z.enum(RESOURCE_TYPES)).default([...RESOURCE_TYPES]),
    caseInsensitive: z.boolean().default(false),
    /** Skip resources AWS creates for you (the default security group of each VPC). */
    excludeDefaultResources: z.boolean().default(true),
  }),
  docs: {
    rationale:
      'Tags organise and find resources, attribute cost, and can drive behaviour (automation, ABAC, env=debug). ' +
      'An untagged resource has no known owner or purpose.',
    checks:
      'Instances, EBS volumes, security groups, S3 buckets and load balancers (ALB/NLB/GWLB and Classic). User tags ' +
      'are tags whose key does not start with "aws:". With `requiredTagKeys` set, FAIL per resource missing any of ' +
      'them (case-sensitive unless `caseInsensitive`); without it, WARN per resource with no user tag at all. One ' +
      'account INFO gives the share of compliant resources per type. Terminated instances are not collected; the ' +
      'default security groups are skipped unless `excludeDefaultResources` is false.',
    remediation:
      'Tag the resources (owner, environment, cost centre), then enforce the keys with an Organizations tag policy ' +
      'and aws:RequestTag conditions in SCPs or IAM policies so new resources cannot be created without them.',
    cli: 'aws ec2 create-tags --resources i-... --tags Key=owner,Value=team-x',
    outdated: 'Still valid; cost allocation tags, ABAC and tag policies make tags more important than in 2014.',
    links: [
      'https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html',
      'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_tag-policies.html',
    ],
  },
  messages: {
    tagged: '{{type}} {{label}} is tagged ({{keys}})',
    missingRequired: '{{type}} {{label}} is missing required {{tagWord}}: {{missing}}',
    untagged: '{{type}} {{label}} has no tags of its own (aws: tags do not count)',
    compliance: 'Resources that {{what}}: {{compliance}}',
  },
  *check(view, { options, account }) {
    const { ec2, s3, elbv2, elb } = view;
    const want = new Set<ResourceType>(options.resourceTypes);
    const resources: { type: ResourceType; ref: ResourceLike; label: string; tags: Tags }[] = [];
    const add = (type: ResourceType, ref: ResourceLike, label: string, tags: Tags) => {
      if (want.has(type)) resources.push({ type, ref, label, tags });
    };
    for (const i of ec2.instances) add('instance', i, i.InstanceId, i.Tags);
    for (const v of ec2.volumes) add('volume', v, v.VolumeId, v.Tags);
    for (const g of ec2.securityGroups)
      if (!(options.excludeDefaultResources && g.GroupName === 'default')) add('security-group', g, `${g.GroupId} (${g.GroupName ?? ''})`, g.Tags);
    for (const b of s3.bucketTagging) add('s3-bucket', b, b.Name, b.TagSet);
    // A load balancer without a tag entry was not described (its DescribeTags failed): not evaluated.
    const v2Tags = new Map(elbv2.tags.map((t) => [t.ResourceArn, t.Tags]));
    for (const lb of elbv2.loadBalancers)
      if (v2Tags.has(lb.LoadBalancerArn)) add('load-balancer', lb, lb.LoadBalancerName ?? lb.LoadBalancerArn, v2Tags.get(lb.LoadBalancerArn));
    const classicTags = new Map(elb.tags.map((t) => [`${t.Region}/${t.LoadBalancerName}`, t.Tags]));
    for (const lb of elb.loadBalancers) {
      const key = `${lb.Region}/${lb.LoadBalancerName}`;
      if (classicTags.has(key)) add('load-balancer', lb, `${lb.LoadBalancerName} (Classic)`, classicTags.get(key));
    }

    const norm = (k: string) => (options.caseInsensitive ? k.toLowerCase() : k);
    const stats = new Map<ResourceType, { ok: number; total: number }>();
    for (const r of resources) {
      const keys = new Set(userTags(r.tags ?? []).map((t) => norm(t.Key!)));
      const missing = options.requiredTagKeys.filter((k) => !keys.has(norm(k)));
      const ok = options.requiredTagKeys.length > 0 ? missing.length === 0 : keys.size > 0;
      const s = stats.get(r.type) ?? { ok: 0, total: 0 };
      stats.set(r.type, { ok: s.ok + (ok ? 1 : 0), total: s.total + 1 });
      const evidence = { type: r.type, userTagKeys: [...keys], ...(missing.length ? { missing } : {}) };
      const what = { type: r.type, label: r.label };
      if (ok) yield pass(r.ref, 'tagged', { ...what, keys: [...keys].join(', ') }, { evidence });
      else if (options.requiredTagKeys.length > 0)
        yield fail(r.ref, 'missingRequired', { ...what, tagWord: missing.length > 1 ? 'tags' : 'tag', missing: missing.join(', ') }, { evidence });
      else yield warn(r.ref, 'untagged', what, { evidence });
    }
    if (stats.size > 0) {
      const parts = RESOURCE_TYPES.filter((t) => stats.has(t)).map((t) => {
        const { ok, total } = stats.get(t)!;
        return `${t} ${ok}/${total} (${Math.round((100 * ok) / total)}%)`;
      });
      const what = options.requiredTagKeys.length ? `carry ${options.requiredTagKeys.join(', ')}` : 'have user tags';
      yield info(account(), 'compliance', { what, compliance: parts.join(', ') }, { evidence: { compliance: Object.fromEntries(stats) } });
    }
  },
});
