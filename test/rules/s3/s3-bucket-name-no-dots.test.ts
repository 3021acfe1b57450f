import { describe, expect, it } from 'vitest';
import rule, { looksLikeHostname } from '../../../rules/s3/s3-bucket-name-no-dots.js';
import { RuleTester } from '../../rule-tester.js';

describe('looksLikeHostname', () => {
  it.each([
    ['www.example.com', true],
    ['example.co.uk', true],
    ['static.example.io', true],
    ['logs.2024', false],
    ['my.bucket.v1', false],
    ['nodots', false],
  ])('%s -> %s', (name, expected) => expect(looksLikeHostname(name)).toBe(expected));
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'hyphenated names pass',
      snapshot: { s3: { buckets: [{ Name: 'my-logs', BucketRegion: 'eu-west-1' }], bucketWebsites: [{ Name: 'my-logs', Website: null }] } },
    },
    {
      name: 'directory buckets are out of scope',
      notApplicable: true,
      snapshot: { s3: { buckets: [{ Name: 'fast.data--use1-az4--x-s3' }] } },
    },
    {
      name: 'website bucket named after its hostname is INFO only',
      notApplicable: true,
      snapshot: {
        s3: {
          buckets: [{ Name: 'www.example.com', BucketRegion: 'us-east-1' }],
          bucketWebsites: [{ Name: 'www.example.com', Website: { IndexDocument: { Suffix: 'index.html' } } }],
        },
      },
    },
  ],
  invalid: [
    {
      name: 'dotted name fails low and says why',
      snapshot: {
        s3: {
          buckets: [{ Name: 'my.logs', BucketRegion: 'eu-west-1' }, { Name: 'clean-name' }],
          bucketWebsites: [{ Name: 'my.logs', Website: null }, { Name: 'clean-name', Website: null }],
        },
      },
      findings: [
        { status: 'fail', severity: 'low', resource: 'my.logs', message: /my\.logs contains "\.".*\*\.s3\.eu-west-1\.amazonaws\.com.*Transfer Acceleration/ },
      ],
      passes: ['clean-name'],
    },
    {
      name: 'the certificate names the bucket region from GetBucketLocation (Region) when ListBuckets gave no BucketRegion',
      snapshot: { s3: { buckets: [{ Name: 'old.archive', Region: 'ap-southeast-2' }], bucketWebsites: [] } },
      findings: [{ status: 'fail', resource: 'old.archive', message: 'fails the *.s3.ap-southeast-2.amazonaws.com certificate' }],
    },
    {
      name: 'a hostname-like name without website hosting still fails',
      snapshot: { s3: { buckets: [{ Name: 'www.example.com' }], bucketWebsites: [{ Name: 'www.example.com', Website: null }] } },
      findings: [{ status: 'fail', resource: 'www.example.com' }],
    },
    {
      name: 'a website bucket whose dotted name is not a hostname still fails',
      snapshot: { s3: { buckets: [{ Name: 'site.v2' }], bucketWebsites: [{ Name: 'site.v2', Website: {} }] } },
      findings: [{ status: 'fail', resource: 'site.v2' }],
    },
    {
      name: 'website INFO next to a failure',
      snapshot: {
        s3: {
          buckets: [{ Name: 'docs.example.org' }, { Name: 'data.backup' }],
          bucketWebsites: [{ Name: 'docs.example.org', Website: {} }],
        },
      },
      findings: [
        { status: 'info', resource: 'docs.example.org', message: 'hosts a website' },
        { status: 'fail', resource: 'data.backup' },
      ],
    },
  ],
});
