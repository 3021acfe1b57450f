import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { policyFor } from '../../src/aws/policy.js';
import { ACCOUNT, awsError, collectWith, testFactory } from './harness.js';

const s3control = mockClient(S3ControlClient);

beforeEach(() => s3control.reset());
afterEach(() => s3control.reset());

type Slice = { accountPublicAccessBlock?: unknown; errors: Record<string, unknown>[] };

describe('s3control.accountPublicAccessBlock', () => {
  it('reads the audited account’s Block Public Access (GetPublicAccessBlock with its AccountId)', async () => {
    s3control.on(GetPublicAccessBlockCommand, { AccountId: ACCOUNT }).resolves({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    });
    const snap = await collectWith(['s3control.accountPublicAccessBlock']);
    const slice = snap.s3control as Slice;
    expect(slice.errors).toEqual([]);
    expect(slice.accountPublicAccessBlock).toEqual({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    });
  });

  it('NoSuchPublicAccessBlockConfiguration is a value: nothing blocked at account level, not an error', async () => {
    s3control.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'));
    const snap = await collectWith(['s3control.accountPublicAccessBlock']);
    expect(snap.s3control).toEqual({ accountPublicAccessBlock: { PublicAccessBlockConfiguration: null }, errors: [] });
  });

  it('AccessDenied is a collection error naming the IAM permission (s3:GetAccountPublicAccessBlock), no value', async () => {
    s3control.on(GetPublicAccessBlockCommand).rejects(awsError('AccessDenied'));
    const snap = await collectWith(['s3control.accountPublicAccessBlock']);
    const slice = snap.s3control as Slice;
    expect(slice.accountPublicAccessBlock).toBeUndefined();
    expect(slice.errors).toEqual([
      expect.objectContaining({ dataset: 's3control.accountPublicAccessBlock', operation: 's3control:GetPublicAccessBlock', code: 'AccessDenied', region: 'global' }),
    ]);
    expect(String(slice.errors[0]!.message)).toContain('missing permission s3:GetAccountPublicAccessBlock');
  });

  it('the policy grants s3:GetAccountPublicAccessBlock (the IAM action of s3control:GetPublicAccessBlock)', () => {
    const actions = policyFor(['s3control.accountPublicAccessBlock']).Statement[0]!.Action;
    expect(actions).toContain('s3:GetAccountPublicAccessBlock');
    expect(actions.filter((a) => a.startsWith('s3control:') || a === 's3:GetBucketPublicAccessBlock')).toEqual([]);
  });
});

describe('S3 Control against a custom endpoint (--endpoint-url)', () => {
  it('sends to the endpoint host as given, not <account>.<host> (no URL for an IP, unresolvable for a name), with the account in x-amz-account-id', async () => {
    s3control.restore();
    const seen: { host?: string; url?: string; headers: IncomingHttpHeaders }[] = [];
    const server = createServer((req, res) => {
      seen.push({ host: req.headers.host, url: req.url, headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><PublicAccessBlockConfiguration>' +
          '<RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>',
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const snap = await collectWith(['s3control.accountPublicAccessBlock'], { factory: testFactory({ endpointUrl: `http://127.0.0.1:${port}` }) });
      expect((snap.s3control as Slice).errors).toEqual([]);
      expect((snap.s3control as Slice).accountPublicAccessBlock).toEqual({ PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } });
      expect(seen).toHaveLength(1);
      expect(seen[0]!.host).toBe(`127.0.0.1:${port}`);
      expect(seen[0]!.url).toBe('/v20180820/configuration/publicAccessBlock');
      expect(seen[0]!.headers['x-amz-account-id']).toBe(ACCOUNT);
    } finally {
      server.close();
    }
  });
});
