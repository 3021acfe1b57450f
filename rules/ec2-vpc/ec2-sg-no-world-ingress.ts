import { z } from 'zod';
import { hasTagSpec } from '../../src/aws-model/instances.js';
import {
  allowsAllPorts,
  attachmentIndex,
  describePermission,
  exposureSubject,
  groupAttachment,
  intervalWithin,
  isWorld,
  normaliseProtocol,
  permissionSources,
  portInterval,
  portRangeText,
  portsIn,
  prefixListIndex,
  revokeIngressCommand,
} from '../../src/aws-model/security-groups.js';
import sshRule from '../operations/ec2-no-ssh-ingress.js';
import { defineRule, fail, info, minSeverity, pass, warn, type Emitted, type Severity } from '../../src/rule.js';

const portSpec = z.union([z.number().int().min(0).max(65535), z.string().regex(/^\d{1,5}(-\d{1,5})?$/, 'a port or "from-to"')]);

export default defineRule({
  id: 'ec2-sg-no-world-ingress',
  section: 'ec2-vpc',
  tip: 'Lock down your security groups.',
  title: 'Security groups do not open ports to the whole internet',
  kind: 'automatic',
  severity: 'high',
  needs: ['ec2.securityGroups', 'ec2.networkInterfaces', 'ec2.managedPrefixLists'],
  options: z.object({
    /** Remote-administration ports: high when open to the world. */
    adminPorts: z.array(portSpec).default([22, 3389, 23, 5900, '5985-5986']),
    /** Database, cache and search ports: high when open to the world. */
    dataPorts: z.array(portSpec).default([3306, 5432, '1433-1434', 1521, '27017-27018', 6379, 11211, '9200-9300', 5601, 9092, '2375-2376']),
    /** Ports that may face the internet, on a load balancer, an AWS-managed interface, or a tagged group. */
    allowedPublicPorts: z.array(portSpec).default([80, 443]),
    /** A group carrying this tag ("key=value" or "key") may serve allowedPublicPorts from instances. */
    allowPublicTag: z.string().default('aws-tips:public=approved'),
  }),
  compliance: [
    {
      framework: 'cis-aws-foundations-3.0', control: '5.4', coverage: 'full',
      note: 'Any ingress or egress rule on the group named default fails, attached or not.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '5.5', coverage: 'full',
      note: 'Any ingress or egress rule on the group named default fails, attached or not.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '6.5', coverage: 'full',
      note: 'Any ingress or egress rule on the group named default fails, attached or not.',
    },
    {
      framework: 'cis-aws-foundations-3.0', control: '5.2', coverage: 'partial',
      note: 'Admin ports and all-traffic rules from 0.0.0.0/0 fail, but 22/3389 are left to ec2-no-ssh-ingress when it runs.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '5.3', coverage: 'partial',
      note: 'Admin ports and all-traffic rules from 0.0.0.0/0 fail, but 22/3389 are left to ec2-no-ssh-ingress when it runs.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '6.3', coverage: 'partial',
      note: 'Admin ports and all-traffic rules from 0.0.0.0/0 fail, but 22/3389 are left to ec2-no-ssh-ingress when it runs.',
    },
    { framework: 'cis-aws-foundations-3.0', control: '5.3', coverage: 'partial', note: 'As for IPv4, for ::/0.' },
    { framework: 'cis-aws-foundations-5.0', control: '5.4', coverage: 'partial', note: 'As for IPv4, for ::/0.' },
    { framework: 'cis-aws-foundations-7.0', control: '6.4', coverage: 'partial', note: 'As for IPv4, for ::/0.' },
    { framework: 'aws-fsbp', control: 'EC2.2', coverage: 'full' },
    {
      framework: 'aws-fsbp', control: 'EC2.18', coverage: 'partial',
      note: 'Same default authorized ports (80, 443); also treats public /8 blocks as the world; tcp 22 is left to ec2-no-ssh-ingress when it runs; ICMP is INFO.',
    },
    {
      framework: 'aws-fsbp', control: 'EC2.19', coverage: 'partial',
      note: 'Fails every non-authorized port from the world, a superset of the high-risk list; tcp 22 is left to ec2-no-ssh-ingress when it runs.',
    },
    {
      framework: 'aws-well-architected', control: 'SEC05-BP02', coverage: 'partial',
      note: 'Checks inbound rules from the internet only; flows between layers are not checked.',
    },
  ],
  docs: {
    rationale:
      'Every port open to 0.0.0.0/0 is reachable by every scanner on the internet. Only the load balancer should face ' +
      'the world; the tiers behind it should allow traffic from the load balancer\'s security group, not from IP ranges.',
    checks:
      'Each ingress source that is 0.0.0.0/0, ::/0, a public block of /8 (IPv6 /16) or wider, or a customer prefix list ' +
      'containing one, is judged per permission: all ports (protocol -1, another protocol number, tcp/udp 0-65535), an ' +
      'adminPorts or dataPorts port: FAIL high; only allowedPublicPorts: PASS when the group is used only by load balancers ' +
      '(InstanceOwnerId amazon-elb, NLB, GWLB) or AWS-managed interfaces (VPC endpoint, API Gateway...), is attached to nothing, ' +
      'or carries allowPublicTag (default aws-tips:public=approved), else WARN low "instance directly exposed"; any other ' +
      'port: FAIL medium. A customer prefix list whose entries could not be read WARNs medium (it may hold 0.0.0.0/0). ICMP from the world is INFO. Only the world sources of a permission are reported, one finding per ' +
      '(permission, source). A group attached to no network interface is capped at low. The group named "default" with any ' +
      'ingress or egress rule FAILs medium (CIS 5.4/5.5), attached or not: its risk is what lands in it later. ' +
      'tcp 22 (and 3389 when its includeRdp is on) are left to ec2-no-ssh-ingress when that rule runs in the same audit, so ' +
      'each exposure is reported once; when it does not run, they are reported here. ' +
      'When the region\'s network interfaces cannot be read, an open group is still reported from the group itself, ' +
      'uncapped and with its attachment "not read"; verdicts that depend on what uses the group (passes, the ' +
      'instance-exposed warning) are withheld. ' +
      'Egress is out of scope except on the default group.',
    remediation:
      'Revoke the rule (the finding evidence carries the exact revoke command) and allow the load balancer\'s security group ' +
      'instead (`--source-group sg-<lb-sg>`). For the default group, remove every rule and give resources their own groups. ' +
      'For shell access use Session Manager rather than an open admin port.',
    cli:
      'aws ec2 revoke-security-group-ingress --group-id sg-... --security-group-rule-ids sgr-...\n' +
      'aws ec2 authorize-security-group-ingress --group-id sg-... --protocol tcp --port 8080 --source-group sg-<lb-sg>',
    outdated:
      'Still valid. The article\'s amazon-elb/amazon-elb-sg source group was EC2-Classic only; today reference the load ' +
      'balancer\'s own security group (ALB, CLB, and NLB since August 2023).',
    links: [
      'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
      'https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html',
    ],
  },
  messages: {
    icmp: '{{name}} allows {{permission}} from {{source}}: ICMP is not a port, but consider limiting it to the types you need',
    allPorts: '{{name}} allows {{permission}} from {{source}}: every port is open; {{where}}',
    noPortRange: '{{name}} allows {{permission}} from {{source}} with no port range recorded; {{where}}',
    sensitivePorts: '{{name}} allows {{permission}} from {{source}} ({{ports}}); {{where}}',
    otherPorts: '{{name}} allows {{permission}} from {{source}}; {{where}}',
    instanceExposed: '{{name}} allows {{permission}} from {{source}}; {{where}}: {{exposed}} on {{portRange}}, front it with a load balancer (or tag the group {{tag}})',
    defaultGroupRules: '{{name}} is a default security group with {{ingress}} ingress and {{egress}} egress rule(s): anything launched without a group lands in it; remove every rule',
    unresolvedList: '{{name}} allows {{permission}} from {{source}}, a prefix list whose entries could not be read: it may include the whole internet, check it by hand; {{where}}',
    closed: '{{name}} opens nothing to the internet',
    closedExcept: '{{name}} opens nothing else to the internet: {{notes}}',
  },
  *check({ ec2 }, { options: o, otherRule, unavailable }) {
    // Ports another rule of this audit reports, so one exposure is not reported twice.
    const ssh = otherRule(sshRule);
    const leftToSsh = ssh ? [22, ...(ssh.options.includeRdp ? [3389] : [])] : [];
    const lists = prefixListIndex(ec2.managedPrefixLists);
    const enis = attachmentIndex(ec2.networkInterfaces);
    for (const sg of ec2.securityGroups) {
      // Without the region's network interfaces, what uses the group is unknown: an open group is still open, so it
      // is reported uncapped (never latent, never "load balancers only"), on the strength of the group itself.
      const unread = unavailable('ec2.networkInterfaces', sg.Region);
      const att = groupAttachment(sg, enis);
      const latent = !unread && att.latent;
      const managedOnly = !unread && att.onlyManagedNonInstance;
      const name = sg.GroupName ? `${sg.GroupId} (${sg.GroupName})` : sg.GroupId;
      const cap = (s: Severity) => (latent ? minSeverity(s, 'low') : s);
      const attachment = unread ? 'attachment not read' : att.summary;
      const where = `${attachment}${latent ? ' (latent: capped at low)' : ''}`;
      const out: Emitted[] = [];
      const notes: string[] = [];
      for (const perm of sg.IpPermissions ?? []) {
        const proto = normaliseProtocol(perm.IpProtocol);
        const interval = portInterval(perm);
        const skipped = proto === 'tcp' ? leftToSsh : [];
        // A customer prefix list that could not be read (or holds an invalid entry) may contain 0.0.0.0/0: never a silent pass.
        for (const s of permissionSources(perm, lists, sg.OwnerId).filter((x) => isWorld(x.class) || (x.class === 'unresolved' && x.type === 'prefix-list'))) {
          const evidence = {
            groupId: sg.GroupId, groupName: sg.GroupName ?? null, protocol: proto, portRange: portRangeText(perm),
            source: s.value, sourceClass: s.class, ...(s.prefixListName ? { prefixListName: s.prefixListName } : {}),
            attachedInstances: unread ? null : att.instanceIds, latent: unread ? null : att.latent, revoke: revokeIngressCommand(sg, perm, s),
          };
          const data = { name, permission: describePermission(perm), source: s.label };
          const subject = exposureSubject(perm, s);
          // Proven by the group (and the prefix list it names): it stands when only the interfaces failed to load.
          const provenBy = s.type === 'prefix-list' ? PROVEN_WITH_LIST : PROVEN;
          if (s.class === 'unresolved') {
            out.push(warn(sg, 'unresolvedList', { ...data, where }, { severity: 'medium', subject, evidence }));
          } else if (proto === 'icmp' || proto === 'icmpv6') {
            out.push(info(sg, 'icmp', data, { severity: 'info', subject, evidence }));
          } else if (allowsAllPorts(perm)) {
            out.push(fail(sg, 'allPorts', { ...data, where }, { severity: cap('high'), subject, evidence, provenBy }));
          } else if (!interval) {
            out.push(fail(sg, 'noPortRange', { ...data, where }, { severity: cap('medium'), subject, evidence, provenBy }));
          } else if (intervalWithin(interval, skipped)) {
            notes.push(`${describePermission(perm)} from ${s.label} is left to ec2-no-ssh-ingress`);
          } else {
            const hits = [...portsIn(interval, o.adminPorts).filter((p) => !skipped.includes(Number(p))).map((p) => `admin port ${p}`),
              ...portsIn(interval, o.dataPorts).map((p) => `data port ${p}`)];
            if (hits.length) {
              out.push(fail(sg, 'sensitivePorts', { ...data, ports: hits.join(', '), where }, { severity: cap('high'), subject, evidence: { ...evidence, ports: hits }, provenBy }));
            } else if (!intervalWithin(interval, [...o.allowedPublicPorts, ...skipped])) {
              out.push(fail(sg, 'otherPorts', { ...data, where }, { severity: cap('medium'), subject, evidence, provenBy }));
            } else if (latent || managedOnly || hasTagSpec(sg.Tags, o.allowPublicTag)) {
              notes.push(`${describePermission(perm)} from ${s.label} is public on purpose (${latent ? 'unattached' : managedOnly ? att.summary : `tagged ${o.allowPublicTag}`})`);
            } else {
              out.push(warn(sg, 'instanceExposed', {
                ...data, where: attachment, exposed: unread ? 'an instance may be directly exposed' : 'instance directly exposed',
                portRange: portRangeText(perm), tag: o.allowPublicTag,
              }, { severity: 'low', subject, evidence }));
            }
          }
        }
      }
      const rules = (sg.IpPermissions ?? []).length + (sg.IpPermissionsEgress ?? []).length;
      if (sg.GroupName === 'default' && rules > 0)
        out.push(fail(sg, 'defaultGroupRules', { name, ingress: sg.IpPermissions?.length ?? 0, egress: sg.IpPermissionsEgress?.length ?? 0 },
          { severity: 'medium', evidence: { groupId: sg.GroupId, vpcId: sg.VpcId ?? null, ingressRules: sg.IpPermissions?.length ?? 0, egressRules: sg.IpPermissionsEgress?.length ?? 0 }, provenBy: PROVEN }));
      yield* out;
      if (!out.some((f) => f.status === 'fail' || f.status === 'warn'))
        yield notes.length
          ? pass(sg, 'closedExcept', { name, notes: notes.join('; ') }, { evidence: { groupId: sg.GroupId, groupName: sg.GroupName ?? null } })
          : pass(sg, 'closed', { name }, { evidence: { groupId: sg.GroupId, groupName: sg.GroupName ?? null } });
    }
  },
});

const PROVEN = ['ec2.securityGroups'] as const;
const PROVEN_WITH_LIST = ['ec2.securityGroups', 'ec2.managedPrefixLists'] as const;
