import { z } from 'zod';
import { dataset, date, item, optNum, optStr } from '../dataset.js';

export const ssm = {
  instanceInformation: dataset({
    identity: { id: 'InstanceId' },
    scope: 'regional',
    operations: ['ssm:DescribeInstanceInformation'],
    description: 'Nodes managed by Systems Manager: agent ping status and association status per instance.',
    schema: z.array(
      item({
        InstanceId: z.string(),
        PingStatus: optStr,
        LastPingDateTime: date,
        ResourceType: optStr,
        PlatformType: optStr,
        PlatformName: optStr,
        AgentVersion: optStr,
        AssociationStatus: optStr,
        LastAssociationExecutionDate: date,
        AssociationOverview: z
          .looseObject({
            DetailedStatus: optStr,
            InstanceAssociationStatusAggregatedCount: z.record(z.string(), z.number()).nullish(),
          })
          .nullish(),
      }),
    ),
  }),
  associations: dataset({
    identity: { id: (a) => a.AssociationName || a.AssociationId },
    scope: 'regional',
    operations: ['ssm:ListAssociations'],
    description: 'State Manager associations (latest versions) with their targets.',
    schema: z.array(
      item({
        AssociationId: z.string(),
        AssociationName: optStr,
        Name: optStr,
        InstanceId: optStr,
        Targets: z.array(z.looseObject({ Key: optStr, Values: z.array(z.string()).nullish() })).nullish(),
        ScheduleExpression: optStr,
        LastExecutionDate: date,
        Overview: z.looseObject({ Status: optStr, DetailedStatus: optStr }).nullish(),
        ScheduleOffset: optNum,
      }),
    ),
  }),
} as const;
