import { z } from 'zod';
import { dataset, optStr } from '../dataset.js';

export const organizations = {
  organization: dataset({
    scope: 'global',
    operations: ['organizations:DescribeOrganization'],
    description:
      'The organization this account belongs to (DescribeOrganization); null when the account is standalone ' +
      '(AWSOrganizationsNotInUseException). The management account e-mail is not kept.',
    schema: z
      .looseObject({
        Id: optStr,
        Arn: optStr,
        FeatureSet: optStr,
        MasterAccountId: optStr,
        MasterAccountArn: optStr,
      })
      .nullable(),
  }),
} as const;
