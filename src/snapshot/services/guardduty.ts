import { z } from 'zod';
import { dataset, item, optStr, str } from '../dataset.js';

export const guardduty = {
  detectors: dataset({
    identity: { id: 'DetectorId', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
    description: 'GuardDuty detectors of the region with their Status (ListDetectors + GetDetector); none when GuardDuty is off.',
    schema: z.array(
      item({
        DetectorId: str,
        Status: optStr,
        CreatedAt: optStr,
        UpdatedAt: optStr,
        FindingPublishingFrequency: optStr,
        ServiceRole: optStr,
        Features: z.array(z.looseObject({ Name: optStr, Status: optStr })).nullish(),
        Tags: z.record(z.string(), z.string()).nullish(),
      }),
    ),
  }),
} as const;
