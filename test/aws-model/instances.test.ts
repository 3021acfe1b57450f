import { describe, expect, it } from 'vitest';
import {
  autoScalingGroupOf,
  classifyInstance,
  hasTag,
  hasTagSpec,
  parseTagSpec,
  tagValue,
  userTags,
} from '../../src/aws-model/instances.js';

const t = (Key: string, Value = '') => ({ Key, Value });

describe('classifyInstance', () => {
  it.each([
    ['aws:autoscaling:groupName', 'web-asg'],
    ['eks:nodegroup-name', 'ng-1'],
    ['karpenter.sh/nodepool', 'default'],
    ['karpenter.sh/provisioner-name', 'default'],
    ['aws:ec2spot:fleet-request-id', 'sfr-1'],
    ['aws:ec2:fleet-id', 'fleet-1'],
    ['aws:elasticmapreduce:job-flow-id', 'j-1'],
    ['elasticbeanstalk:environment-name', 'prod'],
  ])('%s makes a fleet instance', (key, value) => {
    const r = classifyInstance({ Tags: [t('Name', 'x'), t(key, value)] });
    expect(r.ownership).toBe('fleet');
    expect(r.reason).toBe(`tag ${key}=${value}`);
  });

  it('a spot instance is fleet', () => {
    expect(classifyInstance({ InstanceLifecycle: 'spot' })).toEqual({ ownership: 'fleet', reason: 'InstanceLifecycle spot' });
  });

  it('a scheduled or on-demand instance without tags is unmanaged', () => {
    expect(classifyInstance({ InstanceLifecycle: 'scheduled' }).ownership).toBe('unmanaged');
    expect(classifyInstance({ Tags: null }).ownership).toBe('unmanaged');
    expect(classifyInstance({}).ownership).toBe('unmanaged');
  });

  it('fleet wins over IaC', () => {
    const r = classifyInstance({ Tags: [t('aws:cloudformation:stack-name', 's'), t('aws:autoscaling:groupName', 'g')] });
    expect(r.ownership).toBe('fleet');
  });

  it('a CloudFormation stack tag makes an iac-singleton, whatever the configured IaC tags', () => {
    const r = classifyInstance({ Tags: [t('aws:cloudformation:stack-name', 'app')] }, { iacTags: [] });
    expect(r).toEqual({ ownership: 'iac-singleton', reason: 'tag aws:cloudformation:stack-name=app' });
  });

  it('the default IaC tags include ManagedBy=terraform, value case-insensitive', () => {
    expect(classifyInstance({ Tags: [t('ManagedBy', 'Terraform')] }).ownership).toBe('iac-singleton');
    expect(classifyInstance({ Tags: [t('ManagedBy', 'hand')] }).ownership).toBe('unmanaged');
    expect(classifyInstance({ Tags: [t('managedby', 'terraform')] }).ownership).toBe('unmanaged');
  });

  it('configured IaC tags replace the defaults; a bare key matches any value', () => {
    const opts = { iacTags: ['iac', 'owner-tool=ansible'] };
    expect(classifyInstance({ Tags: [t('iac', '')] }, opts)).toEqual({ ownership: 'iac-singleton', reason: 'tag iac' });
    expect(classifyInstance({ Tags: [t('owner-tool', 'Ansible')] }, opts).ownership).toBe('iac-singleton');
    expect(classifyInstance({ Tags: [t('ManagedBy', 'terraform')] }, opts).ownership).toBe('unmanaged');
  });
});

describe('tag helpers', () => {
  it('userTags drops aws: keys (any case) and keyless entries', () => {
    const tags = [t('aws:cloudformation:stack-name', 's'), t('AWS:foo', 'x'), t('Name', 'web'), { Key: '', Value: 'x' }, { Value: 'y' }];
    expect(userTags(tags)).toEqual([t('Name', 'web')]);
    expect(userTags(null)).toEqual([]);
    expect(userTags(undefined)).toEqual([]);
  });

  it('hasTag: exact key, optional case-insensitive value', () => {
    const tags = [t('env', 'Prod'), t('empty', '')];
    expect(hasTag(tags, 'env')).toBe(true);
    expect(hasTag(tags, 'env', 'prod')).toBe(true);
    expect(hasTag(tags, 'env', 'dev')).toBe(false);
    expect(hasTag(tags, 'Env')).toBe(false);
    expect(hasTag(tags, 'empty')).toBe(true);
    expect(hasTag(tags, 'empty', '')).toBe(true);
    expect(hasTag(null, 'env')).toBe(false);
  });

  it('parseTagSpec and hasTagSpec', () => {
    expect(parseTagSpec('aws-tips:reserved=true')).toEqual({ key: 'aws-tips:reserved', value: 'true' });
    expect(parseTagSpec('a=b=c')).toEqual({ key: 'a', value: 'b=c' });
    expect(parseTagSpec('owner')).toEqual({ key: 'owner' });
    expect(hasTagSpec([t('aws-tips:reserved', 'TRUE')], 'aws-tips:reserved=true')).toBe(true);
    expect(hasTagSpec([t('aws-tips:reserved', 'false')], 'aws-tips:reserved=true')).toBe(false);
    expect(hasTagSpec([t('x', 'y')], '')).toBe(false);
  });

  it('tagValue and autoScalingGroupOf', () => {
    expect(tagValue([{ Key: 'a', Value: null }], 'a')).toBe('');
    expect(tagValue([], 'a')).toBeUndefined();
    expect(autoScalingGroupOf({ Tags: [t('aws:autoscaling:groupName', 'web')] })).toBe('web');
    expect(autoScalingGroupOf({ Tags: [t('aws:autoscaling:groupName', '')] })).toBeUndefined();
  });
});
