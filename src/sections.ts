/** Tip sections, in the order of tips.txt. `id` is the rules/<section>/ folder name. */
export const SECTIONS = [
  { id: 'application', name: 'Application Development' },
  { id: 'operations', name: 'Operations' },
  { id: 'billing', name: 'Billing' },
  { id: 'security', name: 'Security' },
  { id: 's3', name: 'S3' },
  { id: 'ec2-vpc', name: 'EC2/VPC' },
  { id: 'elb', name: 'ELB' },
  { id: 'elasticache', name: 'ElastiCache' },
  { id: 'rds', name: 'RDS' },
  { id: 'cloudwatch', name: 'CloudWatch' },
  { id: 'auto-scaling', name: 'Auto-Scaling' },
  { id: 'iam', name: 'IAM' },
  { id: 'route53', name: 'Route53' },
  { id: 'emr', name: 'Elastic MapReduce' },
  { id: 'misc', name: 'Miscellaneous' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

export function sectionName(id: SectionId): string {
  return SECTIONS.find((s) => s.id === id)!.name;
}
