import { z } from 'zod';
import { defineRule, info } from '../../src/rule.js';

export default defineRule({
  id: 'app-use-aws-sdk',
  section: 'application',
  tip: 'If you need to interact with AWS, use the SDK for your language.',
  title: 'Applications call AWS through an official SDK',
  kind: 'manual',
  severity: 'info',
  needs: [],
  options: z.object({}),
  compliance: [],
  docs: {
    rationale:
      'The SDKs sign requests, retry with backoff, handle throttling and pick up role credentials (instance profile, ' +
      'ECS task role, IRSA) on their own; hand-rolled HTTP clients get some of that wrong.',
    checks:
      'Not checkable without reading CloudTrail events (the user agent of each call), which is throttled data-plane ' +
      'work this tool does not do by default. The rule gives the advice as one info finding for the account.',
    remediation:
      'Replace raw HTTP calls (curl, requests, axios, Go net/http) to AWS endpoints with the SDK for the language. To ' +
      'find them, query CloudTrail (Lake or Athena) for userAgent values that are not an SDK or the CLI.',
    outdated:
      'Still valid, and more so: Signature Version 2 is retired for S3 on new buckets, so hand-written signing is even ' +
      'more fragile than in 2014.',
    links: [
      'https://aws.amazon.com/developer/tools/',
      'https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html',
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html',
    ],
  },
  messages: {
    manualCheck:
      'Manual check: call AWS through the official SDK (signing, retries, role credentials). To find exceptions, look ' +
      'at CloudTrail userAgent values such as python-requests, curl, Go-http-client, okhttp or axios.',
  },
  *check(_view, ctx) {
    yield info(ctx.account(), 'manualCheck');
  },
});
