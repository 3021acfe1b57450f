import { z } from 'zod';
import { dataset, optBool, optStr } from '../dataset.js';

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
  tagPolicies: dataset({
    scope: 'global',
    operations: ['organizations:ListPolicies'],
    dependsOn: ['organizations.organization'],
    description:
      'Tag policies of the organization (ListPolicies Filter TAG_POLICY, paged); null when the account is standalone ' +
      '(AWSOrganizationsNotInUseException). ListPolicies answers only the management account and delegated ' +
      'administrators: a member account that is neither gets AccessDenied, kept as Policies null (not readable from ' +
      'this account); AccessDenied in the management account is a collection error.',
    schema: z
      .looseObject({
        Policies: z
          .array(z.looseObject({ Id: optStr, Arn: optStr, Name: optStr, Description: optStr, Type: optStr, AwsManaged: optBool }))
          .nullable(),
      })
      .nullable(),
  }),
} as const;
