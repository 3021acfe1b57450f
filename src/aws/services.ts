/**
 * The AWS services aws-tips talks to: the SDK v3 package and client of each (loaded lazily, so
 * `aws-tips rules` never loads the SDK), the IAM action prefix, whether it is global, and how many
 * requests may be in flight at once (IAM and Route 53 throttle hard).
 */
export interface ServiceInfo {
  load: () => Promise<new (config: object) => SdkClient>;
  iamPrefix: string;
  global?: boolean;
  maxConcurrency?: number;
}

export interface SdkClient {
  send(command: unknown, options?: object): Promise<unknown>;
  middlewareStack: { add(mw: unknown, opts: object): void };
  config: { region: () => Promise<string> };
  destroy(): void;
}

type Ctor = new (config: object) => SdkClient;
const c = (p: Promise<Record<string, unknown>>, name: string) => p.then((m) => m[name] as Ctor);

export const SDK_SERVICES = {
  accessanalyzer: { load: () => c(import('@aws-sdk/client-accessanalyzer'), 'AccessAnalyzerClient'), iamPrefix: 'access-analyzer' },
  autoscaling: { load: () => c(import('@aws-sdk/client-auto-scaling'), 'AutoScalingClient'), iamPrefix: 'autoscaling' },
  budgets: { load: () => c(import('@aws-sdk/client-budgets'), 'BudgetsClient'), iamPrefix: 'budgets', global: true },
  cloudfront: { load: () => c(import('@aws-sdk/client-cloudfront'), 'CloudFrontClient'), iamPrefix: 'cloudfront', global: true },
  cloudtrail: { load: () => c(import('@aws-sdk/client-cloudtrail'), 'CloudTrailClient'), iamPrefix: 'cloudtrail', maxConcurrency: 8 },
  cloudwatch: { load: () => c(import('@aws-sdk/client-cloudwatch'), 'CloudWatchClient'), iamPrefix: 'cloudwatch' },
  config: { load: () => c(import('@aws-sdk/client-config-service'), 'ConfigServiceClient'), iamPrefix: 'config' },
  costexplorer: { load: () => c(import('@aws-sdk/client-cost-explorer'), 'CostExplorerClient'), iamPrefix: 'ce', global: true, maxConcurrency: 2 },
  ec2: { load: () => c(import('@aws-sdk/client-ec2'), 'EC2Client'), iamPrefix: 'ec2' },
  ecs: { load: () => c(import('@aws-sdk/client-ecs'), 'ECSClient'), iamPrefix: 'ecs' },
  eks: { load: () => c(import('@aws-sdk/client-eks'), 'EKSClient'), iamPrefix: 'eks' },
  elasticache: { load: () => c(import('@aws-sdk/client-elasticache'), 'ElastiCacheClient'), iamPrefix: 'elasticache' },
  elb: { load: () => c(import('@aws-sdk/client-elastic-load-balancing'), 'ElasticLoadBalancingClient'), iamPrefix: 'elasticloadbalancing' },
  elbv2: { load: () => c(import('@aws-sdk/client-elastic-load-balancing-v2'), 'ElasticLoadBalancingV2Client'), iamPrefix: 'elasticloadbalancing' },
  emr: { load: () => c(import('@aws-sdk/client-emr'), 'EMRClient'), iamPrefix: 'elasticmapreduce' },
  eventbridge: { load: () => c(import('@aws-sdk/client-eventbridge'), 'EventBridgeClient'), iamPrefix: 'events' },
  guardduty: { load: () => c(import('@aws-sdk/client-guardduty'), 'GuardDutyClient'), iamPrefix: 'guardduty' },
  iam: { load: () => c(import('@aws-sdk/client-iam'), 'IAMClient'), iamPrefix: 'iam', global: true, maxConcurrency: 5 },
  logs: { load: () => c(import('@aws-sdk/client-cloudwatch-logs'), 'CloudWatchLogsClient'), iamPrefix: 'logs' },
  organizations: { load: () => c(import('@aws-sdk/client-organizations'), 'OrganizationsClient'), iamPrefix: 'organizations', global: true, maxConcurrency: 5 },
  rds: { load: () => c(import('@aws-sdk/client-rds'), 'RDSClient'), iamPrefix: 'rds' },
  route53: { load: () => c(import('@aws-sdk/client-route-53'), 'Route53Client'), iamPrefix: 'route53', global: true, maxConcurrency: 5 },
  s3: { load: () => c(import('@aws-sdk/client-s3'), 'S3Client'), iamPrefix: 's3' },
  // The account-level settings of S3 (S3 Control): operations are named s3control:*; policy.ts maps
  // them to their IAM actions (s3:GetAccountPublicAccessBlock), which share the s3 prefix.
  s3control: { load: () => c(import('@aws-sdk/client-s3-control'), 'S3ControlClient'), iamPrefix: 's3control', global: true },
  savingsplans: { load: () => c(import('@aws-sdk/client-savingsplans'), 'SavingsplansClient'), iamPrefix: 'savingsplans', global: true },
  securityhub: { load: () => c(import('@aws-sdk/client-securityhub'), 'SecurityHubClient'), iamPrefix: 'securityhub' },
  servicequotas: { load: () => c(import('@aws-sdk/client-service-quotas'), 'ServiceQuotasClient'), iamPrefix: 'servicequotas' },
  ssm: { load: () => c(import('@aws-sdk/client-ssm'), 'SSMClient'), iamPrefix: 'ssm' },
  ssoadmin: { load: () => c(import('@aws-sdk/client-sso-admin'), 'SSOAdminClient'), iamPrefix: 'sso' },
  sts: { load: () => c(import('@aws-sdk/client-sts'), 'STSClient'), iamPrefix: 'sts' },
} satisfies Record<string, ServiceInfo>;

export type SdkServiceKey = keyof typeof SDK_SERVICES;

/** The partition's region for global services (IAM, Route 53, billing metrics...). */
export function globalRegion(partition: string): string {
  if (partition === 'aws-cn') return 'cn-north-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  return 'us-east-1';
}
