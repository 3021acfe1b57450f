import rule from '../../../rules/ec2-vpc/ec2-sg-no-world-ingress.js';
import { RuleTester, TEST_ACCOUNT } from '../../rule-tester.js';

type Perm = Record<string, unknown>;
const tcp = (from: number, to: number, extra: Perm = {}): Perm => ({ IpProtocol: 'tcp', FromPort: from, ToPort: to, ...extra });
const v4 = (...cidrs: string[]) => ({ IpRanges: cidrs.map((CidrIp) => ({ CidrIp })) });
const world = v4('0.0.0.0/0');
const sg = (id: string, perms: Perm[], extra: Record<string, unknown> = {}) => ({
  GroupId: id,
  GroupName: id.replace('sg-', ''),
  OwnerId: TEST_ACCOUNT,
  VpcId: 'vpc-1',
  IpPermissions: perms,
  IpPermissionsEgress: [],
  ...extra,
});
const instanceEni = (group: string, instance = `i-${group.slice(3)}`) => ({
  NetworkInterfaceId: `eni-${group}`,
  InterfaceType: 'interface',
  Attachment: { InstanceId: instance, InstanceOwnerId: TEST_ACCOUNT },
  Groups: [{ GroupId: group }],
});
const snap = (groups: ReturnType<typeof sg>[], more: Record<string, unknown> = {}) => ({
  ec2: { securityGroups: groups, networkInterfaces: groups.map((g) => instanceEni(g.GroupId)), ...more },
});
const defaultRules = {
  IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-def', UserId: TEST_ACCOUNT }] }],
  IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
};

RuleTester.run(rule, {
  valid: [
    {
      name: '443 from the world on load balancers only (ALB nodes, NLB) and on API Gateway / VPC endpoint ENIs passes',
      snapshot: {
        ec2: {
          securityGroups: [sg('sg-alb', [tcp(443, 443, world), tcp(80, 80, world)]), sg('sg-nlb', [tcp(443, 443, { Ipv6Ranges: [{ CidrIpv6: '::/0' }] })]), sg('sg-api', [tcp(443, 443, world)])],
          networkInterfaces: [
            { NetworkInterfaceId: 'eni-a', InterfaceType: 'interface', RequesterManaged: true, Attachment: { InstanceOwnerId: 'amazon-elb' }, Groups: [{ GroupId: 'sg-alb' }] },
            { NetworkInterfaceId: 'eni-n', InterfaceType: 'network_load_balancer', Groups: [{ GroupId: 'sg-nlb' }] },
            { NetworkInterfaceId: 'eni-g', InterfaceType: 'api_gateway_managed', RequesterManaged: true, Groups: [{ GroupId: 'sg-api' }] },
            { NetworkInterfaceId: 'eni-v', InterfaceType: 'vpc_endpoint', RequesterManaged: true, Groups: [{ GroupId: 'sg-api' }] },
          ],
        },
      },
    },
    {
      name: '443 on an instance with the allowPublicTag (default and custom) passes',
      snapshot: snap([
        sg('sg-tagged', [tcp(443, 443, world)], { Tags: [{ Key: 'aws-tips:public', Value: 'approved' }] }),
      ]),
    },
    {
      name: 'custom allowPublicTag as a bare key',
      options: { allowPublicTag: 'internet-facing' },
      snapshot: snap([sg('sg-tagged', [tcp(80, 80, world)], { Tags: [{ Key: 'internet-facing', Value: '' }] })]),
    },
    {
      name: 'tcp 22 and 3389 from the world are left to ec2-no-ssh-ingress when it runs with includeRdp',
      others: { 'ec2-no-ssh-ingress': {} },
      snapshot: snap([sg('sg-ssh', [tcp(22, 22, world), { IpProtocol: '6', FromPort: 3389, ToPort: 3389, ...world }])]),
    },
    {
      name: 'private, narrow public, SG references (cross-account, peered) and AWS service prefix lists are not world',
      snapshot: snap(
        [
          sg('sg-int', [
            tcp(3306, 3306, { ...v4('10.0.0.0/8', '8.8.8.8/32'), UserIdGroupPairs: [{ GroupId: 'sg-x', UserId: '210987654321', VpcPeeringConnectionId: 'pcx-1' }] }),
            tcp(443, 443, { PrefixListIds: [{ PrefixListId: 'pl-cf' }, { PrefixListId: 'pl-vpn' }] }),
            { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-int' }] },
          ]),
        ],
        {
          managedPrefixLists: [
            { PrefixListId: 'pl-cf', PrefixListName: 'com.amazonaws.global.cloudfront.origin-facing', OwnerId: 'AWS' },
            { PrefixListId: 'pl-vpn', PrefixListName: 'vpn', OwnerId: TEST_ACCOUNT, Entries: [{ Cidr: '10.8.0.0/16' }] },
          ],
        },
      ),
    },
    {
      name: 'a default group without rules passes; ICMP from the world is only INFO',
      snapshot: snap([
        sg('sg-def', [], { GroupName: 'default' }),
        sg('sg-icmp', [{ IpProtocol: 'icmp', FromPort: -1, ToPort: -1, ...world }, { IpProtocol: '58', FromPort: 128, ToPort: -1, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }]),
      ]),
    },
  ],
  invalid: [
    {
      name: 'a Fargate task ENI (requester-managed interface, no instance) is compute, not an AWS service; a Lambda ENI is',
      snapshot: {
        ec2: {
          securityGroups: [sg('sg-task', [tcp(443, 443, world), tcp(3306, 3306, world)]), sg('sg-fn', [tcp(443, 443, world)])],
          networkInterfaces: [
            { NetworkInterfaceId: 'eni-task', InterfaceType: 'interface', RequesterManaged: true, Groups: [{ GroupId: 'sg-task' }] },
            { NetworkInterfaceId: 'eni-fn', InterfaceType: 'lambda', RequesterManaged: true, Groups: [{ GroupId: 'sg-fn' }] },
          ],
        },
      },
      findings: [
        { status: 'fail', severity: 'high', resource: 'sg-task', message: 'data port 3306', evidence: { portRange: '3306' } },
        { status: 'warn', severity: 'low', resource: 'sg-task', message: 'attached to 1 requester-managed interface ENI (eni-task): instance directly exposed on 443' },
      ],
      passes: ['sg-fn'],
    },
    {
      name: 'protocol -1, another protocol number, tcp/"6"/udp 0-65535 from the world: every port, high',
      snapshot: snap([
        sg('sg-all', [{ IpProtocol: '-1', ...world }], { GroupName: 'web' }),
        sg('sg-esp', [{ IpProtocol: '50', ...world }]),
        sg('sg-tcp', [{ IpProtocol: '6', FromPort: 0, ToPort: 65535, ...world }]),
        sg('sg-udp', [{ IpProtocol: 'udp', FromPort: 0, ToPort: 65535, ...world }]),
      ]),
      findings: [
        {
          status: 'fail',
          severity: 'high',
          resource: 'sg-all',
          message: /^sg-all \(web\) allows all traffic from 0\.0\.0\.0\/0: every port is open; attached to i-all$/,
          evidence: { groupId: 'sg-all', protocol: 'all', portRange: 'all', source: '0.0.0.0/0', sourceClass: 'world' },
        },
        { status: 'fail', severity: 'high', resource: 'sg-esp', message: 'protocol 50' },
        { status: 'fail', severity: 'high', resource: 'sg-tcp', evidence: { protocol: 'tcp', portRange: '0-65535' } },
        { status: 'fail', severity: 'high', resource: 'sg-udp', evidence: { protocol: 'udp', portRange: '0-65535' } },
      ],
    },
    {
      name: 'admin and data ports are high; 22 inside a range is skipped (ec2-no-ssh-ingress runs) but 23 is not',
      others: { 'ec2-no-ssh-ingress': {} },
      snapshot: snap([
        sg('sg-range', [tcp(20, 30, world)]),
        sg('sg-db', [tcp(3306, 3306, { Ipv6Ranges: [{ CidrIpv6: '::/0' }] }), tcp(9200, 9200, world)]),
        sg('sg-vnc', [tcp(5900, 5900, world)]),
      ]),
      findings: [
        { status: 'fail', severity: 'high', resource: 'sg-range', message: 'admin port 23', evidence: { portRange: '20-30', ports: ['admin port 23'] } },
        { status: 'fail', severity: 'high', resource: 'sg-db', evidence: { source: '::/0', ports: ['data port 3306'] } },
        { status: 'fail', severity: 'high', resource: 'sg-db', evidence: { ports: ['data port 9200-9300'] } },
        { status: 'fail', severity: 'high', resource: 'sg-vnc', evidence: { ports: ['admin port 5900'] } },
      ],
    },
    {
      name: 'ec2-no-ssh-ingress with includeRdp off: 22 is left to it, 3389 is reported here',
      others: { 'ec2-no-ssh-ingress': { includeRdp: false } },
      snapshot: snap([sg('sg-ssh', [tcp(22, 22, world), tcp(3389, 3389, world)])]),
      findings: [{ status: 'fail', severity: 'high', resource: 'sg-ssh', evidence: { ports: ['admin port 3389'] } }],
    },
    {
      name: 'without ec2-no-ssh-ingress in the audit, 22 and 3389 from the world are reported here',
      snapshot: snap([sg('sg-ssh', [tcp(22, 22, world), tcp(3389, 3389, world)])]),
      findings: [
        { status: 'fail', severity: 'high', resource: 'sg-ssh', evidence: { ports: ['admin port 22'] } },
        { status: 'fail', severity: 'high', resource: 'sg-ssh', evidence: { ports: ['admin port 3389'] } },
      ],
    },
    {
      name: 'other ports are medium; a wide public /8 counts as world; a range past 80/443 is not allowed',
      snapshot: {
        ec2: {
          securityGroups: [sg('sg-app', [tcp(8080, 8080, v4('0.0.0.0/0', '52.0.0.0/8'))]), sg('sg-lb', [tcp(80, 443, world)])],
          networkInterfaces: [
            instanceEni('sg-app'),
            { NetworkInterfaceId: 'eni-a', Attachment: { InstanceOwnerId: 'amazon-elb' }, Groups: [{ GroupId: 'sg-lb' }] },
          ],
        },
      },
      findings: [
        { status: 'fail', severity: 'medium', resource: 'sg-app', evidence: { source: '0.0.0.0/0', portRange: '8080' } },
        { status: 'fail', severity: 'medium', resource: 'sg-app', evidence: { source: '52.0.0.0/8', sourceClass: 'world-like' } },
        { status: 'fail', severity: 'medium', resource: 'sg-lb', evidence: { portRange: '80-443' } },
      ],
    },
    {
      name: 'an instance directly on 443 warns low',
      snapshot: snap([sg('sg-web', [tcp(443, 443, world)])]),
      findings: [{ status: 'warn', severity: 'low', resource: 'sg-web', message: 'attached to i-web: instance directly exposed on 443' }],
    },
    {
      name: 'an instance plus a load balancer on 443 still warns (not every ENI is an LB)',
      snapshot: {
        ec2: {
          securityGroups: [sg('sg-mix', [tcp(443, 443, world)])],
          networkInterfaces: [instanceEni('sg-mix'), { NetworkInterfaceId: 'eni-a', Attachment: { InstanceOwnerId: 'amazon-elb' }, Groups: [{ GroupId: 'sg-mix' }] }],
        },
      },
      findings: [{ status: 'warn', severity: 'low', resource: 'sg-mix' }],
    },
    {
      name: 'a permission mixing world and private CIDRs reports only the world one',
      snapshot: snap([sg('sg-mixed', [tcp(6379, 6379, v4('10.0.0.0/8', '0.0.0.0/0', '192.168.0.0/16'))])]),
      findings: [{ status: 'fail', severity: 'high', resource: 'sg-mixed', evidence: { source: '0.0.0.0/0', ports: ['data port 6379'] } }],
    },
    {
      name: 'an unattached group is capped at low',
      snapshot: { ec2: { securityGroups: [sg('sg-latent', [tcp(3306, 3306, world), tcp(8080, 8080, world)])] } },
      findings: [
        { status: 'fail', severity: 'low', resource: 'sg-latent', message: 'not attached to any network interface (latent: capped at low)', evidence: { portRange: '3306', latent: true } },
        { status: 'fail', severity: 'low', resource: 'sg-latent', evidence: { portRange: '8080' } },
      ],
    },
    {
      name: 'a customer prefix list containing 0.0.0.0/0 is world',
      snapshot: snap([sg('sg-pl', [tcp(5432, 5432, { PrefixListIds: [{ PrefixListId: 'pl-all' }] })])], {
        managedPrefixLists: [{ PrefixListId: 'pl-all', PrefixListName: 'everyone', OwnerId: TEST_ACCOUNT, Entries: [{ Cidr: '10.0.0.0/8' }, { Cidr: '0.0.0.0/0' }] }],
      }),
      findings: [{ status: 'fail', severity: 'high', resource: 'sg-pl', message: 'pl-all (everyone)', evidence: { sourceClass: 'world', prefixListName: 'everyone' } }],
    },
    {
      name: 'a customer prefix list whose entries could not be read is WARN medium, never a silent pass',
      snapshot: snap([sg('sg-unknown', [tcp(5432, 5432, { PrefixListIds: [{ PrefixListId: 'pl-missing' }] })])], { managedPrefixLists: [] }),
      findings: [{ status: 'warn', severity: 'medium', resource: 'sg-unknown', messageId: 'unresolvedList', message: 'pl-missing' }],
    },
    {
      name: 'a default group with its default rules fails medium, attached or not, besides any world finding',
      snapshot: {
        ec2: {
          securityGroups: [
            sg('sg-def', [], { GroupName: 'default', ...defaultRules }),
            sg('sg-def2', [tcp(8080, 8080, world)], { GroupName: 'default', VpcId: 'vpc-2' }),
          ],
          networkInterfaces: [instanceEni('sg-def2')],
        },
      },
      findings: [
        { status: 'fail', severity: 'medium', resource: 'sg-def', message: 'default security group with 1 ingress and 1 egress rule(s)', evidence: { vpcId: 'vpc-1' } },
        { status: 'fail', severity: 'medium', resource: 'sg-def2', message: 'default security group with 1 ingress and 0 egress' },
        { status: 'fail', severity: 'medium', resource: 'sg-def2', evidence: { portRange: '8080' } },
      ],
    },
    {
      name: 'ICMP from the world is INFO',
      snapshot: snap([sg('sg-icmp', [{ IpProtocol: '1', FromPort: 8, ToPort: -1, ...world }])]),
      findings: [{ status: 'info', severity: 'info', resource: 'sg-icmp', message: 'allows icmp type 8 from 0.0.0.0/0' }],
      passes: ['sg-icmp'],
    },
    {
      name: 'network interfaces not read: an open group is still reported, uncapped, next to the error; what depends on attachment is withheld',
      snapshot: {
        ec2: {
          securityGroups: [
            sg('sg-db', [tcp(3306, 3306, world)]),
            sg('sg-all', [{ IpProtocol: '-1', PrefixListIds: [{ PrefixListId: 'pl-all' }] }]),
            sg('sg-web', [tcp(443, 443, world)]),
            sg('sg-closed', [tcp(443, 443, v4('10.0.0.0/8'))]),
          ],
          managedPrefixLists: [{ PrefixListId: 'pl-all', PrefixListName: 'everyone', OwnerId: TEST_ACCOUNT, Entries: [{ Cidr: '0.0.0.0/0' }] }],
          errors: [{ dataset: 'ec2.networkInterfaces', service: 'ec2', region: 'us-east-1', operation: 'ec2:DescribeNetworkInterfaces', code: 'UnauthorizedOperation', message: 'denied' }],
        },
      },
      findings: [
        { status: 'error', region: 'us-east-1', message: 'ec2:DescribeNetworkInterfaces failed in us-east-1' },
        { status: 'fail', severity: 'high', resource: 'sg-db', messageId: 'sensitivePorts', message: 'allows tcp 3306 from 0.0.0.0/0 (data port 3306); attachment not read', evidence: { latent: null } },
        { status: 'fail', severity: 'high', resource: 'sg-all', messageId: 'allPorts', message: 'from pl-all (everyone): every port is open; attachment not read' },
      ],
    },
    {
      name: 'each exposure of one group is its own finding (subject: protocol, ports and source)',
      snapshot: snap([sg('sg-two', [tcp(3306, 3306, v4('0.0.0.0/0', '1.0.0.0/8')), tcp(5432, 5432, world)])]),
      findings: [
        { status: 'fail', severity: 'high', resource: 'sg-two', messageId: 'sensitivePorts', evidence: { portRange: '3306', source: '0.0.0.0/0' } },
        { status: 'fail', severity: 'high', resource: 'sg-two', messageId: 'sensitivePorts', evidence: { portRange: '3306', source: '1.0.0.0/8' } },
        { status: 'fail', severity: 'high', resource: 'sg-two', messageId: 'sensitivePorts', evidence: { portRange: '5432', source: '0.0.0.0/0' } },
      ],
    },
  ],
});
