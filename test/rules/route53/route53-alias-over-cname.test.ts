import rule from '../../../rules/route53/route53-alias-over-cname.js';
import { RuleTester } from '../../rule-tester.js';

const ZONE = { HostedZoneId: 'ZPUB', ZoneName: 'example.com.', PrivateZone: false, Region: 'global' };
const PRIV = { HostedZoneId: 'ZPRIV', ZoneName: 'corp.internal.', PrivateZone: true, Region: 'global' };
const cname = (name: string, target: string, extra: Record<string, unknown> = {}) => ({
  ...ZONE,
  Name: name,
  Type: 'CNAME',
  TTL: 300,
  ResourceRecords: [{ Value: target }],
  Arn: `arn:aws:route53:::hostedzone/${(extra.HostedZoneId as string) ?? 'ZPUB'}/recordset/${name}/CNAME${extra.SetIdentifier ? `/${extra.SetIdentifier}` : ''}`,
  ...extra,
});
const a = (name: string, values: string[], extra: Record<string, unknown> = {}) => ({
  ...ZONE,
  Name: name,
  Type: 'A',
  TTL: 60,
  ResourceRecords: values.map((Value) => ({ Value })),
  Arn: `arn:aws:route53:::hostedzone/ZPUB/recordset/${name}/A`,
  ...extra,
});
const albEni = {
  NetworkInterfaceId: 'eni-alb',
  Region: 'us-east-1',
  InterfaceType: 'interface',
  Description: 'ELB app/web-alb/50dc6c495c0c9188',
  RequesterManaged: true,
  Attachment: { InstanceOwnerId: 'amazon-elb' },
  PrivateIpAddress: '10.0.1.10',
  Association: { PublicIp: '203.0.113.10' },
};
const nlbEni = {
  NetworkInterfaceId: 'eni-nlb',
  Region: 'eu-west-1',
  InterfaceType: 'network_load_balancer',
  Description: 'ELB net/api-nlb/7e4f',
  PrivateIpAddress: '10.1.1.20',
  Association: { PublicIp: '198.51.100.20' },
};
const snap = (recordSets: unknown[], extra: { distributions?: unknown[]; networkInterfaces?: unknown[] } = {}) => ({
  route53: { recordSets },
  cloudfront: { distributions: extra.distributions ?? [] },
  ec2: { networkInterfaces: extra.networkInterfaces ?? [] },
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'ALIAS records and CNAMEs to non-AWS names pass',
      snapshot: snap([
        a('example.com.', [], { ResourceRecords: undefined, AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: 'dualstack.web-1.us-east-1.elb.amazonaws.com.', EvaluateTargetHealth: true } }),
        cname('_abc.example.com.', '_xyz.acm-validations.aws.'),
        cname('mail.example.com.', 'ghs.googlehosted.com.'),
        cname('db.example.com.', 'prod.abc123.us-east-1.rds.amazonaws.com.'),
      ]),
    },
    {
      name: 'legacy Elastic Beanstalk names cannot be aliased: pass',
      snapshot: snap([cname('app.example.com.', 'myapp.elasticbeanstalk.com.')]),
    },
    {
      name: 'S3 REST endpoints cannot be aliased: INFO to use CloudFront',
      notApplicable: true,
      snapshot: snap([cname('files.example.com.', 'files.example.com.s3.amazonaws.com.')]),
    },
    {
      name: 'S3 website whose bucket is not named like the record: INFO only',
      notApplicable: true,
      snapshot: snap([cname('www.example.com.', 'acme-site.s3-website-us-east-1.amazonaws.com.')]),
    },
    {
      name: 'CNAME to a distribution that does not list the name: INFO to fix the distribution first',
      notApplicable: true,
      snapshot: snap([cname('cdn.example.com.', 'd111111abcdef8.cloudfront.net.')], {
        distributions: [{ Id: 'EDIST1', DomainName: 'd111111abcdef8.cloudfront.net', Aliases: { Quantity: 1, Items: ['static.example.com'] }, Arn: 'arn:aws:cloudfront::123456789012:distribution/EDIST1', Region: 'global' }],
      }),
    },
    {
      name: 'A records with NLB (static) addresses are INFO; other literal IPs are out of scope',
      notApplicable: true,
      snapshot: snap([a('api.example.com.', ['198.51.100.20']), a('vpn.example.com.', ['192.0.2.99'])], { networkInterfaces: [nlbEni] }),
    },
    {
      name: 'a CNAME to a same-zone name with only TXT, MX or NS records is no alias target',
      snapshot: snap([
        cname('mail.example.com.', 'mx.example.com.'),
        { ...a('mx.example.com.', []), Type: 'MX', ResourceRecords: [{ Value: '10 mx1.example.net.' }], Arn: 'arn:aws:route53:::hostedzone/ZPUB/recordset/mx.example.com./MX' },
        { ...a('mx.example.com.', []), Type: 'TXT', ResourceRecords: [{ Value: '"v=spf1 -all"' }], Arn: 'arn:aws:route53:::hostedzone/ZPUB/recordset/mx.example.com./TXT' },
        cname('dev.example.com.', 'sub.example.com.'),
        { ...a('sub.example.com.', []), Type: 'NS', ResourceRecords: [{ Value: 'ns-1.awsdns-01.org.' }], Arn: 'arn:aws:route53:::hostedzone/ZPUB/recordset/sub.example.com./NS' },
      ]),
      allow: ['pass'],
    },
    {
      name: 'a CNAME to another CNAME of the same zone is not aliasable that way',
      snapshot: snap([cname('a.example.com.', 'b.example.com.'), cname('b.example.com.', 'partner.example.net.')]),
    },
  ],
  invalid: [
    {
      name: 'CNAME to an ALB fails low; an ALIAS next to it passes',
      snapshot: snap([
        cname('www.example.com.', 'Web-ALB-123456.us-east-1.elb.amazonaws.com.'),
        a('example.com.', [], { ResourceRecords: undefined, AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: 'web-alb-123456.us-east-1.elb.amazonaws.com.' } }),
      ]),
      findings: [
        {
          status: 'fail',
          severity: 'low',
          resource: 'www.example.com.',
          message: /www\.example\.com is a CNAME to Classic\/Application Load Balancer web-alb-123456\.us-east-1\.elb\.amazonaws\.com: make it an ALIAS \(alias queries are free/,
          evidence: { target: 'web-alb-123456.us-east-1.elb.amazonaws.com', targetKind: 'elb' },
        },
      ],
      passes: ['example.com.'],
    },
    {
      name: 'every alias-capable target type fails',
      snapshot: snap([
        cname('nlb.example.com.', 'api-nlb-0123.elb.eu-west-1.amazonaws.com'),
        cname('cdn.example.com.', 'd222.cloudfront.net.'),
        cname('api.example.com.', 'd-abc123xyz.execute-api.us-east-1.amazonaws.com.'),
        cname('eb.example.com.', 'myenv.us-west-2.elasticbeanstalk.com.'),
        cname('ga.example.com.', 'a1234567890abcdef.awsglobalaccelerator.com.'),
        cname('s3.example.com.', 'vpce-0123-abcd.s3.us-east-1.vpce.amazonaws.com.'),
      ]),
      findings: [
        { status: 'fail', resource: 'nlb.example.com.', evidence: { targetKind: 'nlb' } },
        { status: 'fail', resource: 'cdn.example.com.', evidence: { targetKind: 'cloudfront' } },
        { status: 'fail', resource: 'api.example.com.', evidence: { targetKind: 'api-gateway' } },
        { status: 'fail', resource: 'eb.example.com.', evidence: { targetKind: 'elastic-beanstalk' } },
        { status: 'fail', resource: 'ga.example.com.', evidence: { targetKind: 'global-accelerator' } },
        { status: 'fail', resource: 's3.example.com.', evidence: { targetKind: 'vpc-endpoint' } },
      ],
    },
    {
      name: 'S3 website endpoint fails only when the record name equals the bucket name',
      snapshot: snap([
        cname('www.example.com.', 'www.example.com.s3-website-us-east-1.amazonaws.com.'),
        cname('blog.example.com.', 'acme-blog.s3-website.eu-west-1.amazonaws.com.'),
      ]),
      findings: [
        { status: 'fail', resource: 'www.example.com.', evidence: { targetKind: 's3-website' } },
        { status: 'info', resource: 'blog.example.com.', message: 'record name to equal the bucket name (acme-blog)' },
      ],
    },
    {
      name: 'CloudFront distribution of the account listing the name (wildcard) fails: alias would work',
      snapshot: snap([cname('img.example.com.', 'd111111abcdef8.cloudfront.net')], {
        distributions: [{ Id: 'EDIST1', DomainName: 'd111111abcdef8.cloudfront.net', Aliases: { Quantity: 1, Items: ['*.example.com'] }, Arn: 'arn:aws:cloudfront::123456789012:distribution/EDIST1', Region: 'global' }],
      }),
      findings: [{ status: 'fail', resource: 'img.example.com.', evidence: { targetKind: 'cloudfront' } }],
    },
    {
      name: 'same-zone target that is not a CNAME fails',
      snapshot: snap([
        cname('shop.example.com.', 'www.example.com.'),
        a('www.example.com.', ['192.0.2.10']),
        a('www.example.com.', ['2001:db8::10'], { Type: 'AAAA', Arn: 'arn:aws:route53:::hostedzone/ZPUB/recordset/www.example.com./AAAA' }),
        { ...a('www.example.com.', []), Type: 'TXT', ResourceRecords: [{ Value: '"x"' }], Arn: 'arn:aws:route53:::hostedzone/ZPUB/recordset/www.example.com./TXT' },
      ]),
      findings: [{ status: 'fail', resource: 'shop.example.com.', message: 'in the same zone: an A/AAAA ALIAS to that record', evidence: { targetKind: 'same-zone', targetTypes: ['A', 'AAAA'] } }],
    },
    {
      name: 'weighted CNAMEs say to keep the routing policy; private zones say the saving is smaller',
      snapshot: snap([
        cname('api.example.com.', 'api-use1.us-east-1.elb.amazonaws.com.', { SetIdentifier: 'use1', Weight: 50 }),
        cname('svc.corp.internal.', 'internal-svc-1.us-east-1.elb.amazonaws.com.', { ...PRIV, Arn: 'arn:aws:route53:::hostedzone/ZPRIV/recordset/svc.corp.internal./CNAME' }),
      ]),
      findings: [
        { status: 'fail', resource: 'api.example.com.', message: 'keep the routing policy and set identifier', evidence: { setIdentifier: 'use1' } },
        { status: 'fail', resource: 'svc.corp.internal.', message: 'private zone: the cost saving is smaller', evidence: { privateZone: true } },
      ],
    },
    {
      name: 'octal-escaped wildcard record names are decoded',
      snapshot: snap([cname('\\052.example.com.', 'edge-1.us-east-1.elb.amazonaws.com.')]),
      findings: [{ status: 'fail', resource: '\\052.example.com.', message: /^\*\.example\.com is a CNAME/, evidence: { name: '*.example.com' } }],
    },
    {
      name: 'apex A record hard-coding ALB addresses fails and names the load balancer',
      snapshot: snap([a('example.com.', ['203.0.113.10', '203.0.113.11'])], { networkInterfaces: [albEni, nlbEni] }),
      findings: [
        {
          status: 'fail',
          resource: 'example.com.',
          message: /hard-codes addresses of application load balancer web-alb at the zone apex/,
          evidence: { addresses: ['203.0.113.10'], loadBalancer: 'web-alb' },
        },
      ],
    },
    {
      name: 'NLB static addresses in an A record are INFO next to a failing CNAME',
      snapshot: snap([a('tcp.example.com.', ['198.51.100.20']), cname('www.example.com.', 'web-1.us-east-1.elb.amazonaws.com')], { networkInterfaces: [nlbEni] }),
      findings: [
        { status: 'info', resource: 'tcp.example.com.', message: 'static addresses of network load balancer api-nlb' },
        { status: 'fail', resource: 'www.example.com.' },
      ],
    },
  ],
});
