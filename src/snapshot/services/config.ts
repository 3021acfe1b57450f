import { z } from 'zod';
import { dataset, date, item, optBool, optStr } from '../dataset.js';

const recordingGroup = z.looseObject({
  allSupported: optBool,
  includeGlobalResourceTypes: optBool,
  resourceTypes: z.array(z.string()).nullish(),
  exclusionByResourceTypes: z.looseObject({ resourceTypes: z.array(z.string()).nullish() }).nullish(),
  recordingStrategy: z.looseObject({ useOnly: optStr }).nullish(),
});

export const config = {
  recorders: dataset({
    identity: { id: 'name' },
    scope: 'regional',
    operations: ['config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus'],
    description:
      'AWS Config configuration recorders of the region, each with its status (recording, lastStatus) under ' +
      '`Status`; an empty list means no recorder.',
    schema: z.array(
      item({
        name: optStr,
        roleARN: optStr,
        /** Set on service-linked recorders, which record for one AWS service only. */
        servicePrincipal: optStr,
        recordingScope: optStr,
        recordingGroup: recordingGroup.nullish(),
        Status: z
          .looseObject({
            recording: optBool,
            lastStatus: optStr,
            lastErrorCode: optStr,
            lastErrorMessage: optStr,
            lastStartTime: date,
            lastStopTime: date,
            lastStatusChangeTime: date,
          })
          .nullish(),
      }),
    ),
  }),
} as const;
