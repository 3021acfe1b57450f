/**
 * aws-tips' public API, for custom rules (docs/writing-a-rule.md): a plugin module default-exports
 * `definePlugin({ namespace, rules })`, each rule made with `defineRule`, its verdicts with pass/fail/warn/info/error.
 * RuleTester is `aws-tips/rule-tester` (it needs vitest). Everything else in the package is internal.
 */
import type { Rule } from './rule.js';
import type { DatasetKey, DatasetValue } from './snapshot/registry.js';

export { defineRule, pass, fail, warn, info, error, SEVERITIES } from './rule.js';
export type {
  Emitted,
  Extra,
  FindingStatus,
  Kind,
  MessageData,
  OptionalView,
  ResourceLike,
  ResourceRef,
  Rule,
  RuleContext,
  RuleDocs,
  RuleSpec,
  Severity,
  TypedRule,
} from './rule.js';
export { ALL_DATASET_KEYS as DATASET_KEYS, isDatasetKey } from './snapshot/registry.js';
export type { DatasetKey, DatasetValue, View } from './snapshot/registry.js';
export { SECTIONS } from './sections.js';
export type { SectionId } from './sections.js';
export { FRAMEWORK_IDS } from './compliance/registry.js';
export type { ComplianceRef, Coverage, FrameworkId } from './compliance/registry.js';
/** The zod aws-tips validates options with: a rule's `options` schema should come from it. */
export { z } from 'zod';

/** One item of a dataset (`DatasetItem<'s3.buckets'>`: a bucket as collected, SDK field names plus Arn and Region). */
export type DatasetItem<K extends DatasetKey> = DatasetValue<K> extends readonly (infer I)[] ? I : DatasetValue<K>;

/** What a plugin module exports by default: its namespace (the prefix of its rule ids) and its rules. */
export interface Plugin {
  /** Lower-case letters, digits and dashes, starting with a letter: `acme` for rules `acme/<name>`. */
  namespace: string;
  rules: readonly Rule[];
}

/** A plugin, typed: `export default definePlugin({ namespace: 'acme', rules: [bucketOwnerTag] })`. */
export function definePlugin<const P extends Plugin>(plugin: P): P {
  return plugin;
}
