import { z } from 'zod';
import { dataset } from '../dataset.js';
import { publicAccessBlockConfiguration } from './s3.js';

/** The account-level settings of S3 (S3 Control, asked for the audited account). */
export const s3control = {
  accountPublicAccessBlock: dataset({
    scope: 'global',
    operations: ['s3control:GetPublicAccessBlock'],
    description:
      'Account-level S3 Block Public Access (S3 Control GetPublicAccessBlock for the audited account); it applies to ' +
      'every bucket on top of the bucket-level settings. PublicAccessBlockConfiguration is null when none is set ' +
      '(NoSuchPublicAccessBlockConfiguration: nothing blocked at account level).',
    schema: z.looseObject({ PublicAccessBlockConfiguration: publicAccessBlockConfiguration }),
  }),
} as const;
