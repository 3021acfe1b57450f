import { ALL_DATASET_KEYS, datasetDef, withDependencies } from '../snapshot/registry.js';

/** Calls made before any dataset: who am I, which regions are enabled. */
export const BOOTSTRAP_OPERATIONS = ['sts:GetCallerIdentity', 'ec2:DescribeRegions'] as const;

/** Every API operation ("prefix:Operation") the collection of these datasets may send. */
export function operationsFor(keys: Iterable<string>, opts: { bootstrap?: boolean } = {}): Set<string> {
  const ops = new Set<string>(opts.bootstrap === false ? [] : BOOTSTRAP_OPERATIONS);
  for (const key of withDependencies(keys)) for (const op of datasetDef(key).operations) ops.add(op);
  return ops;
}

export function allOperations(): Set<string> {
  return operationsFor(ALL_DATASET_KEYS);
}
