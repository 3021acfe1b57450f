/**
 * A snapshot made by replicating the demo account (fixtures/snapshots/demo.json) to about N
 * resources: the account's resources copied whole, each copy with its own ids, ARNs and names, so
 * the rules find in it what they find in the demo, times the copies (the synthetic snapshot's
 * resources are spread evenly; the demo's are the kind of account the rules find much in).
 *
 * How a copy is made: the identifiers of the demo's resources (each dataset's identity field, the
 * AWS ids such as i-..., sg-..., vol-..., eni-..., and the last part of a path-like id such as
 * /hostedzone/Z...) are renamed wherever they occur in the copy's text, in every field, inside ARNs,
 * DNS names, alarm names and dimensions, ENI attachments, the credential report's rows. Every
 * reference inside a copy therefore resolves inside the same copy. Copy 0 is the demo itself, so
 * what stays single (the datasets of one item per account or region: trails, recorders, detectors,
 * budgets, quotas, instance types...) still points at real resources. Record set and hosted zone
 * names are kept (a copy's zone has its own id: the same name in several zones is what AWS allows).
 *
 * A "resource" is counted as bench/synthetic.ts counts it: one item of a dataset array, or one user
 * row of the credential report. Whole copies are made (no partial copy): the count is the nearest
 * to N. Written as it is generated, in compact JSON.
 *
 *   node --import tsx bench/replicate.ts --resources 200000 --out /tmp/replica.json
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetDef, isDatasetKey } from '../src/snapshot/registry.js';
import { FIXED } from './synthetic.js';

export const DEMO = join(fileURLToPath(new URL('..', import.meta.url)), 'fixtures', 'snapshots', 'demo.json');

export interface ReplicaOptions {
  resources: number;
  /** The snapshot replicated (default: the demo). */
  source?: string;
}

export interface ReplicaResult {
  file: string;
  bytes: number;
  copies: number;
  resources: number;
  /** Resources of one copy (what is replicated) and of what stays single. */
  perCopy: number;
  single: number;
}

/** Datasets kept once: one item per account or region, or a catalogue (synthetic.ts's FIXED, and these). */
const SINGLE = new Set([...Object.keys(FIXED), 'servicequotas.quotas', 'ec2.instanceTypes', 'ec2.accountAttributes']);
/** Identity values never renamed: DNS names (records keep their names, zones get new ids). */
const NO_NAME_TOKENS = new Set(['route53.recordSets', 'route53.hostedZones']);
const AWS_ID = /^[a-z]{1,12}-[0-9a-f]{8,17}$/;
const STOP = new Set(['default']);

type Json = unknown;
type Snap = Record<string, Json> & { meta: unknown; schemaVersion: number };

function walkStrings(v: Json, f: (s: string) => void): void {
  if (typeof v === 'string') f(v);
  else if (Array.isArray(v)) for (const x of v) walkStrings(x, f);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) walkStrings(x, f);
}

const CREDENTIAL_ROWS = /^(?!<root_account>)[^,\n]+,arn:/;

/** The tokens to rename in a copy, and how: AWS ids get a hex prefix in their id part, names a suffix. */
export function tokensOf(snap: Snap): string[] {
  const tokens = new Set<string>();
  const add = (s: string) => {
    if (s.length < 4 || STOP.has(s) || /^\d+$/.test(s)) return;
    tokens.add(s);
    if (s.includes('/')) {
      const last = s.split('/').pop()!;
      if (last.length >= 4) tokens.add(last);
    }
  };
  for (const [service, datasets] of Object.entries(snap)) {
    if (service === 'meta' || service === 'schemaVersion' || !datasets || typeof datasets !== 'object') continue;
    for (const [name, value] of Object.entries(datasets as Record<string, Json>)) {
      const key = `${service}.${name}`;
      if (!isDatasetKey(key) || SINGLE.has(key) || !Array.isArray(value)) continue;
      const id = datasetDef(key).identity?.id;
      for (const item of value) {
        walkStrings(item, (s) => AWS_ID.test(s) && add(s));
        if (typeof id === 'string' && !NO_NAME_TOKENS.has(key)) {
          const v = (item as Record<string, Json>)[id];
          if (typeof v === 'string') add(v);
        }
      }
    }
  }
  return [...tokens];
}

function renamer(tokens: string[]): (text: string, copy: number) => string {
  if (!tokens.length) return (t) => t;
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  // Longest first, so a name is renamed whole rather than a shorter name inside it; a token is
  // renamed only where it is not part of a longer word (ARNs, DNS names, alarm names keep it whole).
  const re = new RegExp(`(?<![A-Za-z0-9])(?:${[...tokens].sort((a, b) => b.length - a.length).map(esc).join('|')})(?![A-Za-z0-9])`, 'g');
  return (text, copy) => {
    if (copy === 0) return text;
    const hex = copy.toString(16).padStart(6, '0');
    return text.replace(re, (t) => {
      const m = /^([a-z]{1,12})-([0-9a-f]+)$/.exec(t);
      if (m) return `${m[1]}-${hex}${m[2]}`;
      if (/^Z[0-9A-Z]+$/.test(t)) return `Z${copy.toString(36).toUpperCase().padStart(4, '0')}${t.slice(1)}`;
      return `${t}-c${copy}`;
    });
  };
}

function countOf(snap: Snap, key: string): number {
  const [s, d] = key.split('.') as [string, string];
  const v = (snap[s] as Record<string, Json> | undefined)?.[d];
  if (key === 'iam.credentialReport') {
    const content = (v as { Content?: string } | undefined)?.Content ?? '';
    return content.split('\n').filter((l) => CREDENTIAL_ROWS.test(l)).length;
  }
  return Array.isArray(v) ? v.length : 0;
}

export function writeReplicaSnapshot(file: string, opts: ReplicaOptions): ReplicaResult {
  const snap = JSON.parse(readFileSync(opts.source ?? DEMO, 'utf8')) as Snap;
  let perCopy = 0;
  let single = 0;
  for (const [service, datasets] of Object.entries(snap)) {
    if (service === 'meta' || service === 'schemaVersion' || !datasets || typeof datasets !== 'object') continue;
    for (const name of Object.keys(datasets as object)) {
      const key = `${service}.${name}`;
      if (!isDatasetKey(key)) continue;
      if (SINGLE.has(key)) single += countOf(snap, key);
      else perCopy += countOf(snap, key);
    }
  }
  const copies = Math.max(1, Math.round((opts.resources - single) / Math.max(1, perCopy)));
  const rename = renamer(tokensOf(snap));

  const fd = openSync(file, 'w');
  let buf: string[] = [];
  let size = 0;
  let bytes = 0;
  const flush = () => {
    const s = buf.join('');
    bytes += writeSync(fd, s);
    buf = [];
    size = 0;
  };
  const w = (s: string) => {
    buf.push(s);
    size += s.length;
    if (size > 1 << 20) flush();
  };
  let firstService = true;
  for (const [service, datasets] of Object.entries(snap)) {
    w(firstService ? '{' : ',');
    firstService = false;
    w(`${JSON.stringify(service)}:`);
    if (service === 'meta' || service === 'schemaVersion' || !datasets || typeof datasets !== 'object' || Array.isArray(datasets)) {
      w(JSON.stringify(datasets));
      continue;
    }
    let first = true;
    for (const [name, value] of Object.entries(datasets as Record<string, Json>)) {
      w(`${first ? '{' : ','}${JSON.stringify(name)}:`);
      first = false;
      const key = `${service}.${name}`;
      if (key === 'iam.credentialReport' && value && typeof (value as { Content?: unknown }).Content === 'string') {
        const { Content, ...rest } = value as { Content: string };
        const lines = Content.split('\n');
        const users = lines.filter((l) => CREDENTIAL_ROWS.test(l)).join('\n');
        const kept = lines.filter((l) => l && !CREDENTIAL_ROWS.test(l));
        const rows = [...kept];
        if (users) for (let c = 0; c < copies; c++) rows.push(rename(users, c));
        w(JSON.stringify({ ...rest, Content: `${rows.join('\n')}${Content.endsWith('\n') ? '\n' : ''}` }));
      } else if (!isDatasetKey(key) || SINGLE.has(key) || !Array.isArray(value) || value.length === 0) {
        w(JSON.stringify(value));
      } else {
        const items = JSON.stringify(value).slice(1, -1);
        w('[');
        for (let c = 0; c < copies; c++) w(`${c ? ',' : ''}${rename(items, c)}`);
        w(']');
      }
    }
    w(first ? '{}' : '}');
  }
  w('}\n');
  flush();
  closeSync(fd);
  return { file, bytes, copies, resources: single + perCopy * copies, perCopy, single };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (n: string, d: string) => {
    const i = process.argv.indexOf(`--${n}`);
    return i > 0 ? process.argv[i + 1]! : d;
  };
  const r = writeReplicaSnapshot(arg('out', 'replica.json'), { resources: Number(arg('resources', '200000')) });
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
