import { z } from 'zod';
import { dataset, item, optStr, str } from '../dataset.js';

export const eventbridge = {
  rules: dataset({
    identity: { id: 'Name' },
    scope: 'regional',
    operations: ['events:ListRules', 'events:ListTargetsByRule'],
    description:
      'Rules of the default event bus (where AWS service events arrive). Targets (Id, Arn, RoleArn only: no inputs) ' +
      'are listed for enabled rules whose event pattern could match an RDS event (source aws.rds, or no source ' +
      'constraint); Targets is null for other rules (schedule-only, disabled, other sources).',
    schema: z.array(
      item({
        Name: str,
        EventBusName: optStr,
        /** "ENABLED" | "DISABLED" | "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" */
        State: optStr,
        /** The event pattern as the JSON string the API returns. */
        EventPattern: optStr,
        ScheduleExpression: optStr,
        ManagedBy: optStr,
        Description: optStr,
        Targets: z.array(z.looseObject({ Id: optStr, Arn: optStr, RoleArn: optStr })).nullish(),
      }),
    ),
  }),
} as const;
