import type { DescribeRegionsCommandOutput } from '@aws-sdk/client-ec2';
import type { GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import { ClientFactory, isThrottle, type CallStats } from '../aws/clients.js';
import { operationsFor } from '../aws/operations.js';
import { globalRegion } from '../aws/services.js';
import { UsageError } from '../errors.js';
import type { Snapshot } from '../snapshot/schema.js';
import type { OptIn } from '../snapshot/dataset.js';
import { collect } from './index.js';
import { describeAwsError, isAccessDenied } from './errors.js';

export interface LiveOptions {
  profile?: string;
  /** --region / --regions: explicit names, or ["all"]. Empty: the profile's region. */
  regions: string[];
  endpointUrl?: string;
  timeoutSeconds?: number;
  maxAttempts?: number;
  /** --deadline, in milliseconds: what is not collected by then becomes collection errors. */
  deadlineMs?: number;
  /** --deadline as given ("90s"), for messages. */
  deadlineLabel?: string;
  toolVersion: string;
  /** Opt-ins enabled (recorded in the snapshot); the datasets given are already filtered by them. */
  optIns?: readonly OptIn[];
  onProgress?: (done: number, total: number, label: string) => void;
  /** Credentials to sign with instead of the default chain: an assumed role (--role-arn, an organization's member role). */
  credentials?: unknown;
}

const CREDENTIAL_ERRORS: Record<string, string> = {
  CredentialsProviderError: 'no AWS credentials found',
  ExpiredToken: 'the AWS credentials have expired',
  ExpiredTokenException: 'the AWS credentials have expired',
  TokenRefreshRequired: 'the AWS SSO session has expired (run aws sso login)',
  InvalidClientTokenId: 'the AWS access key is not valid',
  SignatureDoesNotMatch: 'the AWS secret key does not match the access key',
  UnrecognizedClientException: 'the AWS credentials are not valid',
  InvalidAccessKeyId: 'the AWS access key is not valid',
};

/**
 * Turns a failure of the first call (who am I) into one clear line: a credential or connection
 * problem, or whatever else stopped it (throttled past retries, a broken answer). Never the
 * credentials themselves: only the error code and the service's message.
 */
function bootstrapError(err: unknown, profile: string | undefined): UsageError {
  const { code, message } = describeAwsError(err);
  if (code === 'CredentialsTimeout') return new UsageError(`${message}${profile ? ` (profile ${profile})` : ''}`);
  if ((err as Error | undefined)?.name === 'AssumeRoleFailed') return new UsageError(message);
  if (code === 'DeadlineExceeded') return new UsageError(`${message}: the account was not even identified (sts:GetCallerIdentity)`);
  const what = CREDENTIAL_ERRORS[code] ?? (/credential/i.test(message) ? 'no usable AWS credentials' : undefined);
  if (what) return new UsageError(`${what}${profile ? ` (profile ${profile})` : ''}: ${message.split('. ')[0]}`);
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|TimeoutError|socket hang up/i.test(`${code} ${message}`))
    return new UsageError(`cannot reach AWS: ${message}`);
  return new UsageError(`cannot verify the AWS credentials: sts:GetCallerIdentity failed (${code}: ${message})`);
}

const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Regions every account has enabled, in every partition (each region launched since March 2019 is
 * opt-in). A fixed list: new regions are never added to it.
 */
const ALWAYS_ENABLED = new Set([
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1',
  'us-gov-west-1', 'us-gov-east-1', 'cn-north-1', 'cn-northwest-1',
]);

/** The region the SDK would use: AWS_REGION, or the profile's (undefined when neither is set). */
export async function defaultRegion(profile?: string): Promise<string | undefined> {
  // The SDK resolves the region from AWS_REGION or the profile; an STS client exposes what it found.
  const { STSClient } = await import('@aws-sdk/client-sts');
  try {
    const region = await new STSClient(profile ? { profile } : {}).config.region();
    if (region) return region;
  } catch {
    /* none */
  }
  return undefined;
}

/**
 * Where to ask who we are (and which regions are enabled). It depends on the set of regions, never on
 * their order: a listed region every account has enabled (the first in alphabetical order), else the
 * profile's region, else the first listed region in alphabetical order. A typo or a region not enabled
 * is then reported as such, whatever its place in the list.
 */
async function homeRegion(listed: string[], profile?: string): Promise<string> {
  const sorted = [...new Set(listed)].sort();
  const enabled = sorted.find((r) => ALWAYS_ENABLED.has(r));
  if (enabled) return enabled;
  const fallback = await defaultRegion(profile);
  if (fallback) return fallback;
  if (sorted.length) return sorted[0]!;
  throw new UsageError('no AWS region: pass --region or --regions, or set AWS_REGION or a region in your profile');
}

/** Collects a snapshot of the account behind the current credentials. */
export async function liveSnapshot(datasets: string[], opts: LiveOptions): Promise<{ snapshot: Snapshot; stats: CallStats }> {
  for (const r of opts.regions)
    if (r !== 'all' && !REGION_NAME.test(r)) throw new UsageError(`--regions: "${r}" is not a region name`);
  const listed = opts.regions.filter((r) => r !== 'all');
  // "all" is asked of EC2 in some region: one the user named, else the profile's.
  if (opts.regions.includes('all') && listed.length === 0 && !(await defaultRegion(opts.profile)))
    throw new UsageError('--regions all lists the enabled regions from a home region, and none is set: add --region us-east-1 (or set AWS_REGION or a region in your profile)');
  const factory = new ClientFactory({
    profile: opts.profile,
    credentials: opts.credentials,
    endpointUrl: opts.endpointUrl,
    timeoutSeconds: opts.timeoutSeconds,
    maxAttempts: opts.maxAttempts,
    allowedOperations: operationsFor(datasets),
    deadlineMs: opts.deadlineMs,
    deadlineLabel: opts.deadlineLabel,
  });
  try {
    const home = await homeRegion(listed, opts.profile);
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    let identity: GetCallerIdentityCommandOutput;
    try {
      identity = await (await factory.client('sts', home)).send(new GetCallerIdentityCommand({})) as GetCallerIdentityCommandOutput;
    } catch (err) {
      throw bootstrapError(err, opts.profile);
    }
    const accountId = identity.Account!;
    const partition = identity.Arn?.split(':')[1] || 'aws';
    const regions = await resolveRegions(factory, home, globalRegion(partition), opts.regions);
    const snapshot = await collect(datasets, {
      factory,
      regions,
      globalRegion: globalRegion(partition),
      accountId,
      partition,
      principal: identity.Arn,
      toolVersion: opts.toolVersion,
      optIns: opts.optIns,
      onProgress: opts.onProgress,
    });
    return { snapshot, stats: factory.stats };
  } finally {
    factory.destroy();
  }
}

/** "all" = every region enabled for the account; explicit names must be enabled. */
async function resolveRegions(factory: ClientFactory, home: string, partitionHome: string, wanted: string[]): Promise<string[]> {
  if (wanted.length > 0 && !wanted.includes('all')) {
    // Check explicit regions against the enabled ones when we can. The check is a courtesy: if it is
    // denied, throttled or broken, each region is collected anyway and its own failures are recorded.
    // A home region that does not answer (a typo when no listed region is a standard one) is not the
    // account's fault: ask the partition's main region then.
    let enabled = await enabledRegions(factory, home).catch((err: unknown) => (isAccessDenied(err) || isThrottle(err) ? null : undefined));
    if (enabled === undefined && partitionHome !== home) enabled = await enabledRegions(factory, partitionHome).catch(() => undefined);
    if (enabled) {
      const off = [...new Set(wanted)].sort().filter((r) => !enabled.includes(r));
      if (off.length) throw new UsageError(`region ${off.join(', ')} is not enabled for this account (or does not exist)`);
    }
    return [...new Set(wanted)];
  }
  if (wanted.includes('all')) {
    try {
      return await enabledRegions(factory, home);
    } catch (err) {
      const { code, message } = describeAwsError(err);
      const hint = isAccessDenied(err) ? ' (allow ec2:DescribeRegions, or list the regions with --regions)' : '; list the regions with --regions';
      throw new UsageError(`cannot list the enabled regions: ec2:DescribeRegions failed (${code}: ${message})${hint}`);
    }
  }
  return [home];
}

async function enabledRegions(factory: ClientFactory, home: string): Promise<string[]> {
  const { DescribeRegionsCommand } = await import('@aws-sdk/client-ec2');
  const out = (await (await factory.client('ec2', home)).send(
    new DescribeRegionsCommand({ AllRegions: false }),
  )) as DescribeRegionsCommandOutput;
  return (out.Regions ?? [])
    .filter((r) => r.OptInStatus !== 'not-opted-in' && r.RegionName)
    .map((r) => r.RegionName!)
    .sort();
}
