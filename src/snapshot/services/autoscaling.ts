import { z } from 'zod';
import { dataset, date, item, metric, metricDataQueries, optBool, optNum, optStr, str, tags } from '../dataset.js';

const strings = z.array(z.string()).nullish();

export const autoscaling = {
  groups: dataset({
    identity: { id: 'AutoScalingGroupName', tags: { field: 'Tags' } },
    scope: 'regional',
    operations: ['autoscaling:DescribeAutoScalingGroups'],
    description: 'Auto Scaling groups: sizes, zones and subnets, attached load balancers / target groups / traffic sources, health checks.',
    schema: z.array(
      item({
        AutoScalingGroupName: str,
        AutoScalingGroupARN: optStr,
        MinSize: optNum,
        MaxSize: optNum,
        DesiredCapacity: optNum,
        AvailabilityZones: strings,
        /** Comma-separated subnet ids. */
        VPCZoneIdentifier: optStr,
        LoadBalancerNames: strings,
        TargetGroupARNs: strings,
        TrafficSources: z.array(z.looseObject({ Identifier: optStr, Type: optStr })).nullish(),
        /** Comma-separated: EC2, ELB, EBS, VPC_LATTICE. */
        HealthCheckType: optStr,
        HealthCheckGracePeriod: optNum,
        LaunchConfigurationName: optStr,
        LaunchTemplate: z.looseObject({ LaunchTemplateId: optStr, LaunchTemplateName: optStr, Version: optStr }).nullish(),
        Instances: z
          .array(z.looseObject({ InstanceId: optStr, AvailabilityZone: optStr, LifecycleState: optStr, HealthStatus: optStr }))
          .nullish(),
        Status: optStr,
        CreatedTime: date,
        Tags: tags,
      }),
    ),
  }),
  policies: dataset({
    identity: { id: 'PolicyName' },
    scope: 'regional',
    operations: ['autoscaling:DescribePolicies'],
    description: 'Scaling policies of every Auto Scaling group (simple, step, target tracking, predictive) and the alarms they are tied to.',
    schema: z.array(
      item({
        PolicyARN: str,
        PolicyName: optStr,
        AutoScalingGroupName: optStr,
        /** SimpleScaling (when absent) | StepScaling | TargetTrackingScaling | PredictiveScaling. */
        PolicyType: optStr,
        /** ChangeInCapacity | ExactCapacity | PercentChangeInCapacity. */
        AdjustmentType: optStr,
        ScalingAdjustment: optNum,
        StepAdjustments: z
          .array(z.looseObject({ MetricIntervalLowerBound: optNum, MetricIntervalUpperBound: optNum, ScalingAdjustment: optNum }))
          .nullish(),
        Alarms: z.array(z.looseObject({ AlarmName: optStr, AlarmARN: optStr })).nullish(),
        Enabled: optBool,
        TargetTrackingConfiguration: z
          .looseObject({
            PredefinedMetricSpecification: z.looseObject({ PredefinedMetricType: optStr, ResourceLabel: optStr }).nullish(),
            CustomizedMetricSpecification: z
              .looseObject({
                ...metric.shape,
                Statistic: optStr,
                Metrics: metricDataQueries,
              })
              .nullish(),
            TargetValue: optNum,
            DisableScaleIn: optBool,
          })
          .nullish(),
      }),
    ),
  }),
} as const;
