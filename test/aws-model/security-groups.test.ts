import { describe, expect, it } from 'vitest';
import {
  allowsAllPorts,
  attachmentIndex,
  cidrWithin,
  classifyCidr,
  classifyPrefixList,
  coversPort,
  coversTcpPort,
  describePermission,
  eniRole,
  groupAttachment,
  intervalWithin,
  normaliseProtocol,
  permissionSources,
  portInterval,
  portRangeText,
  portsIn,
  prefixListIndex,
  revokeIngressCommand,
  type EniInfo,
} from '../../src/aws-model/security-groups.js';

describe('normaliseProtocol', () => {
  it('maps names and numbers', () => {
    expect(normaliseProtocol('-1')).toBe('all');
    expect(normaliseProtocol('tcp')).toBe('tcp');
    expect(normaliseProtocol('6')).toBe('tcp');
    expect(normaliseProtocol('17')).toBe('udp');
    expect(normaliseProtocol('udp')).toBe('udp');
    expect(normaliseProtocol('1')).toBe('icmp');
    expect(normaliseProtocol('icmp')).toBe('icmp');
    expect(normaliseProtocol('58')).toBe('icmpv6');
    expect(normaliseProtocol('icmpv6')).toBe('icmpv6');
    expect(normaliseProtocol('50')).toBe('other');
    expect(normaliseProtocol(undefined)).toBe('other');
  });
});

describe('coversTcpPort', () => {
  it('protocol -1 covers 22 although it has no ports', () => {
    expect(coversTcpPort({ IpProtocol: '-1' }, 22)).toBe(true);
  });
  it.each([
    [0, 65535],
    [20, 30],
    [1, 1024],
    [22, 22],
  ])('tcp %i-%i covers 22', (FromPort, ToPort) => {
    expect(coversTcpPort({ IpProtocol: 'tcp', FromPort, ToPort }, 22)).toBe(true);
    expect(coversTcpPort({ IpProtocol: '6', FromPort, ToPort }, 22)).toBe(true);
  });
  it('does not cover ports outside the range, udp, or absent ports (never read as 0)', () => {
    expect(coversTcpPort({ IpProtocol: 'tcp', FromPort: 23, ToPort: 1024 }, 22)).toBe(false);
    expect(coversTcpPort({ IpProtocol: 'udp', FromPort: 0, ToPort: 65535 }, 22)).toBe(false);
    expect(coversTcpPort({ IpProtocol: '17', FromPort: 22, ToPort: 22 }, 22)).toBe(false);
    expect(coversTcpPort({ IpProtocol: 'tcp' }, 0)).toBe(false);
    expect(coversTcpPort({ IpProtocol: 'tcp', FromPort: null, ToPort: null }, 0)).toBe(false);
  });
  it('ICMP type/code are not ports', () => {
    expect(coversTcpPort({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1 }, 22)).toBe(false);
    expect(coversTcpPort({ IpProtocol: '1', FromPort: 8, ToPort: 22 }, 22)).toBe(false);
    expect(coversTcpPort({ IpProtocol: 'icmpv6', FromPort: 0, ToPort: 65535 }, 22)).toBe(false);
  });
  it('another protocol number opens all of its ports but never TCP/22', () => {
    expect(coversTcpPort({ IpProtocol: '50' }, 22)).toBe(false);
    expect(allowsAllPorts({ IpProtocol: '50' })).toBe(true);
  });
  it('coversPort distinguishes udp', () => {
    expect(coversPort({ IpProtocol: '17', FromPort: 11211, ToPort: 11211 }, 'udp', 11211)).toBe(true);
    expect(coversPort({ IpProtocol: 'tcp', FromPort: 11211, ToPort: 11211 }, 'udp', 11211)).toBe(false);
  });
});

describe('ports', () => {
  it('allowsAllPorts', () => {
    expect(allowsAllPorts({ IpProtocol: '-1' })).toBe(true);
    expect(allowsAllPorts({ IpProtocol: 'tcp', FromPort: 0, ToPort: 65535 })).toBe(true);
    expect(allowsAllPorts({ IpProtocol: 'udp', FromPort: 0, ToPort: 65535 })).toBe(true);
    expect(allowsAllPorts({ IpProtocol: 'tcp', FromPort: 1, ToPort: 1024 })).toBe(false);
    expect(allowsAllPorts({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1 })).toBe(false);
  });
  it('describes permissions', () => {
    expect(describePermission({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 })).toBe('tcp 22');
    expect(describePermission({ IpProtocol: '6', FromPort: 20, ToPort: 30 })).toBe('tcp 20-30');
    expect(describePermission({ IpProtocol: '-1' })).toBe('all traffic');
    expect(describePermission({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1 })).toBe('icmp (all types)');
    expect(describePermission({ IpProtocol: 'icmp', FromPort: 8, ToPort: -1 })).toBe('icmp type 8');
    expect(describePermission({ IpProtocol: '50' })).toBe('protocol 50');
    expect(portRangeText({ IpProtocol: '-1' })).toBe('all');
    expect(portRangeText({ IpProtocol: 'tcp', FromPort: 0, ToPort: 65535 })).toBe('0-65535');
  });
  it('port intervals and configured port lists', () => {
    expect(portInterval({ IpProtocol: 'tcp', FromPort: 20, ToPort: 30 })).toEqual([20, 30]);
    expect(portInterval({ IpProtocol: '-1' })).toBeUndefined();
    expect(portInterval({ IpProtocol: 'icmp', FromPort: 8, ToPort: 0 })).toBeUndefined();
    expect(portsIn([20, 30], [22, 3389, 23, '5985-5986'])).toEqual(['22', '23']);
    expect(portsIn([1434, 1500], ['1433-1434', 3306])).toEqual(['1433-1434']);
    expect(intervalWithin([443, 443], [80, 443])).toBe(true);
    expect(intervalWithin([80, 443], [80, 443])).toBe(false);
    expect(intervalWithin([8080, 8081], ['8080-8090'])).toBe(true);
  });
});

describe('classifyCidr', () => {
  it.each([
    ['0.0.0.0/0', 'world'],
    ['::/0', 'world'],
    ['8.8.8.0/24', 'public'],
    ['52.94.76.10/32', 'public'],
    ['2600:1f18:abcd::/48', 'public'],
    ['52.0.0.0/8', 'world-like'],
    ['0.0.0.0/1', 'world-like'],
    ['128.0.0.0/2', 'world-like'],
    ['2000::/3', 'world-like'],
    ['2600::/12', 'world-like'],
    ['10.0.0.0/8', 'private'],
    ['10.1.2.3/32', 'private'],
    ['172.16.0.0/12', 'private'],
    ['192.168.1.0/24', 'private'],
    ['100.64.0.0/10', 'private'],
    ['127.0.0.1/32', 'private'],
    ['169.254.169.254/32', 'private'],
    ['fd12:3456::/48', 'private'],
    ['fe80::/10', 'private'],
    ['::ffff:8.8.8.8/128', 'public'],
    ['not-a-cidr', 'invalid'],
  ])('%s is %s', (cidr, cls) => {
    expect(classifyCidr(cidr)).toBe(cls);
  });
  it('a block that starts in private space but leaves it is public', () => {
    expect(classifyCidr('10.0.0.0/7')).toBe('world-like');
    expect(classifyCidr('172.0.0.0/10')).toBe('public');
  });
  it('cidrWithin', () => {
    expect(cidrWithin('203.0.113.10/32', '203.0.113.0/24')).toBe(true);
    expect(cidrWithin('203.0.113.0/24', '203.0.113.0/24')).toBe(true);
    expect(cidrWithin('203.0.112.0/23', '203.0.113.0/24')).toBe(false);
    expect(cidrWithin('2001:db8::1/128', '203.0.113.0/24')).toBe(false);
    expect(cidrWithin('2001:db8::1/128', '2001:db8::/32')).toBe(true);
  });
});

describe('prefix lists', () => {
  const lists = prefixListIndex([
    { PrefixListId: 'pl-world', PrefixListName: 'everyone', OwnerId: '123456789012', Entries: [{ Cidr: '10.0.0.0/8' }, { Cidr: '0.0.0.0/0' }] },
    { PrefixListId: 'pl-office', PrefixListName: 'office', OwnerId: '123456789012', Entries: [{ Cidr: '8.8.8.0/24' }, { Cidr: '10.0.0.0/8' }] },
    { PrefixListId: 'pl-vpn', PrefixListName: 'vpn', OwnerId: '123456789012', Entries: [{ Cidr: '10.8.0.0/16' }] },
    { PrefixListId: 'pl-eic', PrefixListName: 'com.amazonaws.eu-west-1.ec2-instance-connect', OwnerId: 'AWS', Entries: [{ Cidr: '18.202.216.48/29' }] },
    { PrefixListId: 'pl-eic6', PrefixListName: 'com.amazonaws.eu-west-1.ipv6.ec2-instance-connect', OwnerId: 'AWS' },
    { PrefixListId: 'pl-cf', PrefixListName: 'com.amazonaws.global.cloudfront.origin-facing', OwnerId: 'AWS' },
    { PrefixListId: 'pl-s3', PrefixListName: 'com.amazonaws.eu-west-1.s3', OwnerId: 'AWS' },
    { PrefixListId: 'pl-noentries', PrefixListName: 'broken', OwnerId: '123456789012' },
  ]);
  const cls = (id: string) => classifyPrefixList(id, lists.get(id)).class;
  it('a customer list takes its most exposed entry', () => {
    expect(cls('pl-world')).toBe('world');
    expect(classifyPrefixList('pl-world', lists.get('pl-world')).entries).toEqual(['0.0.0.0/0']);
    expect(cls('pl-office')).toBe('public');
    expect(cls('pl-vpn')).toBe('private');
  });
  it('AWS service lists are recognised by name', () => {
    expect(cls('pl-eic')).toBe('aws-service:eic');
    expect(cls('pl-eic6')).toBe('aws-service:eic');
    expect(cls('pl-cf')).toBe('aws-service:cloudfront');
    expect(cls('pl-s3')).toBe('aws-service');
  });
  it('a list missing from the snapshot, or without entries, is unresolved', () => {
    expect(cls('pl-missing')).toBe('unresolved');
    expect(cls('pl-noentries')).toBe('unresolved');
    expect(classifyPrefixList('pl-missing', undefined).label).toBe('pl-missing');
  });
});

describe('permissionSources', () => {
  it('classifies every entry of a permission', () => {
    const sources = permissionSources(
      {
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '10.0.0.0/16', Description: 'vpc' }, { CidrIp: '8.8.8.8/32' }],
        Ipv6Ranges: [{ CidrIpv6: '::/0' }],
        PrefixListIds: [{ PrefixListId: 'pl-x' }],
        UserIdGroupPairs: [
          { GroupId: 'sg-same', UserId: '123456789012' },
          { GroupId: 'sg-other', UserId: '210987654321' },
          { GroupId: 'sg-peer', UserId: '123456789012', VpcPeeringConnectionId: 'pcx-1' },
        ],
      },
      new Map(),
      '123456789012',
    );
    expect(sources.map((s) => [s.value, s.class])).toEqual([
      ['0.0.0.0/0', 'world'],
      ['10.0.0.0/16', 'private'],
      ['8.8.8.8/32', 'public'],
      ['::/0', 'world'],
      ['pl-x', 'unresolved'],
      ['sg-same', 'sg-ref'],
      ['sg-other', 'sg-ref'],
      ['sg-peer', 'sg-ref'],
    ]);
    expect(sources[1]!.description).toBe('vpc');
    expect(sources[5]!.crossAccount).toBeUndefined();
    expect(sources[6]).toMatchObject({ crossAccount: true, userId: '210987654321', label: 'sg-other (account 210987654321)' });
    expect(sources[7]).toMatchObject({ vpcPeeringConnectionId: 'pcx-1', label: 'sg-peer (via pcx-1)' });
  });
});

describe('attachments', () => {
  const enis: EniInfo[] = [
    { NetworkInterfaceId: 'eni-i1', InterfaceType: 'interface', Region: 'r', Attachment: { InstanceId: 'i-1', InstanceOwnerId: '123456789012' }, Groups: [{ GroupId: 'sg-web' }] },
    { NetworkInterfaceId: 'eni-alb', InterfaceType: 'interface', RequesterManaged: true, Region: 'r', Attachment: { InstanceOwnerId: 'amazon-elb' }, Groups: [{ GroupId: 'sg-lb' }] },
    { NetworkInterfaceId: 'eni-nlb', InterfaceType: 'network_load_balancer', Region: 'r', Groups: [{ GroupId: 'sg-lb' }] },
    { NetworkInterfaceId: 'eni-vpce', InterfaceType: 'vpc_endpoint', RequesterManaged: true, Region: 'r', Groups: [{ GroupId: 'sg-vpce' }] },
    { NetworkInterfaceId: 'eni-apigw', InterfaceType: 'api_gateway_managed', RequesterManaged: true, Region: 'r', Groups: [{ GroupId: 'sg-vpce' }, { GroupId: 'sg-web' }] },
    { NetworkInterfaceId: 'eni-free', InterfaceType: 'interface', Region: 'r', Groups: [{ GroupId: 'sg-free' }] },
    // A Fargate task: requester-managed, no instance, InterfaceType interface.
    { NetworkInterfaceId: 'eni-task', InterfaceType: 'interface', RequesterManaged: true, Region: 'r', Description: 'arn:aws:ecs:r:123456789012:attachment/x', Groups: [{ GroupId: 'sg-task' }] },
    { NetworkInterfaceId: 'eni-lambda', InterfaceType: 'lambda', RequesterManaged: true, Region: 'r', Groups: [{ GroupId: 'sg-fn' }] },
  ];
  const index = attachmentIndex(enis);
  it('classifies ENIs', () => {
    expect(enis.map(eniRole)).toEqual(['instance', 'load-balancer', 'load-balancer', 'aws-service', 'aws-service', 'compute', 'compute', 'aws-service']);
    expect(eniRole({ NetworkInterfaceId: 'e', InterfaceType: 'gateway_load_balancer' })).toBe('load-balancer');
    for (const t of ['nat_gateway', 'efs', 'lambda', 'gateway_load_balancer_endpoint', 'transit_gateway', 'ec2_instance_connect_endpoint'])
      expect(eniRole({ NetworkInterfaceId: 'e', InterfaceType: t, RequesterManaged: true }), t).toBe('aws-service');
  });
  it('a requester-managed ENI with no instance is compute unless its type is a managed endpoint (Fargate, EKS pods, RDS)', () => {
    for (const t of ['interface', 'branch', 'trunk', 'efa', 'some_future_type', ''])
      expect(eniRole({ NetworkInterfaceId: 'e', InterfaceType: t, RequesterManaged: true }), t).toBe('compute');
    expect(eniRole({ NetworkInterfaceId: 'e', InterfaceType: 'trunk', Attachment: { InstanceId: 'i-1' } })).toBe('instance');
  });
  it('a group with no ENI is latent', () => {
    const a = groupAttachment({ GroupId: 'sg-none', Region: 'r' }, index);
    expect(a.latent).toBe(true);
    expect(a.summary).toBe('not attached to any network interface');
  });
  it('groups used only by load balancers or AWS services', () => {
    expect(groupAttachment({ GroupId: 'sg-lb', Region: 'r' }, index).onlyManagedNonInstance).toBe(true);
    expect(groupAttachment({ GroupId: 'sg-vpce', Region: 'r' }, index).onlyManagedNonInstance).toBe(true);
    expect(groupAttachment({ GroupId: 'sg-free', Region: 'r' }, index).onlyManagedNonInstance).toBe(false);
    expect(groupAttachment({ GroupId: 'sg-fn', Region: 'r' }, index).onlyManagedNonInstance).toBe(true);
    const task = groupAttachment({ GroupId: 'sg-task', Region: 'r' }, index);
    expect(task.onlyManagedNonInstance).toBe(false);
    expect(task.summary).toBe('attached to 1 requester-managed interface ENI (eni-task)');
    const web = groupAttachment({ GroupId: 'sg-web', Region: 'r' }, index);
    expect(web.onlyManagedNonInstance).toBe(false);
    expect(web.instanceIds).toEqual(['i-1']);
    expect(web.summary).toBe('attached to i-1 and 1 api_gateway_managed ENI (eni-apigw)');
  });
  it('groups are looked up per region', () => {
    expect(groupAttachment({ GroupId: 'sg-web', Region: 'other' }, index).latent).toBe(true);
  });
});

describe('revokeIngressCommand', () => {
  const g = { GroupId: 'sg-1', Region: 'eu-west-1' };
  it('removes exactly one source of one permission', () => {
    const perm = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22 };
    const [v6] = permissionSources({ ...perm, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }, new Map());
    expect(revokeIngressCommand(g, perm, v6!)).toBe(
      "aws ec2 revoke-security-group-ingress --region eu-west-1 --group-id sg-1 --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{CidrIpv6=::/0}]'",
    );
    const all = { IpProtocol: '-1' };
    const [pl, ref] = permissionSources({ ...all, PrefixListIds: [{ PrefixListId: 'pl-1' }], UserIdGroupPairs: [{ GroupId: 'sg-2', UserId: '210987654321' }] }, new Map(), '123456789012');
    expect(revokeIngressCommand(g, all, pl!)).toContain("'IpProtocol=-1,PrefixListIds=[{PrefixListId=pl-1}]'");
    expect(revokeIngressCommand(g, all, ref!)).toContain("'IpProtocol=-1,UserIdGroupPairs=[{GroupId=sg-2,UserId=210987654321}]'");
  });
});
