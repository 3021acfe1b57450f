import { describe, expect, it } from 'vitest';
import {
  canonicalIp,
  classifyAwsTarget,
  cnameTarget,
  decodeRecordName,
  domainMatches,
  isApex,
  loadBalancerAddresses,
  type RecordLike,
} from '../../src/aws-model/route53.js';

const rec = (over: Partial<RecordLike>): RecordLike => ({
  Name: 'www.example.com.',
  Type: 'CNAME',
  ZoneName: 'example.com.',
  PrivateZone: false,
  HostedZoneId: 'Z1',
  ResourceRecords: [{ Value: 'Target.Example.NET.' }],
  ...over,
});

describe('route53 record helpers', () => {
  it('decodes octal escapes, lower-cases and drops the trailing dot', () => {
    expect(decodeRecordName('\\052.Example.com.')).toBe('*.example.com');
    expect(decodeRecordName('a\\100b.example.com.')).toBe('a@b.example.com');
    expect(decodeRecordName('example.com')).toBe('example.com');
  });

  it('reads the CNAME target of plain CNAMEs only', () => {
    expect(cnameTarget(rec({}))).toBe('target.example.net');
    expect(cnameTarget(rec({ Type: 'A', ResourceRecords: [{ Value: '192.0.2.1' }] }))).toBeUndefined();
    expect(cnameTarget(rec({ AliasTarget: { DNSName: 'x.cloudfront.net.' } }))).toBeUndefined();
    expect(cnameTarget(rec({ ResourceRecords: [] }))).toBeUndefined();
    expect(cnameTarget(rec({ ResourceRecords: [{ Value: '' }] }))).toBeUndefined();
  });

  it('knows the zone apex', () => {
    expect(isApex(rec({ Name: 'Example.com.', Type: 'A' }))).toBe(true);
    expect(isApex(rec({}))).toBe(false);
  });

  it('matches CloudFront alternate domain names, wildcards one label deep', () => {
    expect(domainMatches('cdn.example.com', 'cdn.example.com')).toBe(true);
    expect(domainMatches('*.example.com', 'cdn.example.com')).toBe(true);
    expect(domainMatches('*.example.com', 'a.b.example.com')).toBe(false);
    expect(domainMatches('*.example.com', 'example.com')).toBe(false);
    expect(domainMatches('cdn.example.com', 'www.example.com')).toBe(false);
  });
});

describe('classifyAwsTarget', () => {
  it.each([
    ['web-123456.us-east-1.elb.amazonaws.com', 'elb', true],
    ['dualstack.web-123456.eu-west-1.elb.amazonaws.com.', 'elb', true],
    ['internal-admin-99.us-east-1.elb.amazonaws.com', 'elb', true],
    ['api-nlb-0123abcd.elb.eu-west-1.amazonaws.com', 'nlb', true],
    ['web-1.cn-north-1.elb.amazonaws.com.cn', 'elb', true],
    ['d111111abcdef8.cloudfront.net', 'cloudfront', true],
    ['www.example.com.s3-website-us-east-1.amazonaws.com', 's3-website', true],
    ['site.s3-website.eu-central-1.amazonaws.com', 's3-website', true],
    ['assets.s3.amazonaws.com', 's3-rest', false],
    ['assets.s3.us-west-2.amazonaws.com', 's3-rest', false],
    ['assets.s3-us-west-2.amazonaws.com', 's3-rest', false],
    ['d-abc123xyz.execute-api.us-east-1.amazonaws.com', 'api-gateway', true],
    ['myenv.us-west-2.elasticbeanstalk.com', 'elastic-beanstalk', true],
    ['myenv.xyz.us-east-1.elasticbeanstalk.com', 'elastic-beanstalk', true],
    ['myenv.elasticbeanstalk.com', 'elastic-beanstalk-legacy', false],
    ['a1234567890abcdef.awsglobalaccelerator.com', 'global-accelerator', true],
    ['vpce-0123-abcd.ec2.us-east-1.vpce.amazonaws.com', 'vpc-endpoint', true],
  ])('%s is %s', (host, kind, aliasable) => {
    expect(classifyAwsTarget(host)).toMatchObject({ kind, aliasable });
  });

  it('extracts the bucket of S3 endpoints, dots included', () => {
    expect(classifyAwsTarget('www.example.com.s3-website-us-east-1.amazonaws.com')?.bucket).toBe('www.example.com');
    expect(classifyAwsTarget('my.assets.s3.amazonaws.com')?.bucket).toBe('my.assets');
  });

  it.each(['example.net', 'ghs.googlehosted.com', 'mydb.abc123.us-east-1.rds.amazonaws.com', 'x.cache.amazonaws.com', 'amazonaws.com.evil.net'])(
    '%s is no alias candidate',
    (host) => expect(classifyAwsTarget(host)).toBeUndefined(),
  );
});

describe('loadBalancerAddresses', () => {
  const enis = [
    {
      NetworkInterfaceId: 'eni-alb',
      Region: 'us-east-1',
      InterfaceType: 'interface',
      Description: 'ELB app/web-alb/50dc6c495c0c9188',
      RequesterManaged: true,
      Attachment: { InstanceOwnerId: 'amazon-elb' },
      PrivateIpAddress: '10.0.1.10',
      PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.10', Association: { PublicIp: '203.0.113.10' } }],
      Association: { PublicIp: '203.0.113.10' },
      Ipv6Addresses: [{ Ipv6Address: '2001:DB8:0:0::10' }],
    },
    {
      NetworkInterfaceId: 'eni-nlb',
      Region: 'eu-west-1',
      InterfaceType: 'network_load_balancer',
      Description: 'ELB net/api-eu-nlb/7e4f0c7f5a1b2c3d',
      PrivateIpAddress: '10.1.1.20',
      Association: { PublicIp: '198.51.100.20' },
    },
    { NetworkInterfaceId: 'eni-clb', Region: 'us-east-1', Description: 'ELB legacy-clb', RequesterManaged: true, PrivateIpAddress: '10.0.2.30' },
    { NetworkInterfaceId: 'eni-eip', Region: 'us-east-1', Description: 'ELB app/static/1', RequesterManaged: true, Association: { PublicIp: '192.0.2.40', AllocationId: 'eipalloc-1' } },
    { NetworkInterfaceId: 'eni-user', Region: 'us-east-1', Description: 'ELB app/fake/1', RequesterManaged: false, PrivateIpAddress: '10.0.9.9' },
    { NetworkInterfaceId: 'eni-i', Region: 'us-east-1', Description: 'Primary network interface', PrivateIpAddress: '10.0.3.3' },
  ];
  const map = loadBalancerAddresses(enis);

  it('maps every address of load balancer nodes to the load balancer', () => {
    expect(map.get('203.0.113.10')).toMatchObject({ type: 'application', name: 'web-alb', stable: false, networkInterfaceId: 'eni-alb' });
    expect(map.get('10.0.1.10')).toMatchObject({ type: 'application', name: 'web-alb' });
    expect(map.get('2001:db8::10')).toMatchObject({ name: 'web-alb' });
    expect(map.get('198.51.100.20')).toMatchObject({ type: 'network', name: 'api-eu-nlb', stable: true, region: 'eu-west-1' });
    expect(map.get('10.0.2.30')).toMatchObject({ type: 'classic', name: 'legacy-clb', stable: false });
    expect(map.get('192.0.2.40')).toMatchObject({ name: 'static', stable: true });
  });

  it('ignores interfaces that are not managed by ELB', () => {
    expect(map.has('10.0.9.9')).toBe(false);
    expect(map.has('10.0.3.3')).toBe(false);
  });

  it('canonicalises IPs and rejects non-IPs', () => {
    expect(canonicalIp(' 2001:0DB8::0010 ')).toBe('2001:db8::10');
    expect(canonicalIp('192.0.2.1')).toBe('192.0.2.1');
    expect(canonicalIp('example.com')).toBeUndefined();
  });
});
