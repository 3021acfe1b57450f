import rule from '../../../rules/ec2-vpc/ec2-termination-protection.js';
import { RuleTester } from '../../rule-tester.js';

const t = (Key: string, Value = '') => ({ Key, Value });
const inst = (id: string, extra: Record<string, unknown> = {}) => ({ InstanceId: id, State: { Name: 'running' }, ...extra });
const attr = (id: string, protectedOn: boolean | undefined, shutdown = 'stop') => ({
  InstanceId: id,
  DisableApiTermination: protectedOn === undefined ? null : { Value: protectedOn },
  InstanceInitiatedShutdownBehavior: { Value: shutdown },
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'protected unmanaged and IaC singleton instances, stopped included',
      snapshot: {
        ec2: {
          instances: [
            inst('i-pet'),
            inst('i-cfn', { State: { Name: 'stopped' }, Tags: [t('aws:cloudformation:stack-name', 'db')] }),
          ],
          instanceAttributes: [attr('i-pet', true), attr('i-cfn', true)],
        },
      },
    },
    {
      name: 'fleet instances (ASG, EKS, Karpenter, EMR, Beanstalk, Spot) are out of scope even without attributes',
      notApplicable: true,
      snapshot: {
        ec2: {
          instances: [
            inst('i-asg', { Tags: [t('aws:autoscaling:groupName', 'web')] }),
            inst('i-eks', { Tags: [t('eks:nodegroup-name', 'ng')] }),
            inst('i-karp', { Tags: [t('karpenter.sh/nodepool', 'default')] }),
            inst('i-emr', { Tags: [t('aws:elasticmapreduce:job-flow-id', 'j-1')] }),
            inst('i-eb', { Tags: [t('elasticbeanstalk:environment-name', 'prod')] }),
            inst('i-spot', { InstanceLifecycle: 'spot' }),
          ],
          instanceAttributes: [],
        },
      },
    },
    {
      name: 'pending and stopping instances are not candidates',
      notApplicable: true,
      snapshot: {
        ec2: {
          instances: [inst('i-p', { State: { Name: 'pending' } }), inst('i-s', { State: { Name: 'stopping' } })],
          instanceAttributes: [],
        },
      },
    },
    {
      name: 'excludeTagKeys skips an instance',
      notApplicable: true,
      options: { excludeTagKeys: ['scratch', 'env=sandbox'] },
      snapshot: {
        ec2: {
          instances: [inst('i-a', { Tags: [t('scratch')] }), inst('i-b', { Tags: [t('env', 'Sandbox')] })],
          instanceAttributes: [attr('i-a', false), attr('i-b', false)],
        },
      },
    },
  ],
  invalid: [
    {
      name: 'unprotected unmanaged instance fails medium; a protected one passes',
      snapshot: {
        ec2: {
          instances: [inst('i-pet'), inst('i-ok')],
          instanceAttributes: [attr('i-pet', false), attr('i-ok', true)],
        },
      },
      findings: [{ status: 'fail', severity: 'medium', resource: 'i-pet', message: /no termination protection/, evidence: { DisableApiTermination: false } }],
      passes: ['i-ok'],
    },
    {
      name: 'an IaC singleton without protection fails too, and a missing attribute value counts as off',
      snapshot: {
        ec2: {
          instances: [inst('i-tf', { Tags: [t('ManagedBy', 'terraform')] })],
          instanceAttributes: [attr('i-tf', undefined)],
        },
      },
      findings: [{ status: 'fail', resource: 'i-tf', message: /IaC singleton/, evidence: { ownership: 'iac-singleton' } }],
    },
    {
      name: 'shutdown behaviour terminate warns low even when protected',
      snapshot: {
        ec2: { instances: [inst('i-a'), inst('i-b')], instanceAttributes: [attr('i-a', true, 'terminate'), attr('i-b', false, 'terminate')] },
      },
      findings: [
        { status: 'warn', severity: 'low', resource: 'i-a', message: /bypassing termination protection/ },
        { status: 'warn', severity: 'low', resource: 'i-b' },
        { status: 'fail', severity: 'medium', resource: 'i-b' },
      ],
      passes: ['i-a'],
    },
    {
      name: 'an instance whose attributes could not be read is an error, never a pass',
      snapshot: {
        ec2: {
          instances: [inst('i-x', { Arn: 'arn:aws:ec2:us-east-1:123456789012:instance/i-x' })],
          instanceAttributes: [],
          errors: [
            {
              dataset: 'ec2.instanceAttributes',
              service: 'ec2',
              region: 'us-east-1',
              operation: 'ec2:DescribeInstanceAttribute',
              code: 'InternalError',
              message: 'boom',
              resource: 'arn:aws:ec2:us-east-1:123456789012:instance/i-x',
            },
          ],
        },
      },
      findings: [{ status: 'error', resource: 'arn:aws:ec2:us-east-1:123456789012:instance/i-x' }],
    },
  ],
});
