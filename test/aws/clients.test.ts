import { DescribeInstancesCommand, EC2Client, TerminateInstancesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { GenerateCredentialReportCommand, IAMClient, CreateUserCommand } from '@aws-sdk/client-iam';
import { PutObjectCommand, S3Client, DeleteBucketCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ClientFactory, ReadOnlyViolation, assertAllowed } from '../../src/aws/clients.js';
import { allOperations, operationsFor } from '../../src/aws/operations.js';

const factory = (ops: Set<string>) =>
  new ClientFactory({
    allowedOperations: ops,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    // Nothing listens here: a request that got past the guard would fail with a network error instead.
    endpointUrl: 'http://127.0.0.1:9',
    maxAttempts: 1,
    timeoutSeconds: 2,
  });

describe('read-only guard', () => {
  it('allows only Describe/List/Get verbs and iam:GenerateCredentialReport', () => {
    const ops = new Set(['ec2:DescribeInstances', 'ec2:TerminateInstances', 'iam:GenerateCredentialReport', 's3:PutObject']);
    expect(() => assertAllowed('ec2:DescribeInstances', ops)).not.toThrow();
    expect(() => assertAllowed('iam:GenerateCredentialReport', ops)).not.toThrow();
    expect(() => assertAllowed('ec2:TerminateInstances', ops)).toThrow(ReadOnlyViolation);
    expect(() => assertAllowed('s3:PutObject', ops)).toThrow(/not a read-only verb/);
    expect(() => assertAllowed('ec2:Describer', ops)).toThrow(ReadOnlyViolation);
    expect(() => assertAllowed('ec2:DescribeVpcs', ops)).toThrow(/not declared by any dataset/);
  });

  it('every operation any dataset declares is a read', () => {
    for (const op of allOperations()) expect(() => assertAllowed(op, allOperations()), op).not.toThrow();
  });

  it.each([
    ['ec2', () => new TerminateInstancesCommand({ InstanceIds: ['i-1'] })],
    ['s3', () => new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' })],
    ['s3', () => new DeleteBucketCommand({ Bucket: 'b' })],
    ['iam', () => new CreateUserCommand({ UserName: 'mallory' })],
  ] as const)('a %s client from the factory refuses a write before it leaves the process', async (service, command) => {
    const f = factory(allOperations());
    const client = await f.client<EC2Client | S3Client | IAMClient>(service, 'us-east-1');
    await expect((client as EC2Client).send(command() as never)).rejects.toThrow(ReadOnlyViolation);
    expect(f.stats.operations()).toEqual([]);
    f.destroy();
  });

  it('refuses a read that no selected dataset declares', async () => {
    const f = factory(operationsFor(['ec2.instances']));
    const ec2 = await f.client<EC2Client>('ec2', 'us-east-1');
    await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toThrow(/ec2:DescribeVpcs: not declared/);
    // A declared read gets through the guard (and then fails on the closed port, counted).
    await expect(ec2.send(new DescribeInstancesCommand({}))).rejects.not.toThrow(ReadOnlyViolation);
    expect(f.stats.operations()).toEqual(['ec2:DescribeInstances']);
    f.destroy();
  });

  it('lets iam:GenerateCredentialReport through', async () => {
    const f = factory(operationsFor(['iam.credentialReport']));
    const iam = await f.client<IAMClient>('iam', 'us-east-1');
    await expect(iam.send(new GenerateCredentialReportCommand({}))).rejects.not.toThrow(ReadOnlyViolation);
    f.destroy();
  });
});
