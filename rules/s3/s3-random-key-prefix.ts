import { z } from 'zod';
import { defineRule, info } from '../../src/rule.js';

export default defineRule({
  id: 's3-random-key-prefix',
  section: 's3',
  tip: 'Use random strings at the start of your keys.',
  title: 'Random key prefixes for S3 performance (obsolete)',
  kind: 'manual',
  severity: 'info',
  needs: [],
  options: z.object({}),
  enabledByDefault: false,
  compliance: [],
  docs: {
    rationale:
      'In 2014 S3 partitioned an index by key prefix, so sequential names (dates, counters) sent all requests to one ' +
      'partition; random prefixes spread the load.',
    checks:
      'Nothing: the advice is obsolete and checking it would mean listing objects. Off by default; when turned on it ' +
      'emits one info finding explaining why.',
    remediation:
      'Use logical, readable prefixes. For more throughput, spread requests over several prefixes and parallelise; ' +
      'each prefix supports at least 3,500 writes and 5,500 reads per second.',
    outdated:
      'Obsolete since 17 July 2018: S3 scales to at least 3,500 PUT/COPY/POST/DELETE and 5,500 GET/HEAD requests per ' +
      'second per prefix, and AWS removed its earlier guidance to randomise object prefixes.',
    links: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html',
      'https://aws.amazon.com/about-aws/whats-new/2018/07/amazon-s3-announces-increased-request-rate-performance/',
      'https://repost.aws/knowledge-center/s3-request-limit-avoid-throttling',
    ],
  },
  messages: {
    obsolete:
      'Obsolete since 17 July 2018: S3 supports at least 3,500 PUT/COPY/POST/DELETE and 5,500 GET/HEAD requests per ' +
      'second per prefix and removed its guidance to randomise object prefixes. Use logical prefixes; parallelise ' +
      'across prefixes for more throughput.',
  },
  *check(_view, ctx) {
    yield info(ctx.account(), 'obsolete');
  },
});
