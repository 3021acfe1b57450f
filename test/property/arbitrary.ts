/**
 * fast-check arbitraries for snapshots, derived from the dataset zod schemas themselves: every
 * dataset of the registry, whatever its shape, gets random items that satisfy its schema.
 *
 * Values are drawn to make rules work hard rather than uniformly at random: ids and names come from a
 * small shared pool (so instances, groups, load balancers... refer to each other), strings from the
 * values AWS actually returns (states, protocols, CIDRs, sentinels) mixed with junk, ports and
 * dates near the edges rules test. Two modes:
 *  - `plausible`: what a collector could write (date fields hold dates, the credential report is a
 *    CSV with its columns);
 *  - `hostile`: anything the schema lets through (a date field holding "Nov 1 2026", a credential
 *    report that is not CSV).
 */
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { dateString } from '../../src/snapshot/dataset.js';
import { ALL_DATASET_KEYS, datasetDef } from '../../src/snapshot/registry.js';
import type { Snapshot } from '../../src/snapshot/schema.js';

export type Mode = 'plausible' | 'hostile';

export const ACCOUNT = '123456789012';
export const REGIONS = ['us-east-1', 'eu-west-1'];
export const NOW = '2026-11-01T12:00:00.000Z';

const IDS = ['a-1', 'a-2', 'sg-1', 'i-1', 'vpc-1', 'subnet-1', 'web', 'default', 'arn:aws:iam::123456789012:role/app', '123456789012'];
const WORDS = [
  '', ' ', 'default', 'true', 'false', 'TRUE', 'N/A', 'no_information', 'not_supported', 'Enabled', 'ENABLED', 'Disabled',
  'active', 'available', 'running', 'stopped', 'pending', 'terminated', 'in-use', 'Assigned', 'COMPLETE', 'Success', 'Failed',
  'tcp', 'udp', '-1', 'icmp', 'HTTP', 'HTTPS', 'TCP', 'TLS', 'application', 'network', 'classic', 'internet-facing', 'internal',
  'ELB', 'EC2', 'redis', 'memcached', 'valkey', 'mysql', 'postgres', 'aurora-mysql', 'Name', 'env', 'owner', 'aws:cloudformation:stack-name',
  'us-east-1', 'eu-west-1', 'global', 'AWS/EC2', 'AWS/Billing', 'CPUUtilization', 'EstimatedCharges', 'GreaterThanThreshold',
  'missing', 'breaching', 'notBreaching', 'ignore', 'forward', 'redirect', 'fixed-response', 'HTTP_301', '443', '80', '22', '*', '/*',
  '{}', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
  '<root_account>', 'AWSReservedSSO_Admin_1', 'token.actions.githubusercontent.com', 'ssh-rsa', 'ed25519', 'rsa', 't3.micro', 'm5.24xlarge',
];
const CIDRS = ['0.0.0.0/0', '::/0', '10.0.0.0/8', '192.168.1.10/32', '198.51.100.0/24', '1.2.3.4/32', 'not-a-cidr', ''];
const PORTS = [-1, 0, 1, 21, 22, 80, 443, 1024, 3306, 3389, 65535];

/** A date near the snapshot time: past years, days, minutes, and a little in the future. */
const isoDate = fc
  .oneof(
    fc.integer({ min: -3650, max: 30 }).map((d) => d * 86_400_000),
    fc.integer({ min: -7200, max: 600 }).map((s) => s * 1000),
  )
  .map((offset) => new Date(Date.parse(NOW) + offset).toISOString());

const junk = fc.string({ maxLength: 8 });

const STATES = ['running', 'stopped', 'pending', 'stopping', 'terminated', 'active', 'available', 'provisioning', 'failed', ''];
const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'tcp', '-1'];

function stringFor(field: string, mode: Mode, parent = ''): fc.Arbitrary<string> {
  if ((field === 'Name' || field === 'Code') && /State|Status/.test(parent)) return fc.constantFrom(...STATES);
  if (/^(State|Status|.*State|.*Status)$/.test(field)) return fc.oneof(fc.constantFrom(...STATES, 'Enabled', 'ENABLED', 'Disabled', 'Assigned'), junk);
  if (/Protocol$/.test(field)) return fc.constantFrom(...PROTOCOLS);
  if (/^(Region|.*RegionName|HomeRegion|AwsRegion)$/.test(field)) return fc.constantFrom(...REGIONS, 'global', '');
  if (/Cidr/i.test(field)) return fc.constantFrom(...CIDRS);
  if (/(Time|Date|Timestamp|Created|Updated|Modified|Until|LastUsed)$/i.test(field))
    return mode === 'plausible' ? isoDate : fc.oneof(isoDate, fc.constantFrom('', 'yesterday', 'N/A', '2026-13-45T99:99:99Z'), junk);
  // AWS never returns an empty id or ARN (a hostile file may).
  if (/(Id|Name|Arn|ARN|Identifier|Key)$/.test(field) || /^(Id|Name|Arn)$/i.test(field))
    return mode === 'plausible' ? fc.oneof(fc.constantFrom(...IDS), fc.string({ minLength: 1, maxLength: 8 })) : fc.oneof(fc.constantFrom(...IDS, ''), junk);
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: junk });
}

function numberFor(field: string): fc.Arbitrary<number> {
  if (/Port$/.test(field)) return fc.constantFrom(...PORTS);
  return fc.oneof(fc.constantFrom(0, 1, 2, 5, 60, 300, 1024), fc.integer({ min: -5, max: 100_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
}

const CREDENTIAL_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation',
  'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region',
  'access_key_1_last_used_service', 'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date',
  'access_key_2_last_used_region', 'access_key_2_last_used_service', 'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
];

/** A credential report CSV: the 22 columns, a root row sometimes, cells from what IAM writes. */
const credentialReportCsv = fc
  .array(
    fc.record({
      user: fc.constantFrom('<root_account>', 'alice', 'bob', 'ci-bot', 'admin', 'web'),
      bool: fc.array(fc.constantFrom('true', 'false', 'TRUE', 'N/A', 'not_supported'), { minLength: 6, maxLength: 6 }),
      dates: fc.array(fc.oneof(isoDate, fc.constantFrom('N/A', 'no_information', 'not_supported', '')), { minLength: 9, maxLength: 9 }),
      service: fc.constantFrom('N/A', 's3', 'iam', 'sts', 'ec2'),
    }),
    { maxLength: 5 },
  )
  .map((rows) =>
    stringify([
      CREDENTIAL_COLUMNS,
      ...rows.map((r) => {
        const [pw, mfa, k1, k2, c1, c2] = r.bool as string[];
        const d = r.dates as string[];
        const arn = r.user === '<root_account>' ? `arn:aws:iam::${ACCOUNT}:root` : `arn:aws:iam::${ACCOUNT}:user/${r.user}`;
        return [r.user, arn, d[0], pw, d[1], d[2], 'N/A', mfa, k1, d[3], d[4], 'us-east-1', r.service, k2, d[5], d[6], 'N/A', 'N/A', c1, d[7], c2, d[8]];
      }),
    ]),
  );

interface Def {
  type: string;
  [k: string]: unknown;
}
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** An arbitrary for any value of `schema`; `field` is the key it sits under (it shapes strings and numbers). */
export function arbitraryFor(schema: z.ZodType, mode: Mode, field = '', depth = 0, parent = ''): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  switch (d.type) {
    case 'string':
      // A date field refuses text that does not parse (dataset.ts): hostile dates are odd but parseable.
      if (schema === dateString) return mode === 'plausible' ? isoDate : fc.oneof(isoDate, fc.constantFrom('2026-11-01', '1970-01-01T00:00:00Z', 'Nov 1 2026'));
      return stringFor(field, mode, parent);
    case 'number':
      return numberFor(field);
    case 'boolean':
      return fc.boolean();
    case 'date':
      return isoDate.map((s) => new Date(s));
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(d.values as unknown[]));
    case 'unknown':
    case 'any':
      return fc.constant(null);
    case 'optional':
      return fc.option(arbitraryFor(d.innerType as z.ZodType, mode, field, depth, parent), { nil: undefined, freq: 3 });
    case 'nullable':
      return fc.option(arbitraryFor(d.innerType as z.ZodType, mode, field, depth, parent), { nil: null, freq: 3 });
    case 'default':
    case 'prefault':
      return arbitraryFor(d.innerType as z.ZodType, mode, field, depth, parent);
    case 'union':
      return fc.oneof(...(d.options as z.ZodType[]).map((o) => arbitraryFor(o, mode, field, depth, parent)));
    case 'array':
      return depth > 6 ? fc.constant([]) : fc.array(arbitraryFor(d.element as z.ZodType, mode, field, depth + 1), { maxLength: 3 });
    case 'record': {
      const key = defOf(d.keyType).type === 'enum' ? arbitraryFor(d.keyType as z.ZodType, mode) : fc.constantFrom(...WORDS.slice(0, 12), 'k');
      return depth > 6
        ? fc.constant({})
        : fc.dictionary(key as fc.Arbitrary<string>, arbitraryFor(d.valueType as z.ZodType, mode, field, depth + 1), { maxKeys: 3 });
    }
    case 'object': {
      if (depth > 6) return fc.constant({});
      const shape = d.shape as Record<string, z.ZodType>;
      return fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, arbitraryFor(v, mode, k, depth + 1, field)])));
    }
    case 'pipe':
      return arbitraryFor(d.in as z.ZodType, mode, field, depth);
    case 'lazy':
      return depth > 4 ? fc.constant(null) : arbitraryFor((d.getter as () => z.ZodType)(), mode, field, depth + 1);
    default:
      throw new Error(`arbitraryFor: zod type "${d.type}" (field ${field}) is not modelled: add it here`);
  }
}

/** One dataset's value; items get a Region of the snapshot and a pooled ARN. */
export function datasetArbitrary(key: string, mode: Mode): fc.Arbitrary<unknown> {
  const def = datasetDef(key);
  if (key === 'iam.credentialReport')
    return fc.record({
      GeneratedTime: isoDate,
      ReportFormat: fc.constant('text/csv'),
      Content: mode === 'plausible' ? credentialReportCsv : fc.oneof(credentialReportCsv, junk, fc.constant('user,arn\n"unclosed')),
    });
  const base = arbitraryFor(def.schema as z.ZodType, mode);
  if (defOf(def.schema).type !== 'array') return base;
  const region = def.scope === 'global' ? fc.constantFrom('global', 'us-east-1') : fc.constantFrom(...REGIONS);
  return fc.tuple(base as fc.Arbitrary<Record<string, unknown>[]>, fc.array(region, { minLength: 3, maxLength: 3 }), fc.array(fc.constantFrom(...IDS), { minLength: 3, maxLength: 3 })).map(
    ([items, regions, ids]) =>
      items.map((item, i) => ({ ...item, Region: regions[i % 3], Arn: `arn:aws:${key.split('.')[0]}:${regions[i % 3]}:${ACCOUNT}:thing/${ids[i % 3]}-${i}` })),
  );
}

const ERROR_CODES = ['AccessDenied', 'UnauthorizedOperation', 'Throttling', 'TimeoutError', 'SyntaxError'];

/**
 * A snapshot holding these datasets (a dataset may also be missing, or have collection errors in a
 * region or on one resource), as it would be read from a file (JSON round trip: dates are strings).
 */
export function snapshotArbitrary(keys: string[], mode: Mode): fc.Arbitrary<Snapshot> {
  const entries = keys.map((k) =>
    fc.record({
      // Mostly present and clean, so rules get to judge; sometimes missing or partly failed.
      value: fc.option(datasetArbitrary(k, mode), { nil: undefined, freq: 40 }),
      errors: fc.oneof(
        { weight: 12, arbitrary: fc.constant([]) },
        { weight: 1, arbitrary: fc.array(
        fc.record({
          region: fc.constantFrom(...REGIONS, 'global'),
          code: fc.constantFrom(...ERROR_CODES),
          resource: fc.option(fc.constantFrom(...IDS).map((id) => `arn:aws:${k.split('.')[0]}:us-east-1:${ACCOUNT}:thing/${id}-0`), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 1 },
      ) },
      ),
    }),
  );
  return fc.tuple(...entries).map((parts) => {
    const snapshot: Record<string, unknown> = {
      schemaVersion: 1,
      meta: { accountId: ACCOUNT, partition: 'aws', regions: REGIONS, globalRegion: 'us-east-1', collectedAt: NOW, toolVersion: 'property' },
    };
    parts.forEach((p, i) => {
      const key = keys[i]!;
      const [service, name] = key.split('.') as [string, string];
      const slice = (snapshot[service] ??= { errors: [] }) as Record<string, unknown> & { errors: unknown[] };
      if (p.value !== undefined) slice[name] = p.value;
      for (const e of p.errors)
        slice.errors.push({
          dataset: key,
          service,
          region: datasetDef(key).scope === 'global' ? 'global' : e.region,
          operation: datasetDef(key).operations[0] ?? key,
          code: e.code,
          message: `${e.code}: simulated`,
          ...(e.resource ? { resource: e.resource } : {}),
        });
    });
    return JSON.parse(JSON.stringify(snapshot)) as Snapshot;
  });
}

export const EVERY_DATASET = ALL_DATASET_KEYS as string[];
