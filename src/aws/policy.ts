import { operationsFor } from './operations.js';

/** API operations whose IAM action has another name (or needs no permission: null). */
const IAM_ACTION: Record<string, string | null> = {
  'sts:GetCallerIdentity': null,
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  'budgets:DescribeBudgets': 'budgets:ViewBudget',
  'budgets:DescribeBudget': 'budgets:ViewBudget',
  'budgets:DescribeBudgetNotificationsForAccount': 'budgets:ViewBudget',
  'budgets:DescribeNotificationsForBudget': 'budgets:ViewBudget',
  'budgets:DescribeSubscribersForNotification': 'budgets:ViewBudget',
};

export function iamActionFor(operation: string): string | null {
  return operation in IAM_ACTION ? IAM_ACTION[operation]! : operation;
}

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }[];
}

/** The least-privilege policy for collecting these datasets: derived from the same list the client factory enforces. */
export function policyFor(datasets: Iterable<string>): IamPolicy {
  const actions = new Set<string>();
  for (const op of operationsFor(datasets)) {
    const action = iamActionFor(op);
    if (action) actions.add(action);
  }
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'AwsTipsReadOnlyAudit', Effect: 'Allow', Action: [...actions].sort(), Resource: '*' }],
  };
}
