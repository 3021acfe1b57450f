import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assumeRoleProvider } from '../../src/aws/assume-role.js';

const sts = mockClient(STSClient);
const role = { roleArn: 'arn:aws:iam::111122223333:role/OrganizationAccountAccessRole' };
const base = { accessKeyId: 'AKIDBASE', secretAccessKey: 'base-secret' };
const credentials = (expiration: Date) => ({ Credentials: { AccessKeyId: 'ASIAMEMBER', SecretAccessKey: 'member-secret', SessionToken: 'token', Expiration: expiration } });

afterEach(() => {
  sts.reset();
  vi.restoreAllMocks();
});

describe('assumeRoleProvider', () => {
  it('assumes the role once and serves the cached credentials until shortly before they expire', async () => {
    sts.on(AssumeRoleCommand).resolves(credentials(new Date(Date.now() + 3600_000)));
    const provider = assumeRoleProvider(base, role, { region: 'us-east-1' });
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a.accessKeyId).toBe('ASIAMEMBER');
    expect(b).toBe(a);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toMatchObject({ RoleArn: role.roleArn, RoleSessionName: 'aws-tips' });
  });

  it('a failed AssumeRole is not cached, and names the role', async () => {
    sts.on(AssumeRoleCommand).rejectsOnce(Object.assign(new Error('not authorized'), { name: 'AccessDenied' })).resolves(credentials(new Date(Date.now() + 3600_000)));
    const provider = assumeRoleProvider(base, role, { region: 'us-east-1' });
    await expect(provider()).rejects.toThrow(/cannot assume arn:aws:iam::111122223333:role\/OrganizationAccountAccessRole: AccessDenied/);
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'ASIAMEMBER' });
  });

  // An organization audit makes one provider per member: each must close its STS client's sockets when its account is done.
  it('destroy() closes the STS client it made', async () => {
    sts.on(AssumeRoleCommand).resolves(credentials(new Date(Date.now() + 3600_000)));
    const destroyed = vi.spyOn(STSClient.prototype, 'destroy');
    const provider = assumeRoleProvider(base, role, { region: 'us-east-1' });
    await provider();
    expect(destroyed).not.toHaveBeenCalled();
    provider.destroy();
    await vi.waitFor(() => expect(destroyed).toHaveBeenCalledTimes(1));
    provider.destroy();
    await new Promise((r) => setTimeout(r, 10));
    expect(destroyed).toHaveBeenCalledTimes(1);
  });

  it('destroy() before any call makes no client', () => {
    const destroyed = vi.spyOn(STSClient.prototype, 'destroy');
    assumeRoleProvider(base, role, { region: 'us-east-1' }).destroy();
    expect(destroyed).not.toHaveBeenCalled();
  });
});
