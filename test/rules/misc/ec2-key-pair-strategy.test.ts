import rule from '../../../rules/misc/ec2-key-pair-strategy.js';
import { RuleTester, TEST_ACCOUNT, type SnapshotInput } from '../../rule-tester.js';

const NOW = Date.parse('2026-11-01T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW - n * 86_400_000).toISOString();

let n = 0;
const kp = (KeyName: string, created: number | null, KeyType = 'ed25519', Region = 'us-east-1') => ({
  KeyPairId: `key-${KeyName}`, KeyName, KeyType, ...(created === null ? {} : { CreateTime: daysAgo(created) }), Region,
  Arn: `arn:aws:ec2:${Region}:${TEST_ACCOUNT}:key-pair/key-${KeyName}`,
});
const inst = (KeyName: string | undefined, env?: string, Region = 'us-east-1', envKey = 'env') => {
  const InstanceId = `i-${(++n).toString(16).padStart(17, '0')}`;
  return {
    InstanceId, ...(KeyName ? { KeyName } : {}), State: { Name: 'running' }, Region,
    Tags: env ? [{ Key: envKey, Value: env }] : [], Arn: `arn:aws:ec2:${Region}:${TEST_ACCOUNT}:instance/${InstanceId}`,
  };
};
const snap = (keyPairs: unknown[], instances: unknown[]): SnapshotInput => ({ meta: { regions: ['us-east-1', 'eu-west-1'] }, ec2: { keyPairs, instances } });

RuleTester.run(rule, {
  valid: [
    { name: 'keyless: no key pairs, instances without keys', snapshot: snap([], [inst(undefined), inst(undefined)]) },
    {
      name: 'one ed25519 key per environment, young',
      snapshot: snap([kp('prod', 100), kp('dev', 100)], [inst('prod', 'prod'), inst('prod', 'prod'), inst('dev', 'dev')]),
    },
    { name: 'an unused key pair created 10 days ago is not stale yet', snapshot: snap([kp('new', 10)], []) },
    {
      name: 'old RSA key in use: INFO only (rsa, age)',
      snapshot: snap([kp('legacy', 800, 'rsa')], [inst('legacy', 'prod')]),
    },
    { name: 'unused key pair of unknown age (no CreateTime): INFO', notApplicable: true, snapshot: snap([kp('ancient', null)], []) },
    {
      name: 'the same key name in two regions is two key pairs (prod in one, dev in the other)',
      snapshot: snap([kp('ops', 30), kp('ops', 30, 'ed25519', 'eu-west-1')], [inst('ops', 'prod'), inst('ops', 'dev', 'eu-west-1')]),
    },
    {
      name: 'environment tag key compared case-insensitively, values too',
      snapshot: snap([kp('prod', 30)], [inst('prod', 'Prod', 'us-east-1', 'Environment'), inst('prod', 'prod')]),
    },
    {
      name: 'instances whose key pair was deleted: INFO',
      notApplicable: true,
      snapshot: snap([], [inst('deleted-key', 'prod')]),
    },
  ],
  invalid: [
    {
      name: 'one key shared by prod and dev',
      snapshot: snap([kp('shared', 30)], [inst('shared', 'prod'), inst('shared', 'dev'), inst(undefined)]),
      findings: [
        { status: 'warn', severity: 'low', resource: 'shared', region: 'us-east-1', message: /shared across environments \(dev, prod\)/, evidence: { environments: ['dev', 'prod'] } },
        { status: 'info', resource: TEST_ACCOUNT, message: /2 of 3 instance\(s\) launched with one/ },
      ],
    },
    {
      name: 'custom envTag',
      snapshot: snap([kp('k', 30)], [inst('k', 'blue', 'us-east-1', 'stage'), inst('k', 'green', 'us-east-1', 'stage')]),
      options: { envTag: 'Stage' },
      findings: [{ status: 'warn', resource: 'k', message: /blue, green/ }, { status: 'info', resource: TEST_ACCOUNT }],
    },
    {
      name: 'more instances than maxInstancesPerKey',
      snapshot: snap([kp('fleet', 30)], [inst('fleet', 'prod'), inst('fleet', 'prod'), inst('fleet', 'prod')]),
      options: { maxInstancesPerKey: 2 },
      findings: [{ status: 'warn', resource: 'fleet', message: /used by 3 instances \(more than 2\)/ }, { status: 'info', resource: TEST_ACCOUNT }],
    },
    {
      name: 'stale unused key pair (older than 90 days)',
      snapshot: snap([kp('old-laptop', 400, 'rsa'), kp('used', 30)], [inst('used', 'prod')]),
      findings: [
        { status: 'warn', resource: 'old-laptop', message: /used by no instance and was created 400 days ago/ },
        { status: 'info', resource: TEST_ACCOUNT },
      ],
      passes: ['used'],
    },
    {
      name: 'keyless strategy passes at account level while a stale key still warns',
      snapshot: snap([kp('forgotten', 200)], Array.from({ length: 10 }, () => inst(undefined))),
      findings: [{ status: 'warn', resource: 'forgotten' }],
      passes: [TEST_ACCOUNT],
    },
  ],
});
