import { z } from 'zod';
import { defineRule, info } from '../../src/rule.js';

export default defineRule({
  id: 's3-avoid-fuse-mounts',
  section: 's3',
  tip: 'Avoid filesystem mounts (FUSE, etc).',
  title: 'S3 is used through its API, not as a general-purpose mounted filesystem',
  kind: 'manual',
  severity: 'info',
  needs: [],
  options: z.object({}),
  compliance: [],
  docs: {
    rationale:
      'S3 is an object store: FUSE layers that pretend it is a POSIX filesystem (s3fs, goofys) hide its semantics ' +
      '(no in-place writes, no atomic rename, no locks) and were unreliable under load.',
    checks:
      'Mounts live inside the guest operating system, out of reach of the control-plane APIs; the rule gives the ' +
      'advice as one info finding for the account.',
    remediation:
      'Use the SDK for application access. For read-heavy, large-file workloads Mountpoint for Amazon S3 is supported; ' +
      'for shared POSIX storage use EFS, or FSx for Lustre linked to an S3 bucket. To find existing mounts, query SSM ' +
      'Inventory (AWS:Application) for s3fs, goofys, mount-s3 or rclone.',
    outdated:
      'Partly outdated: AWS now ships Mountpoint for Amazon S3, production-ready for sequential reads of large files but ' +
      'deliberately not POSIX. Avoid FUSE mounts as a general filesystem or for write-heavy and shared-state workloads.',
    links: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/mountpoint.html',
      'https://docs.aws.amazon.com/fsx/latest/LustreGuide/create-dra-linked-data-repo.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-inventory.html',
    ],
  },
  messages: {
    manualCheck:
      'Manual check: access S3 through the SDK, not a FUSE mount used as a filesystem. Mountpoint for Amazon S3 is fine ' +
      'for sequential reads; use EFS or FSx for shared POSIX storage. Look for s3fs, goofys, mount-s3 or rclone in ' +
      'SSM Inventory or your AMIs.',
  },
  *check(_view, ctx) {
    yield info(ctx.account(), 'manualCheck');
  },
});
