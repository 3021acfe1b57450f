/**
 * Every service's collectors and every SDK client a collection uses, in one module that the live path imports
 * (src/collect/index.ts for collectors, src/aws/services.ts for clients). Bundled, it is one chunk: a live audit
 * loads the SDK as a dozen ES modules instead of some hundred (a chunk per client, per collector and per piece they
 * share), which took module loading of a live audit from ~280 ms to ~185 ms of CPU (docs/performance.md). The price:
 * an audit of one service's rules loads every client (~70 ms more CPU); an audit of everything, the common case,
 * loads them all anyway. STS stays apart: credentials and role assumption load it without collecting.
 */
export { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
export { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
export { BudgetsClient } from '@aws-sdk/client-budgets';
export { CloudFrontClient } from '@aws-sdk/client-cloudfront';
export { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
export { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
export { ConfigServiceClient } from '@aws-sdk/client-config-service';
export { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
export { EC2Client } from '@aws-sdk/client-ec2';
export { ECSClient } from '@aws-sdk/client-ecs';
export { EKSClient } from '@aws-sdk/client-eks';
export { ElastiCacheClient } from '@aws-sdk/client-elasticache';
export { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
export { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
export { EMRClient } from '@aws-sdk/client-emr';
export { EventBridgeClient } from '@aws-sdk/client-eventbridge';
export { GuardDutyClient } from '@aws-sdk/client-guardduty';
export { IAMClient } from '@aws-sdk/client-iam';
export { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
export { OrganizationsClient } from '@aws-sdk/client-organizations';
export { RDSClient } from '@aws-sdk/client-rds';
export { Route53Client } from '@aws-sdk/client-route-53';
export { S3Client } from '@aws-sdk/client-s3';
export { S3ControlClient } from '@aws-sdk/client-s3-control';
export { SavingsplansClient } from '@aws-sdk/client-savingsplans';
export { SecurityHubClient } from '@aws-sdk/client-securityhub';
export { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
export { SSMClient } from '@aws-sdk/client-ssm';
export { SSOAdminClient } from '@aws-sdk/client-sso-admin';
export * as accessanalyzer from './accessanalyzer.js';
export * as autoscaling from './autoscaling.js';
export * as budgets from './budgets.js';
export * as cloudfront from './cloudfront.js';
export * as cloudtrail from './cloudtrail.js';
export * as cloudwatch from './cloudwatch.js';
export * as config from './config.js';
export * as costexplorer from './costexplorer.js';
export * as ec2 from './ec2.js';
export * as ecs from './ecs.js';
export * as eks from './eks.js';
export * as elasticache from './elasticache.js';
export * as elb from './elb.js';
export * as elbv2 from './elbv2.js';
export * as emr from './emr.js';
export * as eventbridge from './eventbridge.js';
export * as guardduty from './guardduty.js';
export * as iam from './iam.js';
export * as logs from './logs.js';
export * as organizations from './organizations.js';
export * as rds from './rds.js';
export * as route53 from './route53.js';
export * as s3 from './s3.js';
export * as s3control from './s3control.js';
export * as savingsplans from './savingsplans.js';
export * as securityhub from './securityhub.js';
export * as servicequotas from './servicequotas.js';
export * as ssm from './ssm.js';
export * as ssoadmin from './ssoadmin.js';
