import { RuleTester } from 'aws-tips/rule-tester';
import rule from '../rules/bucket-owner-tag.js';

const bucket = (Name: string) => ({ Name, Arn: `arn:aws:s3:::${Name}`, Region: 'us-east-1' });
const tagging = (Name: string, TagSet: { Key: string; Value: string }[]) => ({ ...bucket(Name), TagSet });

RuleTester.run(rule, {
  valid: [
    {
      name: 'a bucket with an owner tag',
      snapshot: { s3: { buckets: [bucket('assets')], bucketTagging: [tagging('assets', [{ Key: 'owner', Value: 'web' }])] } },
    },
    {
      name: 'another tag key, by option',
      snapshot: { s3: { buckets: [bucket('assets')], bucketTagging: [tagging('assets', [{ Key: 'team', Value: 'web' }])] } },
      options: { key: 'team' },
    },
    { name: 'no buckets', snapshot: { s3: { buckets: [], bucketTagging: [] } }, notApplicable: true },
  ],
  invalid: [
    {
      name: 'a bucket without tags fails, one with an owner passes',
      snapshot: {
        s3: {
          buckets: [bucket('logs'), bucket('assets')],
          bucketTagging: [tagging('logs', []), tagging('assets', [{ Key: 'owner', Value: 'web' }])],
        },
      },
      findings: [{ status: 'fail', messageId: 'unowned', resource: 'logs', severity: 'medium', message: 'bucket logs has no owner tag' }],
      passes: ['assets'],
    },
    {
      name: 'an empty owner is no owner',
      snapshot: { s3: { buckets: [bucket('logs')], bucketTagging: [tagging('logs', [{ Key: 'owner', Value: '' }])] } },
      findings: [{ status: 'fail', messageId: 'unowned', resource: 'logs' }],
    },
    {
      name: 'tags that could not be read give an error, never a pass',
      snapshot: {
        s3: {
          buckets: [bucket('logs')],
          bucketTagging: [],
          errors: [{ service: 's3', dataset: 's3.bucketTagging', operation: 's3:GetBucketTagging', region: 'global', code: 'AccessDenied', message: 'denied', resource: 'arn:aws:s3:::logs' }],
        },
      },
      findings: [{ status: 'error', resource: 'logs' }],
    },
  ],
});
