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
type LiveModule = typeof import('../collect/services/all.js');
/** A client of the live path's one module (collect/services/all.ts: one chunk of the bundle, loaded with the first). */
const client = (name: keyof LiveModule & `${string}Client`) => c(import('../collect/services/all.js'), name);

export const SDK_SERVICES = {
  accessanalyzer: { load: () => client('AccessAnalyzerClient'), iamPrefix: 'access-analyzer' },
  autoscaling: { load: () => client('AutoScalingClient'), iamPrefix: 'autoscaling' },
  budgets: { load: () => client('BudgetsClient'), iamPrefix: 'budgets', global: true },
  cloudfront: { load: () => client('CloudFrontClient'), iamPrefix: 'cloudfront', global: true },
  cloudtrail: { load: () => client('CloudTrailClient'), iamPrefix: 'cloudtrail', maxConcurrency: 8 },
  cloudwatch: { load: () => client('CloudWatchClient'), iamPrefix: 'cloudwatch' },
  config: { load: () => client('ConfigServiceClient'), iamPrefix: 'config' },
  costexplorer: { load: () => client('CostExplorerClient'), iamPrefix: 'ce', global: true, maxConcurrency: 2 },
  ec2: { load: () => client('EC2Client'), iamPrefix: 'ec2' },
  ecs: { load: () => client('ECSClient'), iamPrefix: 'ecs' },
  eks: { load: () => client('EKSClient'), iamPrefix: 'eks' },
  elasticache: { load: () => client('ElastiCacheClient'), iamPrefix: 'elasticache' },
  elb: { load: () => client('ElasticLoadBalancingClient'), iamPrefix: 'elasticloadbalancing' },
  elbv2: { load: () => client('ElasticLoadBalancingV2Client'), iamPrefix: 'elasticloadbalancing' },
  emr: { load: () => client('EMRClient'), iamPrefix: 'elasticmapreduce' },
  eventbridge: { load: () => client('EventBridgeClient'), iamPrefix: 'events' },
  guardduty: { load: () => client('GuardDutyClient'), iamPrefix: 'guardduty' },
  iam: { load: () => client('IAMClient'), iamPrefix: 'iam', global: true, maxConcurrency: 5 },
  logs: { load: () => client('CloudWatchLogsClient'), iamPrefix: 'logs' },
  organizations: { load: () => client('OrganizationsClient'), iamPrefix: 'organizations', global: true, maxConcurrency: 5 },
  rds: { load: () => client('RDSClient'), iamPrefix: 'rds' },
  route53: { load: () => client('Route53Client'), iamPrefix: 'route53', global: true, maxConcurrency: 5 },
  s3: { load: () => client('S3Client'), iamPrefix: 's3' },
  // The account-level settings of S3 (S3 Control): operations are named s3control:*; policy.ts maps
  // them to their IAM actions (s3:GetAccountPublicAccessBlock), which share the s3 prefix.
  s3control: { load: () => client('S3ControlClient'), iamPrefix: 's3control', global: true },
  savingsplans: { load: () => client('SavingsplansClient'), iamPrefix: 'savingsplans', global: true },
  securityhub: { load: () => client('SecurityHubClient'), iamPrefix: 'securityhub' },
  servicequotas: { load: () => client('ServiceQuotasClient'), iamPrefix: 'servicequotas' },
  ssm: { load: () => client('SSMClient'), iamPrefix: 'ssm' },
  ssoadmin: { load: () => client('SSOAdminClient'), iamPrefix: 'sso' },
  sts: { load: () => c(import('@aws-sdk/client-sts'), 'STSClient'), iamPrefix: 'sts' },
} satisfies Record<string, ServiceInfo>;

export type SdkServiceKey = keyof typeof SDK_SERVICES;

/** The partition's region for global services (IAM, Route 53, billing metrics...). */
export function globalRegion(partition: string): string {
  if (partition === 'aws-cn') return 'cn-north-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  return 'us-east-1';
}
