/**
 * Credentials of an assumed role: --role-arn for the audited account, and the member role (--role-name) in
 * each account of an organization audit. The STS call goes to --endpoint-url when given (an emulator), and
 * its credentials are cached until five minutes before they expire: every client of an account (one per
 * service and region) shares one AssumeRole, not one each.
 */
import { registerSecrets, UsageError } from '../errors.js';
import { parseDuration } from '../flag-values.js';
import { globalRegion } from './services.js';
import { describeAwsError } from '../collect/errors.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
export type CredentialProvider = () => Promise<Credentials>;

export interface RoleOptions {
  roleArn: string;
  externalId?: string;
  /** Shows in the account's CloudTrail as who did it (default aws-tips). */
  sessionName?: string;
  /** Seconds; AWS allows 900 up to the role's maximum session duration (at most 12 h). */
  durationSeconds?: number;
}

const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

/** --role-arn: an IAM role ARN (STS AssumeRole's RoleArn). */
export function roleArn(v: string): string {
  if (!ROLE_ARN.test(v)) throw new UsageError(`--role-arn: expected an IAM role ARN such as arn:aws:iam::123456789012:role/Audit, got ${JSON.stringify(v.slice(0, 120))}`);
  return v;
}

/** --role-name: the role to assume in each member account (a role name, with an optional path). */
export function roleName(v: string): string {
  if (v.length > 512 || !/^(\/([\w+=,.@-]+\/)*)?[\w+=,.@-]{1,64}$/.test(v))
    throw new UsageError(`--role-name: expected an IAM role name (letters, digits and +=,.@_-), got ${JSON.stringify(v.slice(0, 80))}`);
  return v;
}

/** --external-id: what the role's trust policy requires (STS: 2 to 1224 characters of [\w+=,.@:/-]). */
export function externalId(v: string): string {
  if (!/^[\w+=,.@:/-]{2,1224}$/.test(v)) throw new UsageError('--external-id: expected 2 to 1224 characters: letters, digits and +=,.@:/-');
  return v;
}

/** --role-session-name: STS allows 2 to 64 characters of [\w+=,.@-]. */
export function sessionName(v: string): string {
  if (!/^[\w+=,.@-]{2,64}$/.test(v)) throw new UsageError(`--role-session-name: expected 2 to 64 characters: letters, digits and +=,.@_-, got ${JSON.stringify(v.slice(0, 80))}`);
  return v;
}

/** --role-duration: 15 min to 12 h (900 to 43200 s), as seconds or a duration (1h, 90m). */
export function roleDuration(v: string): number {
  const ms = parseDuration(v, 43_200_000);
  if (ms === undefined || ms < 900_000 || ms % 1000 !== 0) throw new UsageError(`--role-duration: expected 15m to 12h (900 to 43200 seconds), got "${v}"`);
  return ms / 1000;
}

/** The role ARN of `name` in an account, in the partition of the audit. */
export function memberRoleArn(partition: string, account: string, name: string): string {
  const path = name.startsWith('/') ? name.slice(1) : name;
  return `arn:${partition}:iam::${account}:role/${path}`;
}

/** Refresh this long before the credentials expire, so no call starts with credentials about to lapse. */
const REFRESH_MS = 5 * 60_000;

/**
 * A provider of the role's credentials, signed by `base`. The AssumeRole call is made once and cached
 * until REFRESH_MS before expiry; a failed call is not cached (the next client tries again).
 */
export function assumeRoleProvider(
  base: unknown,
  role: RoleOptions,
  opts: { endpointUrl?: string; region?: string; timeoutMs?: number },
): CredentialProvider & { destroy(): void } {
  const partition = role.roleArn.split(':')[1]!;
  let cached: Promise<Credentials> | undefined;
  let refreshAt = 0;
  let client: Promise<{ send: (c: unknown) => Promise<unknown> }> | undefined;
  const sts = () =>
    (client ??= import('@aws-sdk/client-sts').then(
      ({ STSClient }) =>
        new STSClient({
          region: opts.region ?? globalRegion(partition),
          credentials: base as never,
          ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
          maxAttempts: 3,
          requestHandler: { requestTimeout: opts.timeoutMs ?? 30_000 } as never,
        }) as unknown as { send: (c: unknown) => Promise<unknown> },
    ));
  const assume = async (): Promise<Credentials> => {
    const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    const out = (await (await sts()).send(
      new AssumeRoleCommand({
        RoleArn: role.roleArn,
        RoleSessionName: role.sessionName ?? 'aws-tips',
        ...(role.externalId ? { ExternalId: role.externalId } : {}),
        ...(role.durationSeconds ? { DurationSeconds: role.durationSeconds } : {}),
      }),
    ).catch((err: unknown) => {
      // One line that names the role: "cannot assume arn:...:role/X: AccessDenied: ..." (an SCP, a trust policy, no such role).
      const { code, message } = describeAwsError(err);
      throw Object.assign(new Error(`cannot assume ${role.roleArn}: ${code}: ${message.split('\n')[0]}`), { name: 'AssumeRoleFailed', Code: code });
    })) as { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } };
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw Object.assign(new Error(`AssumeRole of ${role.roleArn} returned no credentials`), { name: 'InvalidResponse' });
    registerSecrets(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
    const expiration = c.Expiration ? new Date(c.Expiration) : undefined;
    refreshAt = expiration ? expiration.getTime() - REFRESH_MS : Number.POSITIVE_INFINITY;
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration };
  };
  const provider = () => {
    if (!cached || Date.now() >= refreshAt) {
      refreshAt = Number.POSITIVE_INFINITY;
      const p = assume();
      cached = p;
      p.catch(() => {
        if (cached === p) cached = undefined;
      });
    }
    return cached;
  };
  /** Closes the STS client's sockets once the account is done (an organization audit makes one per member). */
  const destroy = () => {
    const c = client;
    client = undefined;
    void c?.then((x) => (x as { destroy?: () => void }).destroy?.()).catch(() => undefined);
  };
  return Object.assign(provider, { destroy });
}
