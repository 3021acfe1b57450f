// @ts-check
import { defineRule, fail, pass, z } from 'aws-tips';

/** Every S3 bucket names its owning team in a tag (Acme's tagging policy), so a finding reaches someone. */
export default defineRule({
  id: 'acme/bucket-owner-tag',
  section: 's3',
  tip: 'Every bucket names the team that owns it.',
  title: 'S3 buckets carry an owner tag',
  kind: 'automatic',
  severity: 'medium',
  needs: ['s3.buckets', 's3.bucketTagging'],
  options: z.object({
    /** The tag key that names the owner. */
    key: z.string().min(1).default('owner'),
  }),
  compliance: [
    {
      framework: 'aws-well-architected',
      control: 'COST03-BP02',
      coverage: 'partial',
      note: 'Checks one tag key on S3 buckets only.',
    },
  ],
  docs: {
    rationale: 'A bucket nobody owns is never cleaned up, and its findings reach nobody: Acme tags every bucket with its team.',
    checks: 'Reads each bucket\'s tags (GetBucketTagging) and fails a bucket without the owner tag, or with an empty value.',
    remediation: 'Tag the bucket with the owning team.',
    cli: 'aws s3api put-bucket-tagging --bucket <name> --tagging \'TagSet=[{Key=owner,Value=<team>}]\'',
    links: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/CostAllocTagging.html'],
  },
  messages: {
    owned: 'bucket {{bucket}} is owned by {{owner}}',
    unowned: 'bucket {{bucket}} has no {{key}} tag',
  },
  *check({ s3 }, ctx) {
    const tagSets = new Map(s3.bucketTagging.map((t) => [t.Arn, t.TagSet]));
    for (const bucket of s3.buckets) {
      const tagSet = tagSets.get(bucket.Arn);
      // Tags not read for this bucket: the engine reports that as an error finding; no verdict without them.
      if (!tagSet) continue;
      const owner = tagSet.find((t) => t.Key === ctx.options.key)?.Value;
      yield owner
        ? pass(bucket, 'owned', { bucket: bucket.Name, owner })
        : fail(bucket, 'unowned', { bucket: bucket.Name, key: ctx.options.key });
    }
  },
});
