import { EMRClient, ListClustersCommand, ListStepsCommand, type ClusterSummary, type StepSummary } from '@aws-sdk/client-emr';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsError, collectWith } from './harness.js';

const emr = mockClient(EMRClient);

beforeEach(() => emr.reset());
afterEach(() => emr.reset());

const cluster = (id: string, state: string) => ({
  Id: id,
  Name: `cluster ${id}`,
  ClusterArn: `arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/${id}`,
  Status: { State: state },
}) as ClusterSummary;
const hiveStep = (id: string, output: string) => ({
  Id: id,
  Name: 'Hive program',
  Config: { Jar: 'command-runner.jar', Args: ['hive-script', '--run-hive-script', '--args', '-f', 's3://code/q.hql', '-d', `OUTPUT=${output}`] },
  Status: { State: 'COMPLETED' },
}) as StepSummary;

describe('emr collectors', () => {
  it('lists active clusters and recently terminated ones, then their steps across two pages', async () => {
    emr.on(ListClustersCommand).callsFake((input: { ClusterStates: string[]; CreatedAfter?: Date }) =>
      input.ClusterStates.includes('WAITING')
        ? { Clusters: [cluster('j-ACTIVE', 'WAITING')] }
        : { Clusters: [cluster('j-DONE', 'TERMINATED')] },
    );
    emr.on(ListStepsCommand, { ClusterId: 'j-ACTIVE', Marker: undefined })
      .resolves({ Steps: [hiveStep('s-1', 's3://results/')], Marker: 'p2' })
      .on(ListStepsCommand, { ClusterId: 'j-ACTIVE', Marker: 'p2' })
      .resolves({ Steps: [hiveStep('s-2', 's3://results/daily/')] })
      .on(ListStepsCommand, { ClusterId: 'j-DONE' })
      .resolves({ Steps: [] });

    const snap = await collectWith(['emr.steps']);
    const slice = snap.emr as { clusters: Record<string, unknown>[]; steps: Record<string, unknown>[] };
    expect(slice.clusters.map((c) => c.Id)).toEqual(['j-ACTIVE', 'j-DONE']);
    const calls = emr.commandCalls(ListClustersCommand).map((c) => c.args[0].input);
    const terminated = calls.find((i) => i.ClusterStates?.includes('TERMINATED'))!;
    expect(terminated.CreatedAfter).toBeInstanceOf(Date);
    expect(calls.find((i) => i.ClusterStates?.includes('RUNNING'))!.CreatedAfter).toBeUndefined();
    expect(slice.steps.map((s) => [s.Id, s.ClusterId, s.Arn])).toEqual([
      ['s-1', 'j-ACTIVE', 'arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-ACTIVE/step/s-1'],
      ['s-2', 'j-ACTIVE', 'arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/j-ACTIVE/step/s-2'],
    ]);
  });

  it('stops after the page cap on a cluster with a very long step history', async () => {
    emr.on(ListClustersCommand).callsFake((input: { ClusterStates: string[] }) => ({
      Clusters: input.ClusterStates.includes('WAITING') ? [cluster('j-LONG', 'WAITING')] : [],
    }));
    let n = 0;
    emr.on(ListStepsCommand).callsFake(() => ({ Steps: [hiveStep(`s-${++n}`, 's3://r/x/')], Marker: `m${n}` }));
    const snap = await collectWith(['emr.steps']);
    expect((snap.emr as { steps: unknown[] }).steps).toHaveLength(20);
  });

  it('keeps a cluster seen by both listings once', async () => {
    emr.on(ListClustersCommand).resolves({ Clusters: [cluster('j-RACE', 'TERMINATING')] });
    emr.on(ListStepsCommand).resolves({ Steps: [] });
    const snap = await collectWith(['emr.clusters']);
    expect((snap.emr as { clusters: unknown[] }).clusters).toHaveLength(1);
  });

  it('AccessDenied on ListSteps is an error for the region (the clusters stay)', async () => {
    emr.on(ListClustersCommand).resolves({ Clusters: [cluster('j-ACTIVE', 'RUNNING')] });
    emr.on(ListStepsCommand).rejects(awsError('AccessDeniedException'));
    const snap = await collectWith(['emr.steps']);
    const slice = snap.emr as { clusters: unknown[]; errors: Record<string, unknown>[] };
    expect(slice.errors).toEqual([expect.objectContaining({ dataset: 'emr.steps', region: 'us-east-1', code: 'AccessDeniedException' })]);
  });
});

describe('redactStepArgs', () => {
  it('replaces secret values and keeps S3 paths and ordinary arguments', async () => {
    const { redactStepArgs } = await import('../../src/collect/services/emr.js');
    expect(
      redactStepArgs(['hive-script', '--run-hive-script', '--args', '-f', 's3://b/q.sql', '--db-password', 'hunter2', 'AWS_SECRET_ACCESS_KEY=abc', 'OUTPUT=s3://b/out/', '-d', 'API_TOKEN=xyz']),
    ).toEqual(['hive-script', '--run-hive-script', '--args', '-f', 's3://b/q.sql', '--db-password', '<redacted>', 'AWS_SECRET_ACCESS_KEY=<redacted>', 'OUTPUT=s3://b/out/', '-d', 'API_TOKEN=<redacted>']);
  });
});
