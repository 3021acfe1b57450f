import { z } from 'zod';
import { defineRule, fail, info, pass } from '../../src/rule.js';

/**
 * Whether a bucket name could be a website hostname: dotted DNS labels ending in an alphabetic top-level
 * label (`www.example.com`). A heuristic: without Route 53 data, "contains a TLD" is all the rule can see.
 */
export function looksLikeHostname(name: string): boolean {
  const labels = name.split('.');
  return labels.length >= 2 && labels.every((l) => /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(l)) && /^[a-z]{2,63}$/.test(labels.at(-1)!);
}

export default defineRule({
  id: 's3-bucket-name-no-dots',
  section: 's3',
  tip: 'Use "-" instead of "." in bucket names for SSL.',
  title: 'S3 bucket names contain no dots',
  kind: 'automatic',
  severity: 'low',
  needs: ['s3.buckets', 's3.bucketWebsites'],
  options: z.object({}),
  compliance: [],
  docs: {
    rationale:
      'A dot in a bucket name breaks virtual-hosted-style HTTPS: `https://a.b.s3.<region>.amazonaws.com` does not match ' +
      'the wildcard certificate `*.s3.<region>.amazonaws.com`, and Transfer Acceleration is unavailable. Bucket names ' +
      'cannot be changed later.',
    checks:
      'Each general purpose bucket fails when its name contains a dot. A bucket with static website hosting whose ' +
      'name looks like a hostname (ends in an alphabetic top-level label, e.g. www.example.com) is INFO: website ' +
      'hosting under a custom domain requires the bucket name to equal the hostname. Directory buckets (`--x-s3`) ' +
      'are out of scope.',
    remediation:
      'Bucket names cannot be changed: create a bucket with hyphens, copy the data, switch consumers, delete the old ' +
      'one. Serve website buckets over TLS through CloudFront.',
    cli: 'aws s3 mb s3://new-name && aws s3 sync s3://old.name s3://new-name',
    outdated:
      'Still true: AWS recommends avoiding dots except for buckets used only for static website hosting. Modern SDKs ' +
      '(v3 included) fall back to path-style addressing for dotted names, so clients often work, hence low severity; ' +
      'path-style deprecation is postponed but still announced.',
    links: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html',
      'https://aws.amazon.com/blogs/aws/amazon-s3-path-deprecation-plan-the-rest-of-the-story/',
    ],
  },
  messages: {
    noDots: '{{name}} has no dots',
    websiteHostname:
      '{{name}} has dots but hosts a website under what looks like its hostname (required by S3 website hosting); serve it over TLS through CloudFront',
    dots: '{{name}} contains ".": virtual-hosted-style HTTPS fails the *.s3.{{region}}.amazonaws.com certificate and Transfer Acceleration is unsupported',
  },
  *check({ s3 }) {
    const websites = new Map(s3.bucketWebsites.map((w) => [w.Name, w.Website]));
    for (const b of s3.buckets) {
      if (b.Name.endsWith('--x-s3')) continue; // directory bucket: another namespace
      const website = websites.get(b.Name) ?? null;
      const evidence = { Name: b.Name, website: website !== null };
      if (!b.Name.includes('.')) yield pass(b, 'noDots', { name: b.Name }, { evidence });
      else if (website && looksLikeHostname(b.Name))
        yield info(b, 'websiteHostname', { name: b.Name }, { evidence });
      else {
        // The item's Region is the bucket's own (BucketRegion, else GetBucketLocation): name it in the certificate.
        const region = b.BucketRegion || (b.Region && b.Region !== 'global' ? b.Region : '<region>');
        yield fail(b, 'dots', { name: b.Name, region }, { evidence });
      }
    }
  },
});
