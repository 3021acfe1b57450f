import { z } from 'zod';
import { defineRule, pass, warn } from '../../src/rule.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How a CloudFront origin reaches a bucket: its website endpoint, its REST endpoint, or not at all. */
export function originKind(bucket: string, domain: string): 'website' | 'rest' | undefined {
  const d = domain.toLowerCase().replace(/\.$/, '');
  const b = escape(bucket.toLowerCase());
  if (new RegExp(`^${b}\\.s3-website[.-][a-z0-9-]+\\.amazonaws\\.com(\\.cn)?$`).test(d)) return 'website';
  if (isRestEndpoint(bucket.toLowerCase(), d)) return 'rest';
  return undefined;
}

/**
 * `<bucket>.s3<tail>.amazonaws.com[.cn]`, the tail being zero or more `.label` or `-label` parts
 * (`.s3.eu-west-1`, `.s3-eu-west-1`, `.s3.dualstack.us-east-1`). Checked label by label, not with a
 * nested-quantifier regex: the domain comes from the account, and `(?:[.-][a-z0-9-]+)*` backtracks
 * exponentially on a run of dashes.
 */
function isRestEndpoint(bucket: string, domain: string): boolean {
  const head = `${bucket}.s3`;
  const suffix = domain.endsWith('.amazonaws.com') ? '.amazonaws.com' : domain.endsWith('.amazonaws.com.cn') ? '.amazonaws.com.cn' : undefined;
  if (!suffix || !domain.startsWith(head) || domain.length < head.length + suffix.length) return false;
  const tail = domain.slice(head.length, domain.length - suffix.length);
  if (tail === '') return true;
  const [first, ...labels] = tail.split('.');
  const label = /^[a-z0-9-]+$/;
  // Before the first dot: nothing (the tail starts with a dot) or "-" and at least one more character.
  if (first !== '' && !(first!.startsWith('-') && first!.length >= 2 && label.test(first!))) return false;
  return labels.every((l) => label.test(l));
}

export default defineRule({
  id: 's3-cloudfront-fronting',
  section: 's3',
  tip: "You don't have to use CloudFront in front of S3 (but it can help).",
  title: 'Buckets that serve content are fronted by CloudFront and not public',
  kind: 'heuristic',
  severity: 'info',
  needs: ['s3.buckets', 's3.bucketWebsites', 's3.bucketPolicyStatus', 's3.bucketPublicAccessBlock', 'cloudfront.distributions'],
  // Context only: unread, it blocks nothing, so a public policy stays public (a warn, never a wrong pass).
  optionalNeeds: ['s3control.accountPublicAccessBlock'],
  options: z.object({}),
  compliance: [
    {
      framework: 'aws-fsbp', control: 'S3.2', coverage: 'partial',
      note: 'Reads bucket policy status only (no ACLs, no account-level block); public buckets get a WARN at info severity.',
    },
  ],
  docs: {
    rationale:
      'S3 scales on its own, so CloudFront is optional; but it adds HTTPS on your own domain (S3 website endpoints ' +
      'are HTTP only), edge caching, and lower transfer prices at volume, and with Origin Access Control the bucket ' +
      'itself can stay private.',
    checks:
      'A bucket serves content when it has static website hosting or its bucket policy is public (GetBucketPolicyStatus ' +
      'IsPublic, unless RestrictPublicBuckets is on for the bucket or for the whole account: account-level Block ' +
      'Public Access, S3 Control GetPublicAccessBlock, applies to every bucket). It is fronted when an enabled ' +
      'CloudFront distribution has an origin on its REST or website endpoint. Serving and not fronted: WARN at info ' +
      'severity. Fronted and still public: WARN at info severity (a website-endpoint origin needs a public bucket; a ' +
      'REST origin with OAC does not). Fronted and not public: pass. Private, unfronted buckets are out of scope. ' +
      'When the account-level setting cannot be read, only the bucket-level one counts (and an info says so). ' +
      'Bucket ACLs are not read.',
    remediation:
      'Create a distribution with the bucket REST endpoint as origin and an Origin Access Control, allow only that ' +
      'distribution in the bucket policy, then turn on Block Public Access for the bucket.',
    cli: 'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    outdated:
      'The optionality is unchanged, but the balance moved: website endpoints still lack HTTPS, new buckets block ' +
      'public access by default (April 2023), and CloudFront with OAC is the standard way to publish bucket content. ' +
      'The rule stays informational.',
    links: [
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
    ],
  },
  messages: {
    notFronted:
      '{{name}} is served straight from S3 through {{how}}, with no CloudFront in front{{disabled}}: no HTTPS on your domain, no edge caching; consider CloudFront with OAC',
    frontedWebsitePublic:
      '{{name}} is fronted by {{via}} through its website endpoint, which needs the bucket public: use the REST endpoint with OAC (unless you need website redirects) and block public access',
    frontedPublic: '{{name}} is fronted by {{via}} but its bucket policy is still public: allow only the distribution (OAC) and block public access',
    frontedPrivate: '{{name}} is served through CloudFront {{via}} and is not public',
  },
  *check({ s3, cloudfront, s3control }) {
    // Account-level RestrictPublicBuckets applies to every bucket, like the bucket-level flag; null: not read.
    const account = s3control.accountPublicAccessBlock;
    const accountRestricts = account ? account.PublicAccessBlockConfiguration?.RestrictPublicBuckets === true : null;
    const websites = new Map(s3.bucketWebsites.map((w) => [w.Name, w.Website]));
    const policies = new Map(s3.bucketPolicyStatus.map((p) => [p.Name, p.PolicyStatus]));
    const blocks = new Map(s3.bucketPublicAccessBlock.map((p) => [p.Name, p.PublicAccessBlockConfiguration]));
    // Origins by the bucket name their domain can start with (any prefix before ".s3"): each bucket
    // then tests only its own candidates, in distribution order, instead of every origin.
    type Origin = { d: (typeof cloudfront.distributions)[number]; o: { DomainName?: string | null; OriginAccessControlId?: string | null } };
    const byPrefix = new Map<string, Origin[]>();
    for (const d of cloudfront.distributions)
      for (const o of d.Origins?.Items ?? []) {
        if (!o.DomainName) continue;
        const dom = o.DomainName.toLowerCase();
        for (let i = dom.indexOf('.s3'); i >= 0; i = dom.indexOf('.s3', i + 1)) {
          const list = byPrefix.get(dom.slice(0, i));
          if (list) list.push({ d, o });
          else byPrefix.set(dom.slice(0, i), [{ d, o }]);
        }
      }
    for (const b of s3.buckets) {
      if (b.Name.endsWith('--x-s3')) continue;
      const fronts = (byPrefix.get(b.Name.toLowerCase()) ?? []).flatMap(({ d, o }) => {
        const kind = o.DomainName ? originKind(b.Name, o.DomainName) : undefined;
        return kind ? [{ id: d.Id, enabled: d.Enabled !== false, kind, oac: !!o.OriginAccessControlId }] : [];
      });
      const live = fronts.filter((f) => f.enabled);
      const website = (websites.get(b.Name) ?? null) !== null;
      const restricted = blocks.get(b.Name)?.RestrictPublicBuckets === true || accountRestricts === true;
      const isPublic = policies.get(b.Name)?.IsPublic === true && !restricted;
      if (!website && !isPublic && live.length === 0) continue;
      const evidence = { website, publicPolicy: policies.get(b.Name)?.IsPublic === true, restrictPublicBuckets: restricted, accountRestrictPublicBuckets: accountRestricts, distributions: fronts };
      const via = live.map((f) => f.id).join(', ');
      if (live.length === 0) {
        const how = [website ? 'its website endpoint (HTTP only)' : '', isPublic ? 'a public bucket policy' : ''].filter(Boolean).join(' and ');
        const disabled = fronts.length ? ` (distribution ${fronts.map((f) => f.id).join(', ')} is disabled)` : '';
        yield warn(b, 'notFronted', { name: b.Name, how, disabled }, { evidence });
      } else if (isPublic) {
        const websiteOrigin = live.some((f) => f.kind === 'website');
        yield warn(b, websiteOrigin ? 'frontedWebsitePublic' : 'frontedPublic', { name: b.Name, via }, { evidence });
      } else {
        yield pass(b, 'frontedPrivate', { name: b.Name, via }, { evidence });
      }
    }
  },
});
