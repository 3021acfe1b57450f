import { FLEET_MEMBER_TAG_KEYS } from '../snapshot/services/ec2.js';
/**
 * Instance ownership and tag helpers shared by the EC2 rules.
 *
 * - `fleet`: launched and replaced by something else (Auto Scaling, EKS, Karpenter, Spot/EC2 Fleet, EMR,
 *   Elastic Beanstalk, any Spot instance).
 * - `iac-singleton`: a single instance declared in infrastructure as code (CloudFormation stack tag, or a
 *   configured IaC tag such as `ManagedBy=terraform`).
 * - `unmanaged`: everything else (a "pet").
 */

export interface Tag {
  Key?: string | null;
  Value?: string | null;
}
export type Tags = readonly Tag[] | null | undefined;

export type Ownership = 'fleet' | 'iac-singleton' | 'unmanaged';

export interface OwnershipResult {
  ownership: Ownership;
  /** What decided it, e.g. `tag aws:autoscaling:groupName=web` or `InstanceLifecycle spot`. */
  reason: string;
}

export interface InstanceLike {
  Tags?: Tags;
  InstanceLifecycle?: string | null;
}

/** Tag keys whose presence makes an instance part of a fleet: the dataset's definition (ec2.instanceAttributes skips them). */
export const FLEET_TAG_KEYS = FLEET_MEMBER_TAG_KEYS;

/** Always an IaC marker (set by CloudFormation, hence also by CDK and SAM). */
export const CLOUDFORMATION_STACK_TAG = 'aws:cloudformation:stack-name';

/** Default IaC tags ("key" or "key=value"; values compare case-insensitively). */
export const DEFAULT_IAC_TAGS = ['ManagedBy=terraform', 'ManagedBy=pulumi', 'ManagedBy=cdk'] as const;

export interface TagSpec {
  key: string;
  value?: string;
}

/** Parses a tag option: `"key=value"` (value compared case-insensitively) or `"key"` (any value). */
export function parseTagSpec(spec: string): TagSpec {
  const i = spec.indexOf('=');
  if (i < 0) return { key: spec.trim() };
  return { key: spec.slice(0, i).trim(), value: spec.slice(i + 1).trim() };
}

const blank = (s: string | null | undefined): s is null | undefined | '' => s === undefined || s === null || s === '';

/** The value of a tag, or undefined when the key is absent. Keys are case-sensitive, as in AWS. */
export function tagValue(tags: Tags, key: string): string | undefined {
  const t = (tags ?? []).find((x) => x.Key === key);
  return t ? (t.Value ?? '') : undefined;
}

/**
 * Whether a tag is present: `key` exactly (AWS keys are case-sensitive) and, when `value` is given,
 * the value compared case-insensitively (`approved` matches `Approved`).
 */
export function hasTag(tags: Tags, key: string, value?: string): boolean {
  const v = tagValue(tags, key);
  if (v === undefined) return false;
  return value === undefined || v.toLowerCase() === value.toLowerCase();
}

/** `hasTag` for an option written as `"key=value"` or `"key"`. */
export function hasTagSpec(tags: Tags, spec: string | TagSpec): boolean {
  const { key, value } = typeof spec === 'string' ? parseTagSpec(spec) : spec;
  return key !== '' && hasTag(tags, key, value);
}

/** The tags a user set: keys starting with `aws:` are reserved for AWS and never count as the user's. */
export function userTags<T extends Tag>(tags: readonly T[] | null | undefined): T[] {
  return (tags ?? []).filter((t) => !blank(t.Key) && !t.Key!.toLowerCase().startsWith('aws:'));
}

export interface ClassifyOptions {
  /** IaC markers ("key" or "key=value"); default DEFAULT_IAC_TAGS. The CloudFormation stack tag always counts. */
  iacTags?: readonly string[];
}

/** Classifies an instance as fleet, iac-singleton or unmanaged (see the top of this file). */
export function classifyInstance(instance: InstanceLike, opts: ClassifyOptions = {}): OwnershipResult {
  const tags = instance.Tags;
  for (const key of FLEET_TAG_KEYS) {
    const v = tagValue(tags, key);
    if (v !== undefined) return { ownership: 'fleet', reason: `tag ${key}${v ? `=${v}` : ''}` };
  }
  if (instance.InstanceLifecycle === 'spot') return { ownership: 'fleet', reason: 'InstanceLifecycle spot' };
  const stack = tagValue(tags, CLOUDFORMATION_STACK_TAG);
  if (stack !== undefined) return { ownership: 'iac-singleton', reason: `tag ${CLOUDFORMATION_STACK_TAG}=${stack}` };
  for (const spec of opts.iacTags ?? DEFAULT_IAC_TAGS) {
    const { key, value } = parseTagSpec(spec);
    if (key !== '' && hasTag(tags, key, value)) return { ownership: 'iac-singleton', reason: `tag ${spec}` };
  }
  return { ownership: 'unmanaged', reason: 'no fleet or IaC tag' };
}

/** The Auto Scaling group an instance belongs to, from its `aws:autoscaling:groupName` tag. */
export function autoScalingGroupOf(instance: InstanceLike): string | undefined {
  const v = tagValue(instance.Tags, 'aws:autoscaling:groupName');
  return blank(v) ? undefined : v;
}
