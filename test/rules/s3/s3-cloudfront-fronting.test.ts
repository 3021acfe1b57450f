import { describe, expect, it } from 'vitest';
import rule, { originKind } from '../../../rules/s3/s3-cloudfront-fronting.js';
import { RuleTester } from '../../rule-tester.js';

const bucket = (Name: string, Region = 'us-east-1') => ({ Name, BucketRegion: Region, Region, Arn: `arn:aws:s3:::${Name}` });
const per = (Name: string, extra: Record<string, unknown>) => ({ Name, Region: 'us-east-1', Arn: `arn:aws:s3:::${Name}`, ...extra });
const dist = (Id: string, origin: string, extra: Record<string, unknown> = {}) => ({
  Id,
  DomainName: `${Id.toLowerCase()}.cloudfront.net`,
  Enabled: true,
  Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: origin, OriginAccessControlId: 'EOAC' }] },
  Region: 'global',
  Arn: `arn:aws:cloudfront::123456789012:distribution/${Id}`,
  ...extra,
});
/** The account-level Block Public Access (S3 Control), as collected. */
const account = (c: Record<string, boolean> | null) => ({ PublicAccessBlockConfiguration: c });
/** Buckets with their website, policy status and public access block in one line each. */
function s3(buckets: { name: string; website?: boolean; publicPolicy?: boolean; restrict?: boolean }[], distributions: unknown[] = []) {
  return {
    s3: {
      buckets: buckets.map((b) => bucket(b.name)),
      bucketWebsites: buckets.map((b) => per(b.name, { Website: b.website ? { IndexDocument: { Suffix: 'index.html' } } : null })),
      bucketPolicyStatus: buckets.map((b) => per(b.name, { PolicyStatus: b.publicPolicy === undefined ? null : { IsPublic: b.publicPolicy } })),
      bucketPublicAccessBlock: buckets.map((b) =>
        per(b.name, { PublicAccessBlockConfiguration: b.restrict ? { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } : null }),
      ),
    },
    cloudfront: { distributions },
  };
}

describe('originKind', () => {
  it.each([
    ['assets', 'assets.s3.amazonaws.com', 'rest'],
    ['assets', 'assets.s3.us-east-1.amazonaws.com', 'rest'],
    ['assets', 'assets.s3-us-west-2.amazonaws.com', 'rest'],
    ['assets', 'assets.s3.dualstack.eu-west-1.amazonaws.com', 'rest'],
    ['www.example.com', 'www.example.com.s3-website-us-east-1.amazonaws.com', 'website'],
    ['site', 'site.s3-website.eu-central-1.amazonaws.com', 'website'],
    ['site', 'site.s3.cn-north-1.amazonaws.com.cn', 'rest'],
    ['assets', 'other-assets.s3.amazonaws.com', undefined],
    ['assets', 'assets.example.com', undefined],
    ['a.b', 'axb.s3.amazonaws.com', undefined],
    ['assets', 'assets.s3-.amazonaws.com', undefined],
    ['assets', 'assets.s3..eu-west-1.amazonaws.com', undefined],
    ['assets', 'assets.s3--x.amazonaws.com', 'rest'],
  ])('%s via %s -> %s', (b, d, k) => expect(originKind(b, d)).toBe(k));

  it('an origin domain from the account with a long run of dashes is judged at once (no backtracking regex)', () => {
    // `(?:[.-][a-z0-9-]+)*` took seconds on 56 such characters, doubling with every two more.
    const started = process.hrtime.bigint();
    expect(originKind('x', `x.s3${'-a'.repeat(2000)}.amazonaws.co`)).toBeUndefined();
    expect(originKind('x', `x.s3${'-a'.repeat(2000)}.amazonaws.com`)).toBe('rest');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'private buckets nobody fronts are out of scope',
      notApplicable: true,
      snapshot: s3([{ name: 'logs' }, { name: 'data', publicPolicy: false }]),
    },
    {
      name: 'a public policy blocked by RestrictPublicBuckets is not public',
      notApplicable: true,
      snapshot: s3([{ name: 'data', publicPolicy: true, restrict: true }]),
    },
    {
      name: 'a public policy blocked by the account-level RestrictPublicBuckets (S3 Control) is not public',
      notApplicable: true,
      snapshot: { ...s3([{ name: 'data', publicPolicy: true }]), s3control: { accountPublicAccessBlock: account({ RestrictPublicBuckets: true }) } },
    },
    {
      name: 'fronted with OAC, public by policy, but the account restricts public buckets: pass',
      snapshot: {
        ...s3([{ name: 'img', publicPolicy: true }], [dist('EIMG', 'img.s3.us-east-1.amazonaws.com')]),
        s3control: { accountPublicAccessBlock: account({ BlockPublicPolicy: true, RestrictPublicBuckets: true }) },
      },
    },
    {
      name: 'directory buckets are out of scope',
      notApplicable: true,
      snapshot: s3([{ name: 'fast--use1-az4--x-s3', publicPolicy: true }]),
    },
    {
      name: 'fronted by CloudFront with OAC and private: pass',
      snapshot: s3([{ name: 'assets', publicPolicy: false }], [dist('EDIST1', 'assets.s3.us-east-1.amazonaws.com')]),
    },
  ],
  invalid: [
    {
      name: 'a website bucket with no distribution is served straight from S3 (WARN, info severity)',
      snapshot: s3([{ name: 'www.example.com', website: true, publicPolicy: true }, { name: 'assets', publicPolicy: false }], [dist('EDIST1', 'assets.s3.amazonaws.com')]),
      findings: [
        {
          status: 'warn',
          severity: 'info',
          resource: 'www.example.com',
          message: 'www.example.com is served straight from S3 through its website endpoint (HTTP only) and a public bucket policy, with no CloudFront in front',
          evidence: { website: true, publicPolicy: true },
        },
      ],
      passes: ['assets'],
    },
    {
      name: 'a public bucket policy without website hosting, fronted only by a disabled distribution',
      snapshot: s3([{ name: 'media', publicPolicy: true }], [dist('EOFF', 'media.s3.amazonaws.com', { Enabled: false })]),
      findings: [{ status: 'warn', resource: 'media', message: /through a public bucket policy, with no CloudFront in front \(distribution EOFF is disabled\)/ }],
    },
    {
      name: 'fronted through the website endpoint and so still public',
      snapshot: s3([{ name: 'site', website: true, publicPolicy: true }], [dist('EWEB', 'site.s3-website-us-east-1.amazonaws.com')]),
      findings: [{ status: 'warn', resource: 'site', message: 'fronted by EWEB through its website endpoint, which needs the bucket public' }],
    },
    {
      name: 'fronted through the REST endpoint but the policy is still public',
      snapshot: s3([{ name: 'img', publicPolicy: true }], [dist('EIMG', 'img.s3.us-east-1.amazonaws.com')]),
      findings: [{ status: 'warn', resource: 'img', message: 'fronted by EIMG but its bucket policy is still public' }],
    },
    {
      name: 'account-level Block Public Access set without RestrictPublicBuckets: the public policy still counts',
      snapshot: {
        ...s3([{ name: 'img', publicPolicy: true }], [dist('EIMG', 'img.s3.us-east-1.amazonaws.com')]),
        s3control: { accountPublicAccessBlock: account({ BlockPublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false }) },
      },
      findings: [{ status: 'warn', resource: 'img', messageId: 'frontedPublic', evidence: { accountRestrictPublicBuckets: false } }],
    },
    {
      name: 'the account-level setting could not be read: a public policy is still public (never a pass on an unread block)',
      snapshot: {
        ...s3([{ name: 'img', publicPolicy: true }], [dist('EIMG', 'img.s3.us-east-1.amazonaws.com')]),
        s3control: {
          errors: [{ dataset: 's3control.accountPublicAccessBlock', service: 's3control', region: 'global', operation: 's3control:GetPublicAccessBlock', code: 'AccessDenied', message: 'denied' }],
        },
      },
      findings: [
        { status: 'info', messageId: 'engine/context-unavailable' },
        { status: 'warn', resource: 'img', messageId: 'frontedPublic', evidence: { accountRestrictPublicBuckets: null } },
      ],
    },
  ],
});
