import { z } from 'zod';
import {
  attachmentIndex,
  cidrWithin,
  classifyCidr,
  coversTcpPort,
  describePermission,
  groupAttachment,
  normaliseProtocol,
  permissionSources,
  portRangeText,
  prefixListIndex,
  revokeIngressCommand,
  type GroupAttachment,
  type Source,
} from '../../src/aws-model/security-groups.js';
import { defineRule, fail, info, minSeverity, pass, warn, type Emitted, type Severity } from '../../src/rule.js';
import type { IpPermission } from '../../src/snapshot/services/ec2.js';
import { compileGlob, safeGlob } from '../../src/safe-regex.js';

type Options = { strict: boolean; allowedCidrs: string[]; allowedPrefixListNames: string[] };

/** The verdict on one source of SSH/RDP, before the attachment caps it. */
function judge(s: Source, o: Options): { status: 'pass' | 'fail' | 'warn'; severity: Severity; why: string } {
  if (s.type === 'cidr' && o.allowedCidrs.some((a) => cidrWithin(s.value, a)))
    return { status: 'pass', severity: 'info', why: 'allowed by allowedCidrs' };
  if (s.prefixListName && o.allowedPrefixListNames.some((p) => compileGlob(p)(s.prefixListName!)))
    return { status: 'pass', severity: 'info', why: 'allowed by allowedPrefixListNames' };
  switch (s.class) {
    case 'world': return { status: 'fail', severity: 'high', why: 'the whole internet' };
    case 'world-like': return { status: 'fail', severity: 'medium', why: 'a very wide public range' };
    case 'public': return { status: 'fail', severity: 'medium', why: 'public addresses' };
    case 'aws-service:eic': return { status: 'pass', severity: 'info', why: 'EIC only' };
    case 'unresolved': return { status: 'warn', severity: 'medium', why: 'a source that could not be resolved (check it by hand)' };
    default: // private, sg-ref, other AWS service lists
      return o.strict
        ? { status: 'fail', severity: 'low', why: 'strict: SSH should be closed to everyone' }
        : { status: 'pass', severity: 'info', why: s.class };
  }
}

const SERVICE_PORTS: Record<string, number> = { SSH: 22, RDP: 3389 };
/** Proven by the group (and the prefix list it names): the verdict stands when only the interfaces failed to load. */
const PROVEN = ['ec2.securityGroups'] as const;
const PROVEN_WITH_LIST = ['ec2.securityGroups', 'ec2.managedPrefixLists'] as const;

/**
 * The verdict on one source of a group. `unread`: the region's network interfaces could not be read, so what
 * uses the group is unknown: an open source is reported uncapped (never latent, never "load balancers only").
 */
function exposure(sg: { GroupId: string; GroupName?: string | null; Arn: string; Region: string }, att: GroupAttachment,
  s: Source, perms: { perm: IpPermission; services: string[] }[], o: Options, unread: boolean): Emitted {
  const v = judge(s, o);
  const name = sg.GroupName ? `${sg.GroupId} (${sg.GroupName})` : sg.GroupId;
  const what = perms.map((p) => `${p.services.join(' and ')} (${describePermission(p.perm)})`).join(', ');
  const first = perms[0]!.perm;
  const evidence = {
    groupId: sg.GroupId, groupName: sg.GroupName ?? null, protocol: normaliseProtocol(first.IpProtocol),
    portRange: portRangeText(first), source: s.value, sourceClass: s.class,
    ...(perms.length > 1 ? { permissions: perms.map((p) => ({ protocol: normaliseProtocol(p.perm.IpProtocol), portRange: portRangeText(p.perm) })) } : {}),
    ...(s.prefixListName ? { prefixListName: s.prefixListName } : {}), ...(s.entries ? { entries: s.entries } : {}),
    ...(s.userId ? { userId: s.userId, crossAccount: !!s.crossAccount } : {}),
    ...(s.vpcPeeringConnectionId ? { vpcPeeringConnectionId: s.vpcPeeringConnectionId } : {}),
    attachedInstances: unread ? null : att.instanceIds, attachedEnis: unread ? null : att.enis.map((e) => e.NetworkInterfaceId),
    latent: unread ? null : att.latent,
    revoke: perms.map((p) => revokeIngressCommand(sg, p.perm, s)),
  };
  // One finding per (group, source): the SSH/RDP ports it opens and the source name it.
  const ports = [...new Set(perms.flatMap((p) => p.services.map((x) => SERVICE_PORTS[x]!)))].sort((a, b) => a - b);
  const subject = `tcp/${ports.join(',')} ${s.value}`;
  const data = { name, what, source: s.label, why: v.why };
  if (v.status === 'pass') return pass(sg, 'allowedSource', data, { subject, evidence });
  if (!unread && att.onlyManagedNonInstance)
    return info(sg, 'managedOnly', { ...data, attachment: att.summary }, { severity: 'info', subject, evidence });
  const latent = !unread && att.latent;
  const severity = latent ? minSeverity(v.severity, 'low') : v.severity;
  const where = unread ? 'attachment not read' : `${att.summary}${latent ? ' (latent: capped at low)' : ''}`;
  if (v.status === 'warn') return warn(sg, 'unresolvedSource', { ...data, where }, { severity, subject, evidence });
  return fail(sg, 'open', { ...data, where }, { severity, subject, evidence, provenBy: s.type === 'prefix-list' ? PROVEN_WITH_LIST : PROVEN });
}

export default defineRule({
  id: 'ec2-no-ssh-ingress',
  section: 'operations',
  tip: 'Disable SSH access to all servers.',
  title: 'Security groups do not open SSH (or RDP) to the network',
  kind: 'automatic',
  severity: 'high',
  needs: ['ec2.securityGroups', 'ec2.networkInterfaces', 'ec2.managedPrefixLists'],
  // The NACL finding is supplementary (INFO): a denied DescribeNetworkAcls must not withhold the SG verdicts.
  optionalNeeds: ['ec2.networkAcls'],
  options: z.object({
    /** The article's literal "disallowed for everyone": private CIDRs and SG references fail (low) too. */
    strict: z.boolean().default(false),
    /** Also check RDP (tcp 3389), the Windows equivalent of SSH. */
    includeRdp: z.boolean().default(true),
    /** Sources inside these CIDRs pass (a bastion or VPN range you accept). */
    allowedCidrs: z.array(z.string()).default([]),
    /** Prefix lists with these names (globs allowed) pass. */
    allowedPrefixListNames: z.array(safeGlob()).default([]),
  }),
  compliance: [
    {
      framework: 'cis-aws-foundations-3.0', control: '5.2', coverage: 'partial',
      note: '22 and 3389 (includeRdp) from 0.0.0.0/0 fail; groups used only by load balancers or AWS-managed interfaces are INFO; other public CIDRs fail too.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '5.3', coverage: 'partial',
      note: '22 and 3389 (includeRdp) from 0.0.0.0/0 fail; groups used only by load balancers or AWS-managed interfaces are INFO; other public CIDRs fail too.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '6.3', coverage: 'partial',
      note: '22 and 3389 (includeRdp) from 0.0.0.0/0 fail; groups used only by load balancers or AWS-managed interfaces are INFO; other public CIDRs fail too.',
    },
    {
      framework: 'cis-aws-foundations-3.0', control: '5.3', coverage: 'partial',
      note: 'Same as the IPv4 recommendation, for ::/0.',
    },
    {
      framework: 'cis-aws-foundations-5.0', control: '5.4', coverage: 'partial',
      note: 'Same as the IPv4 recommendation, for ::/0.',
    },
    {
      framework: 'cis-aws-foundations-7.0', control: '6.4', coverage: 'partial',
      note: 'Same as the IPv4 recommendation, for ::/0.',
    },
    {
      framework: 'aws-well-architected', control: 'SEC06-BP03', coverage: 'partial',
      note: 'Checks that security groups do not expose SSH/RDP; does not check that Session Manager or automation replaced them.',
    },
  ],
  docs: {
    rationale:
      'If you have to SSH into a server, your automation has failed. Closing port 22 in the security group (not on the ' +
      'host) keeps it closed, and lets you re-open it briefly for debugging. An open SSH port is also the most scanned ' +
      'port on the internet.',
    checks:
      'Every ingress permission that covers tcp/22 (and tcp/3389 with includeRdp): protocol -1, tcp or "6" with FromPort <= 22 <= ToPort. ' +
      'One finding per (group, source): 0.0.0.0/0 or ::/0 (or a customer prefix list containing them) FAIL high; other public ' +
      'CIDRs (very wide ones included) FAIL medium; the EC2 Instance Connect prefix list passes ("EIC only"); private CIDRs, ' +
      'security-group references (cross-account and peered ones recorded) and AWS service lists pass, or FAIL low with strict; ' +
      'an unresolvable prefix list WARNs. A group attached to no network interface is latent and capped at low; a group used only ' +
      'by load balancers or AWS-managed interfaces (VPC endpoints, API Gateway) is INFO. When the region\'s network ' +
      'interfaces cannot be read, an open source is still reported from the group itself, uncapped, its attachment "not ' +
      'read"; passes are withheld. The default group is evaluated like any ' +
      'other. Also INFO for each network ACL associated with subnets whose first matching ingress entry for 0.0.0.0/0 or ::/0 ' +
      'on tcp/22 (or 3389) allows (CIS 5.1/5.2); the default ACL allows all, so this is advice only.',
    remediation:
      'Remove the rule (the finding evidence carries the exact revoke command) and get a shell through AWS Systems Manager ' +
      'Session Manager (`aws ssm start-session --target i-...`), which needs no inbound port, or EC2 Instance Connect ' +
      'Endpoint. If a human path must stay, restrict it to the EIC prefix list or a VPN range and list that in allowedCidrs.',
    cli: 'aws ec2 revoke-security-group-ingress --group-id sg-... --security-group-rule-ids sgr-...\naws ssm start-session --target i-...',
    outdated:
      'Stronger today: Session Manager and EC2 Instance Connect (Endpoint) give shell access without any inbound port, so ' +
      'there is even less reason to open 22. The rule accepts the EIC prefix list as a controlled path.',
    links: [
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect-with-ec2-instance-connect-endpoint.html',
      'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
    ],
  },
  messages: {
    allowedSource: '{{name}} allows {{what}} from {{source}} ({{why}})',
    managedOnly: '{{name}} allows {{what}} from {{source}} ({{why}}); {{attachment}} only, so no instance is reachable directly: check what the listener or endpoint forwards',
    open: '{{name}} allows {{what}} from {{source}} ({{why}}); {{where}}',
    unresolvedSource: '{{name}} allows {{what}} from {{source}} ({{why}}); {{where}}',
    closed: '{{name}} allows no {{services}} from outside',
    closedExcept: '{{name}} allows no {{services}} from outside (only from {{notes}})',
    naclOpen: '{{acl}} allows {{open}} on {{subnets}} subnet(s); the security group is the control that matters, a NACL deny is a second layer (CIS 5.1)',
  },
  *check({ ec2 }, { options, unavailable }) {
    const lists = prefixListIndex(ec2.managedPrefixLists);
    const enis = attachmentIndex(ec2.networkInterfaces);
    const ports: [number, string][] = options.includeRdp ? [[22, 'SSH'], [3389, 'RDP']] : [[22, 'SSH']];
    for (const sg of ec2.securityGroups) {
      const bySource = new Map<string, { source: Source; perms: { perm: IpPermission; services: string[] }[] }>();
      for (const perm of sg.IpPermissions ?? []) {
        const services = ports.filter(([p]) => coversTcpPort(perm, p)).map(([, s]) => s);
        if (services.length === 0) continue;
        for (const source of permissionSources(perm, lists, sg.OwnerId)) {
          const key = `${source.type}|${source.value}`;
          const entry = bySource.get(key) ?? { source, perms: [] };
          entry.perms.push({ perm, services });
          bySource.set(key, entry);
        }
      }
      const att = groupAttachment(sg, enis);
      const unread = unavailable('ec2.networkInterfaces', sg.Region);
      const entries = [...bySource.values()];
      const found = entries.map((e) => exposure(sg, att, e.source, e.perms, options, unread));
      yield* found.filter((f) => f.status !== 'pass');
      if (found.some((f) => f.status !== 'pass')) continue;
      const name = sg.GroupName ? `${sg.GroupId} (${sg.GroupName})` : sg.GroupId;
      const notes = entries.map((e) => `${e.source.label}: ${judge(e.source, options).why}`);
      const services = ports.map(([, s]) => s).join('/');
      yield pass(sg, notes.length ? 'closedExcept' : 'closed', { name, services, notes: notes.join('; ') }, {
        evidence: { groupId: sg.GroupId, groupName: sg.GroupName ?? null, sources: entries.map((e) => ({ source: e.source.value, sourceClass: e.source.class })) },
      });
    }
    for (const acl of ec2.networkAcls ?? []) {
      if (!(acl.Associations ?? []).some((a) => a.SubnetId)) continue;
      const ingress = (acl.Entries ?? []).filter((e) => e.Egress !== true).sort((a, b) => (a.RuleNumber ?? 0) - (b.RuleNumber ?? 0));
      const open: string[] = [];
      for (const [port, service] of ports)
        for (const field of ['CidrBlock', 'Ipv6CidrBlock'] as const) {
          const first = ingress.find((e) => classifyCidr(e[field]) === 'world' &&
            coversTcpPort({ IpProtocol: e.Protocol, FromPort: e.PortRange?.From, ToPort: e.PortRange?.To }, port));
          if (first?.RuleAction === 'allow') open.push(`${service} (tcp ${port}) from ${first[field]} by rule ${first.RuleNumber}`);
        }
      if (open.length)
        yield info(acl, 'naclOpen', { acl: `${acl.NetworkAclId}${acl.IsDefault ? ' (default)' : ''}`, open: open.join(', '), subnets: acl.Associations!.length },
          { severity: 'info', evidence: { networkAclId: acl.NetworkAclId, isDefault: acl.IsDefault ?? null, open, subnets: acl.Associations!.map((a) => a.SubnetId) } });
    }
  },
});
