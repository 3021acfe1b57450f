import rule from '../../../rules/operations/ec2-no-ssh-ingress.js';
import { RuleTester, TEST_ACCOUNT } from '../../rule-tester.js';

type Perm = Record<string, unknown>;
const tcp = (from: number, to: number, extra: Perm = {}): Perm => ({ IpProtocol: 'tcp', FromPort: from, ToPort: to, ...extra });
const v4 = (...cidrs: string[]) => ({ IpRanges: cidrs.map((CidrIp) => ({ CidrIp })) });
const sg = (id: string, perms: Perm[], extra: Record<string, unknown> = {}) => ({
  GroupId: id,
  GroupName: id.replace('sg-', ''),
  OwnerId: TEST_ACCOUNT,
  VpcId: 'vpc-1',
  IpPermissions: perms,
  ...extra,
});
/** An instance ENI for each group, so findings are not capped as latent. */
const onInstance = (...groups: string[]) =>
  groups.map((g, i) => ({
    NetworkInterfaceId: `eni-${g}`,
    InterfaceType: 'interface',
    Attachment: { InstanceId: `i-0${i}`, InstanceOwnerId: TEST_ACCOUNT },
    Groups: [{ GroupId: g }],
  }));
const snap = (groups: ReturnType<typeof sg>[], more: Record<string, unknown> = {}) => ({
  ec2: { securityGroups: groups, networkInterfaces: onInstance(...groups.map((g) => g.GroupId)), ...more },
});
const lists = [
  { PrefixListId: 'pl-eic', PrefixListName: 'com.amazonaws.us-east-1.ec2-instance-connect', OwnerId: 'AWS', Entries: [{ Cidr: '18.206.107.24/29' }] },
  { PrefixListId: 'pl-all', PrefixListName: 'everyone', OwnerId: TEST_ACCOUNT, Entries: [{ Cidr: '10.0.0.0/8' }, { Cidr: '0.0.0.0/0' }] },
  { PrefixListId: 'pl-office', PrefixListName: 'office', OwnerId: TEST_ACCOUNT, Entries: [{ Cidr: '8.8.8.0/24' }] },
  { PrefixListId: 'pl-vpn', PrefixListName: 'corp-vpn', OwnerId: TEST_ACCOUNT, Entries: [{ Cidr: '10.8.0.0/16' }] },
];
// Its own ARN, as AWS names it (the test harness would name the ACL after its VpcId, shared by every ACL here).
const acl = (id: string, entries: Record<string, unknown>[], subnets = ['subnet-1']) => ({
  Arn: `arn:aws:ec2:us-east-1:${TEST_ACCOUNT}:network-acl/${id}`,
  NetworkAclId: id,
  VpcId: 'vpc-1',
  IsDefault: false,
  Entries: entries.map((e) => ({ Egress: false, ...e })),
  Associations: subnets.map((SubnetId) => ({ SubnetId })),
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'no SSH at all: only 443 from the world, udp 22, ICMP, and another protocol number',
      snapshot: snap([
        sg('sg-web', [
          tcp(443, 443, v4('0.0.0.0/0')),
          { IpProtocol: 'udp', FromPort: 22, ToPort: 22, ...v4('0.0.0.0/0') },
          { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, ...v4('0.0.0.0/0') },
          { IpProtocol: '1', FromPort: 22, ToPort: 22, ...v4('0.0.0.0/0') },
          { IpProtocol: '50', ...v4('0.0.0.0/0') },
        ]),
      ]),
    },
    {
      name: 'SSH from private CIDRs and security groups passes by default (cross-account and peered refs too)',
      snapshot: snap([
        sg('sg-app', [
          tcp(22, 22, {
            ...v4('10.0.0.0/16', '172.16.5.0/24', '100.64.0.0/10'),
            Ipv6Ranges: [{ CidrIpv6: 'fd00::/8' }],
            UserIdGroupPairs: [
              { GroupId: 'sg-bastion', UserId: TEST_ACCOUNT },
              { GroupId: 'sg-other', UserId: '210987654321' },
              { GroupId: 'sg-peer', UserId: '210987654321', VpcPeeringConnectionId: 'pcx-1' },
            ],
          }),
        ]),
      ]),
    },
    {
      name: 'EC2 Instance Connect prefix list passes',
      snapshot: snap([sg('sg-eic', [tcp(22, 22, { PrefixListIds: [{ PrefixListId: 'pl-eic' }] })])], { managedPrefixLists: lists }),
    },
    {
      name: 'allowedCidrs and allowedPrefixListNames',
      options: { allowedCidrs: ['8.8.8.0/24'], allowedPrefixListNames: ['corp-*', 'office'] },
      snapshot: snap([sg('sg-ok', [tcp(22, 22, { ...v4('8.8.8.8/32'), PrefixListIds: [{ PrefixListId: 'pl-office' }, { PrefixListId: 'pl-vpn' }] })])], {
        managedPrefixLists: lists,
      }),
    },
    {
      name: 'includeRdp: false leaves 3389 alone',
      options: { includeRdp: false },
      snapshot: snap([sg('sg-win', [tcp(3389, 3389, v4('0.0.0.0/0'))])]),
    },
    {
      name: 'group used only by a VPC endpoint or load balancer is INFO, not FAIL',
      notApplicable: true,
      snapshot: {
        ec2: {
          securityGroups: [sg('sg-vpce', [tcp(22, 22, v4('0.0.0.0/0'))]), sg('sg-nlb', [tcp(0, 65535, v4('0.0.0.0/0'))])],
          networkInterfaces: [
            { NetworkInterfaceId: 'eni-1', InterfaceType: 'vpc_endpoint', RequesterManaged: true, Groups: [{ GroupId: 'sg-vpce' }] },
            { NetworkInterfaceId: 'eni-2', InterfaceType: 'network_load_balancer', Groups: [{ GroupId: 'sg-nlb' }] },
          ],
        },
      },
    },
    {
      name: 'NACLs: a deny before the allow, an ACL with no subnets, and an allow for a narrower range only',
      // A closed group gives the pass a valid case needs; allow: ['pass'] then says the NACLs add no INFO.
      snapshot: snap([sg('sg-closed', [tcp(443, 443, v4('0.0.0.0/0'))])], {
        networkAcls: [
          acl('acl-deny', [
            { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
            { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0' },
            { RuleNumber: 50, Protocol: '6', RuleAction: 'deny', CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } },
            { RuleNumber: 60, Protocol: '6', RuleAction: 'deny', CidrBlock: '0.0.0.0/0', PortRange: { From: 3389, To: 3389 } },
            { RuleNumber: 40, Protocol: '6', RuleAction: 'allow', CidrBlock: '10.0.0.0/8', PortRange: { From: 22, To: 22 } },
          ]),
          acl('acl-unused', [{ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0' }], []),
          acl('acl-egress', [{ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0', Egress: true }]),
        ],
      }),
      allow: ['pass'],
    },
  ],
  invalid: [
    {
      name: 'tcp 22 from 0.0.0.0/0 on an instance fails high, saying what is open to what',
      snapshot: snap([sg('sg-0abc', [tcp(22, 22, v4('0.0.0.0/0'))], { GroupName: 'web' })]),
      findings: [
        {
          status: 'fail',
          severity: 'high',
          resource: 'sg-0abc',
          message: /^sg-0abc \(web\) allows SSH \(tcp 22\) from 0\.0\.0\.0\/0 .*attached to i-00/,
          evidence: { groupId: 'sg-0abc', protocol: 'tcp', portRange: '22', source: '0.0.0.0/0', sourceClass: 'world' },
        },
      ],
    },
    {
      name: 'protocol -1 (no ports) covers SSH and RDP',
      snapshot: snap([sg('sg-all', [{ IpProtocol: '-1', ...v4('0.0.0.0/0') }])]),
      findings: [{ status: 'fail', severity: 'high', resource: 'sg-all', message: 'SSH and RDP (all traffic)', evidence: { protocol: 'all', portRange: 'all' } }],
    },
    {
      name: 'protocol "6" and ranges 0-65535, 20-30, 1-1024 cover 22',
      snapshot: snap([
        sg('sg-six', [{ IpProtocol: '6', FromPort: 22, ToPort: 22, ...v4('0.0.0.0/0') }]),
        sg('sg-wide', [tcp(0, 65535, v4('0.0.0.0/0'))]),
        sg('sg-20', [tcp(20, 30, v4('0.0.0.0/0'))]),
        sg('sg-1024', [tcp(1, 1024, v4('0.0.0.0/0'))]),
        sg('sg-23', [tcp(23, 1024, v4('0.0.0.0/0'))]),
      ]),
      findings: [
        { status: 'fail', severity: 'high', resource: 'sg-six', message: 'SSH (tcp 22)' },
        { status: 'fail', severity: 'high', resource: 'sg-wide', message: 'SSH and RDP (tcp 0-65535)' },
        { status: 'fail', severity: 'high', resource: 'sg-20', message: 'SSH (tcp 20-30)' },
        { status: 'fail', severity: 'high', resource: 'sg-1024', message: 'SSH (tcp 1-1024)', evidence: { portRange: '1-1024' } },
      ],
      passes: ['sg-23'],
    },
    {
      name: 'IPv6 ::/0 is world; a public /32 and a wide public /8 are medium',
      snapshot: snap([
        sg('sg-v6', [tcp(22, 22, { Ipv6Ranges: [{ CidrIpv6: '::/0' }] })]),
        sg('sg-pub', [tcp(22, 22, v4('8.8.8.8/32', '52.0.0.0/8', '10.0.0.0/8'))]),
      ]),
      findings: [
        { status: 'fail', severity: 'high', resource: 'sg-v6', evidence: { source: '::/0', sourceClass: 'world' } },
        { status: 'fail', severity: 'medium', resource: 'sg-pub', evidence: { source: '8.8.8.8/32', sourceClass: 'public' } },
        { status: 'fail', severity: 'medium', resource: 'sg-pub', evidence: { source: '52.0.0.0/8', sourceClass: 'world-like' } },
      ],
    },
    {
      name: 'one finding per (group, source) across permissions',
      snapshot: snap([sg('sg-dup', [tcp(22, 22, v4('0.0.0.0/0')), tcp(3389, 3389, v4('0.0.0.0/0')), { IpProtocol: '-1', ...v4('0.0.0.0/0') }])]),
      findings: [
        {
          status: 'fail',
          severity: 'high',
          resource: 'sg-dup',
          message: 'allows SSH (tcp 22), RDP (tcp 3389), SSH and RDP (all traffic) from 0.0.0.0/0',
          evidence: { permissions: [{ protocol: 'tcp', portRange: '22' }, { protocol: 'tcp', portRange: '3389' }, { protocol: 'all', portRange: 'all' }] },
        },
      ],
    },
    {
      name: 'customer prefix lists resolve to world or public; a missing list warns; EIC passes',
      snapshot: snap(
        [
          sg('sg-pl', [tcp(22, 22, { PrefixListIds: [{ PrefixListId: 'pl-all' }, { PrefixListId: 'pl-office' }, { PrefixListId: 'pl-gone' }] })]),
          sg('sg-eic', [tcp(22, 22, { PrefixListIds: [{ PrefixListId: 'pl-eic' }] })]),
        ],
        { managedPrefixLists: lists },
      ),
      findings: [
        { status: 'fail', severity: 'high', resource: 'sg-pl', message: 'pl-all (everyone)', evidence: { sourceClass: 'world', entries: ['0.0.0.0/0'] } },
        { status: 'fail', severity: 'medium', resource: 'sg-pl', evidence: { source: 'pl-office', sourceClass: 'public' } },
        { status: 'warn', severity: 'medium', resource: 'sg-pl', evidence: { source: 'pl-gone', sourceClass: 'unresolved' } },
      ],
      passes: ['sg-eic'],
    },
    {
      name: 'network interfaces not read: SSH open to the world is still reported, uncapped, next to the error; passes and VPC-endpoint-only INFO are not decided',
      snapshot: {
        ec2: {
          securityGroups: [
            sg('sg-ssh', [tcp(22, 22, v4('0.0.0.0/0'))]),
            sg('sg-pl', [tcp(22, 22, { PrefixListIds: [{ PrefixListId: 'pl-all' }] })]),
            sg('sg-gone', [tcp(22, 22, { PrefixListIds: [{ PrefixListId: 'pl-gone' }] })]),
            sg('sg-private', [tcp(22, 22, v4('10.0.0.0/8'))]),
          ],
          managedPrefixLists: lists,
          errors: [{ dataset: 'ec2.networkInterfaces', service: 'ec2', region: 'us-east-1', operation: 'ec2:DescribeNetworkInterfaces', code: 'UnauthorizedOperation', message: 'denied' }],
        },
      },
      findings: [
        { status: 'error', region: 'us-east-1', message: 'ec2:DescribeNetworkInterfaces failed in us-east-1' },
        { status: 'fail', severity: 'high', resource: 'sg-ssh', messageId: 'open', message: 'from 0.0.0.0/0 (the whole internet); attachment not read', evidence: { latent: null } },
        { status: 'fail', severity: 'high', resource: 'sg-pl', messageId: 'open', message: 'from pl-all (everyone) (the whole internet); attachment not read' },
      ],
    },
    {
      name: 'a latent group (no ENI) is capped at low',
      snapshot: { ec2: { securityGroups: [sg('sg-latent', [tcp(22, 22, v4('0.0.0.0/0'))])] } },
      findings: [{ status: 'fail', severity: 'low', resource: 'sg-latent', message: 'not attached to any network interface', evidence: { latent: true } }],
    },
    {
      name: 'a Fargate task ENI (requester-managed interface, no instance) is no AWS service: SSH from the world fails high',
      snapshot: {
        ec2: {
          securityGroups: [sg('sg-task', [tcp(22, 22, v4('0.0.0.0/0'))])],
          networkInterfaces: [{ NetworkInterfaceId: 'eni-task', InterfaceType: 'interface', RequesterManaged: true, Groups: [{ GroupId: 'sg-task' }] }],
        },
      },
      findings: [{ status: 'fail', severity: 'high', resource: 'sg-task', message: 'attached to 1 requester-managed interface ENI (eni-task)' }],
    },
    {
      name: 'a group on a VPC endpoint only is INFO',
      snapshot: {
        ec2: {
          securityGroups: [sg('sg-vpce', [tcp(22, 22, v4('0.0.0.0/0'))])],
          networkInterfaces: [{ NetworkInterfaceId: 'eni-1', InterfaceType: 'vpc_endpoint', RequesterManaged: true, Groups: [{ GroupId: 'sg-vpce' }] }],
        },
      },
      findings: [{ status: 'info', resource: 'sg-vpce', message: 'vpc_endpoint' }],
    },
    {
      name: 'strict: private CIDRs and SG references fail low; EIC and allowed CIDRs still pass',
      options: { strict: true, allowedCidrs: ['10.9.0.0/16'] },
      snapshot: snap(
        [
          sg('sg-app', [tcp(22, 22, { ...v4('10.0.0.0/16'), UserIdGroupPairs: [{ GroupId: 'sg-other', UserId: '210987654321' }] })]),
          sg('sg-ok', [tcp(22, 22, { ...v4('10.9.1.0/24'), PrefixListIds: [{ PrefixListId: 'pl-eic' }] })]),
        ],
        { managedPrefixLists: lists },
      ),
      findings: [
        { status: 'fail', severity: 'low', resource: 'sg-app', evidence: { source: '10.0.0.0/16', sourceClass: 'private' } },
        { status: 'fail', severity: 'low', resource: 'sg-app', message: 'sg-other (account 210987654321)', evidence: { userId: '210987654321', crossAccount: true } },
      ],
      passes: ['sg-ok'],
    },
    {
      name: 'includeRdp (default): 3389 from the world fails',
      snapshot: snap([sg('sg-win', [tcp(3389, 3389, v4('0.0.0.0/0'))])]),
      findings: [{ status: 'fail', severity: 'high', resource: 'sg-win', message: 'RDP (tcp 3389)' }],
    },
    {
      name: 'the default security group is evaluated like any other; moto "" CIDRs are ignored',
      snapshot: snap([sg('sg-def', [tcp(22, 22, { IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '' }] })], { GroupName: 'default' })]),
      findings: [{ status: 'fail', severity: 'high', resource: 'sg-def', message: 'sg-def (default) allows SSH' }],
    },
    {
      name: 'NACL: first matching ingress rule (by RuleNumber, numeric protocols) allows 22 from the world: INFO',
      snapshot: snap([], {
        networkAcls: [
          acl('acl-default', [
            { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
            { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0' },
            { RuleNumber: 101, Protocol: '-1', RuleAction: 'allow', Ipv6CidrBlock: '::/0' },
          ]),
          acl('acl-ssh', [
            { RuleNumber: 200, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
            { RuleNumber: 110, Protocol: '6', RuleAction: 'allow', CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } },
          ]),
        ],
      }),
      findings: [
        { status: 'info', resource: 'acl-default', message: 'SSH (tcp 22) from 0.0.0.0/0 by rule 100, SSH (tcp 22) from ::/0 by rule 101, RDP' },
        { status: 'info', resource: 'acl-ssh', message: /allows SSH \(tcp 22\) from 0\.0\.0\.0\/0 by rule 110 on 1 subnet/ },
      ],
    },
  ],
});
