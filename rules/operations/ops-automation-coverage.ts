import { z } from 'zod';
import { classifyInstance, DEFAULT_IAC_TAGS, hasTagSpec, tagValue } from '../../src/aws-model/instances.js';
import { AssociationIndex } from '../../src/aws-model/ssm-targets.js';
import { defineRule, info, pass, warn } from '../../src/rule.js';

const CONFIG_MGMT_TOOLS = ['chef', 'puppet', 'ansible', 'salt'];

export default defineRule({
  id: 'ops-automation-coverage',
  section: 'operations',
  tip: 'Automate everything.',
  title: 'Instances are provisioned as code and configured by automation',
  kind: 'heuristic',
  severity: 'low',
  needs: ['ec2.instances', 'ssm.instanceInformation', 'ssm.associations'],
  options: z.object({
    /** Pass when at least this share of running instances is automated both ways. */
    minCoverage: z.number().min(0).max(1).default(0.8),
    /** Tags ("key" or "key=value") marking an instance as defined in IaC, besides the CloudFormation stack tag. */
    iacTagKeys: z.array(z.string()).default([...DEFAULT_IAC_TAGS]),
    /** Tag naming the configuration-management tool ("key": value chef/puppet/ansible/salt; or "key=value"). */
    configMgmtTag: z.string().default('ManagedBy'),
  }),
  compliance: [
    {
      framework: 'aws-fsbp', control: 'SSM.1', coverage: 'partial',
      note: 'An instance with a Chef/Puppet/Ansible/Salt tag counts as configured without SSM; provisioning as code is also required.',
    },
    {
      framework: 'aws-well-architected', control: 'OPS05-BP03', coverage: 'partial',
      note: 'Checks SSM associations or a config-management tag per instance.',
    },
  ],
  docs: {
    rationale:
      'Recovery, deployment, failover and patching done by hand are slow and error-prone, and need SSH. Instances ' +
      'that are created by code and kept configured by a tool can be rebuilt at any time.',
    checks:
      'Per running instance: provisioning is automated when it is a fleet member or an IaC singleton (a ' +
      'CloudFormation stack tag or one of iacTagKeys); configuration is automated when the SSM agent is Online and a State Manager association ' +
      'targets it (instance id, *, tag or tag-key targets, or an association status on the node), or when ' +
      'configMgmtTag names Chef, Puppet, Ansible or Salt. Coverage = share of instances automated both ways: the ' +
      'account passes at minCoverage, warns below it; uncovered instances warn (info while coverage is met).',
    remediation:
      'Define instances in CloudFormation, CDK or Terraform (better: behind an Auto Scaling group), install the SSM ' +
      'agent with an instance profile allowing AmazonSSMManagedInstanceCore, and associate patching and inventory ' +
      'documents with State Manager.',
    cli: 'aws ssm create-association --name AWS-RunPatchBaseline --targets Key=tag:Patch,Values=true --parameters Operation=Install --schedule-expression "rate(7 days)"',
    outdated: 'Still valid. IaC and Systems Manager State Manager / Patch Manager are the standard mechanisms today.',
    links: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-state.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/managed-instances-default-host-management.html',
      'https://docs.aws.amazon.com/whitepapers/latest/introduction-devops-aws/infrastructure-as-code.html',
    ],
  },
  messages: {
    automated: '{{instance}} is provisioned as code and configuration-managed',
    notAutomated: '{{instance}}: {{missing}}',
    coverageOk: '{{covered}} of {{running}} running instances ({{percent}}%) are automated for provisioning and configuration',
    coverageLow: '{{covered}} of {{running}} running instances ({{percent}}%) are automated for provisioning and configuration, under {{threshold}}%: {{uncovered}}',
  },
  *check({ ec2, ssm }, { options, account }) {
    const nodes = new Map(ssm.instanceInformation.map((n) => [`${n.Region}/${n.InstanceId}`, n]));
    const running = ec2.instances.filter((i) => i.State?.Name === 'running');
    if (running.length === 0) return;
    const cmKey = options.configMgmtTag;
    // Associations indexed per region: each instance is tested only against those that can target it.
    const byRegion = new Map<string, AssociationIndex<(typeof ssm.associations)[number]>>();
    for (const region of new Set(ssm.associations.map((a) => a.Region)))
      byRegion.set(region, new AssociationIndex(ssm.associations.filter((a) => a.Region === region)));
    const results = running.map((i) => {
      const owner = classifyInstance(i, { iacTags: options.iacTagKeys });
      const node = nodes.get(`${i.Region}/${i.InstanceId}`);
      const online = node?.PingStatus === 'Online';
      const counts = Object.values(node?.AssociationOverview?.InstanceAssociationStatusAggregatedCount ?? {});
      const matches = byRegion.get(i.Region)?.matches(i) ?? [];
      const associations = matches.filter((x) => x.m === 'match').map((x) => x.a.AssociationName || x.a.Name || x.a.AssociationId);
      const targeted = associations.length > 0 || !!node?.AssociationStatus || counts.some((n) => n > 0);
      const tool = cmKey.includes('=') ? hasTagSpec(i.Tags, cmKey) : CONFIG_MGMT_TOOLS.includes((tagValue(i.Tags, cmKey) ?? '').toLowerCase());
      const provisioning = owner.ownership !== 'unmanaged';
      const config = (online && targeted) || tool;
      const missing = [
        provisioning ? '' : 'not created by a fleet or IaC',
        config ? '' : !node ? 'not managed by Systems Manager' : !online ? `SSM agent ${node.PingStatus ?? 'not online'}` : 'no State Manager association targets it',
      ].filter(Boolean);
      const evidence = {
        ownership: owner.ownership,
        ssmPingStatus: node?.PingStatus ?? null,
        associations,
        unresolvedAssociations: matches.filter((x) => x.m === 'unresolved').length,
        configMgmtTag: tool,
      };
      return { i, covered: provisioning && config, missing, evidence };
    });
    const covered = results.filter((r) => r.covered).length;
    const ratio = covered / running.length;
    const ok = ratio >= options.minCoverage;
    for (const r of results) {
      if (r.covered) yield pass(r.i, 'automated', { instance: r.i.InstanceId }, { evidence: r.evidence });
      else yield (ok ? info : warn)(r.i, 'notAutomated', { instance: r.i.InstanceId, missing: r.missing.join('; ') }, { evidence: r.evidence });
    }
    const uncovered = results.filter((r) => !r.covered).map((r) => r.i.InstanceId);
    const data = { covered, running: running.length, percent: Math.round(ratio * 100) };
    const evidence = { covered, running: running.length, coverage: Number(ratio.toFixed(3)), minCoverage: options.minCoverage, uncovered };
    if (ok) yield pass(account(), 'coverageOk', data, { evidence });
    else yield warn(account(), 'coverageLow', { ...data, threshold: Math.round(options.minCoverage * 100), uncovered: `${uncovered.slice(0, 10).join(', ')}${uncovered.length > 10 ? ', ...' : ''}` }, { evidence });
  },
});
