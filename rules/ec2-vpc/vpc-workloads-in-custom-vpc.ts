import { z } from 'zod';
import { defineRule, fail, info, pass, warn } from '../../src/rule.js';

export default defineRule({
  id: 'vpc-workloads-in-custom-vpc',
  section: 'ec2-vpc',
  tip: 'Use a VPC.',
  title: 'Workloads run in a purpose-built VPC, not EC2-Classic or the default VPC',
  kind: 'automatic',
  severity: 'low',
  needs: ['ec2.accountAttributes', 'ec2.vpcs', 'ec2.instances', 'ec2.networkInterfaces'],
  options: z.object({}),
  compliance: [],
  docs: {
    rationale:
      'A VPC gives network ACLs, egress rules, security groups changeable on running instances and private subnets. ' +
      'Every account is VPC-only now, so the question has become whether workloads sit in a designed VPC or in the ' +
      'default VPC, whose subnets are all public and give instances public IPs.',
    checks:
      'An instance with no VpcId fails (high) as an EC2-Classic remnant; `supported-platforms` listing EC2 is info. ' +
      'A running instance in a default VPC warns; one in another VPC passes. Other in-use network interfaces in a ' +
      'default VPC (load balancers, RDS, Lambda, endpoints...) warn once per VPC. A default VPC with no interface and ' +
      'no instance is info: a candidate for deletion.',
    remediation:
      'Create a VPC with private subnets for workloads (public subnets only for load balancers and NAT) and move ' +
      'workloads into it; delete unused default VPCs after deleting their internet gateway and subnets.',
    cli: 'aws ec2 delete-vpc --vpc-id vpc-...',
    outdated:
      'Outdated as written: EC2-Classic was fully retired in August 2023 and every account is VPC-only. The rule ' +
      'targets use of the default VPC instead, and keeps an EC2-Classic guard.',
    links: [
      'https://aws.amazon.com/blogs/aws/ec2-classic-is-retiring-heres-how-to-prepare/',
      'https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html',
      'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-example-private-subnets-nat.html',
    ],
  },
  messages: {
    classicPlatform: '{{region}} still lists EC2-Classic among supported platforms ({{platforms}})',
    ec2Classic: '{{instance}} has no VPC: an EC2-Classic remnant',
    inDefaultVpc: '{{instance}} runs in the default VPC {{vpc}}: default subnets are public and assign public IPs',
    inCustomVpc: '{{instance}} runs in VPC {{vpc}}, not a default VPC',
    defaultVpcInterfaces: 'default VPC {{vpc}} hosts {{count}} non-instance network interface(s): {{interfaces}}',
    defaultVpcUnused: 'default VPC {{vpc}} is unused: a candidate for deletion',
  },
  *check({ ec2 }, { account }) {
    for (const a of ec2.accountAttributes) {
      if (a.AttributeName !== 'supported-platforms') continue;
      const platforms = (a.AttributeValues ?? []).map((v) => v.AttributeValue).filter(Boolean);
      if (platforms.includes('EC2'))
        yield info(account(a.Region, 'ec2'), 'classicPlatform', { region: a.Region, platforms: platforms.join(', ') }, {
          evidence: { 'supported-platforms': platforms },
        });
    }

    const defaultVpcs = new Map(ec2.vpcs.filter((v) => v.IsDefault === true).map((v) => [`${v.Region}/${v.VpcId}`, v]));
    const used = new Set<string>();
    for (const i of ec2.instances) {
      const state = i.State?.Name;
      if (!i.VpcId) {
        if (state === 'pending' || state === 'running' || state === 'stopped')
          yield fail(i, 'ec2Classic', { instance: i.InstanceId }, { severity: 'high', evidence: { VpcId: null, state } });
        continue;
      }
      const key = `${i.Region}/${i.VpcId}`;
      used.add(key);
      if (state !== 'running') continue;
      const evidence = { VpcId: i.VpcId, SubnetId: i.SubnetId ?? null, defaultVpc: defaultVpcs.has(key) };
      if (defaultVpcs.has(key))
        yield warn(i, 'inDefaultVpc', { instance: i.InstanceId, vpc: i.VpcId }, { evidence });
      else yield pass(i, 'inCustomVpc', { instance: i.InstanceId, vpc: i.VpcId }, { evidence });
    }

    // Other workloads (load balancers, databases, functions, endpoints) show up as network interfaces.
    const others = new Map<string, string[]>();
    for (const n of ec2.networkInterfaces) {
      const vpcId = n.VpcId;
      if (!vpcId) continue;
      const key = `${n.Region}/${vpcId}`;
      used.add(key);
      if (n.Attachment?.InstanceId || n.Status === 'available' || !defaultVpcs.has(key)) continue;
      const list = others.get(key) ?? [];
      list.push(`${n.NetworkInterfaceId} (${n.InterfaceType || 'interface'}${n.Description ? `: ${n.Description}` : ''})`);
      others.set(key, list);
    }
    for (const [key, vpc] of defaultVpcs) {
      const list = others.get(key);
      if (list?.length)
        yield warn(vpc, 'defaultVpcInterfaces', { vpc: vpc.VpcId, count: list.length, interfaces: `${list.slice(0, 5).join(', ')}${list.length > 5 ? ', ...' : ''}` }, {
          evidence: { networkInterfaces: list },
        });
      else if (!used.has(key)) yield info(vpc, 'defaultVpcUnused', { vpc: vpc.VpcId }, { evidence: { VpcId: vpc.VpcId } });
    }
  },
});
