import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  type Account,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { discoverAccounts, parseAccountList, readListFile, selectAccounts, type ReadFile } from '../../src/org/accounts.js';
import { inShard } from '../../src/org/shard.js';
import { requireMotoOrSkip, TEST_CREDENTIALS, useMoto } from '../support/moto.js';

/** The UsageError a call throws (one line, no raw control or bidi character), or a failed test. */
function usage(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const msg = (err as Error).message;
    expect(msg).not.toMatch(/[\n\r\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
    return msg;
  }
  throw new Error('expected a UsageError');
}
async function usageAsync(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  const msg = (err as Error).message;
  expect(msg).not.toContain('\n');
  return msg;
}
const filesOf =
  (files: Record<string, string>): ReadFile =>
  (path) => {
    if (!Object.hasOwn(files, path)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return files[path]!;
  };

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';

describe('parseAccountList', () => {
  it('reads ids separated by commas, trimmed, duplicates dropped in first order', () => {
    expect(parseAccountList(`${B}, ${A} ,${B},${C},`)).toEqual([B, A, C]);
    // Pasted with newlines or spaces ("$(cat ids)") works too.
    expect(parseAccountList(`${A}\n${B}\t${C}  ${A}\r\n`)).toEqual([A, B, C]);
  });

  it('reads @FILE: one id a line, # comments, blank lines, CRLF, a BOM, spaces', () => {
    const text = `\ufeff# production\r\n${B}\r\n\r\n  ${A}   # payments\n#${C}\n\t${B}\n`;
    expect(parseAccountList('@ids.txt', filesOf({ 'ids.txt': text }))).toEqual([B, A]);
  });

  it.each([
    ['an 11-digit id', '11111111111'],
    ['a 13-digit id', '1111111111111'],
    ['letters', 'prod-account'],
    ['__proto__', '__proto__'],
    ['an ARN', 'arn:aws:iam::111111111111:root'],
    ['full-width digits', '１１１１１１１１１１１１'],
  ])('rejects %s, naming it, in one line', (_what, bad) => {
    const msg = usage(() => parseAccountList(`${A},${bad}`));
    expect(msg).toMatch(/^--accounts: ".*" is not an AWS account id \(12 digits\)/);
    expect(msg).toContain(bad.slice(0, 40));
  });

  it('names the flag it reads (--exclude-accounts)', () => {
    expect(usage(() => parseAccountList('12', undefined, { flag: '--exclude-accounts' }))).toMatch(/^--exclude-accounts: "12"/);
  });

  it('shows a hostile id escaped and cut short: bidi overrides, ANSI escapes, megabytes', () => {
    // U+202E makes "111111111111" display reversed; an id that looks valid must not look valid in the error.
    const msg = usage(() => parseAccountList(`\u202e${A}\u202c,${B}`));
    expect(msg).toContain(`"\\u202e${A}\\u202c"`);
    const long = usage(() => parseAccountList(`\x1b[2J${'9'.repeat(5_000_000)}`));
    expect(long).toContain('\\u001b[2J');
    expect(long).toContain('…');
    expect(long.length).toBeLessThan(150);
    expect(usage(() => parseAccountList(`${A}\u2066`))).toContain('\\u2066');
  });

  it('names the line of a bad id in @FILE', () => {
    const files = filesOf({ 'ids.txt': `# ok\n${A}\n\n${B}x\n${C}\n` });
    expect(usage(() => parseAccountList('@ids.txt', files))).toBe(`--accounts @"ids.txt" line 4: "${B}x" is not an AWS account id (12 digits)`);
    const hostile = filesOf({ 'ids.txt': `${A}\n__proto__\n` });
    expect(usage(() => parseAccountList('@ids.txt', hostile))).toMatch(/line 2: "__proto__"/);
  });

  it('an unreadable @FILE is one line with the errno code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-tips-accounts-'));
    try {
      expect(usage(() => parseAccountList(`@${join(dir, 'missing.txt')}`))).toMatch(/cannot read the file \(ENOENT\)$/);
      expect(usage(() => parseAccountList(`@${dir}`))).toMatch(/cannot read the file \(EISDIR\)$/);
      expect(usage(() => parseAccountList('@'))).toMatch(/a file name is needed after @/);
      // A name with escapes is shown escaped.
      expect(usage(() => parseAccountList(`@${dir}/\x1b[31mred`))).toContain('\\u001b[31mred');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an endless @FILE stops at the size cap instead of filling the memory', () => {
    expect(usage(() => parseAccountList('@/dev/zero'))).toMatch(/cannot read the file \(EFBIG\)$/);
  });

  it('no id at all is a usage error', () => {
    expect(usage(() => parseAccountList(''))).toMatch(/no account id given/);
    expect(usage(() => parseAccountList(' , ,'))).toMatch(/no account id given/);
    expect(usage(() => parseAccountList('@e', filesOf({ e: '# none yet\n\n' })))).toMatch(/holds no account id/);
  });

  it('is linear: a 5 MB @FILE and a million lines parse in well under a second or two', () => {
    const ids = Array.from({ length: 400_000 }, (_, i) => String(100_000_000_000 + i));
    const big = `${ids.join('\n')}\n`;
    expect(big.length).toBeGreaterThan(5_000_000);
    let t = performance.now();
    expect(parseAccountList('@big', filesOf({ big }))).toHaveLength(400_000);
    expect(performance.now() - t).toBeLessThan(5_000);

    // A million comment lines, then one bad line: the error names line 1,000,001.
    const million = `${'#\n'.repeat(1_000_000)}oops\n`;
    t = performance.now();
    expect(usage(() => parseAccountList('@m', filesOf({ m: million })))).toMatch(/line 1000001: "oops"/);
    // 5 MB on one line, no newline: cut in the message, not quadratic.
    const oneLine = `${'1'.repeat(5_000_000)}`;
    expect(usage(() => parseAccountList('@o', filesOf({ o: oneLine })))).toMatch(/line 1: "1{40}…"/);
    // A 5 MB line of '#' and spaces.
    expect(usage(() => parseAccountList('@h', filesOf({ h: ` ${'# '.repeat(2_500_000)}` })))).toMatch(/holds no account id/);
    expect(performance.now() - t).toBeLessThan(5_000);
  });

  it('readListFile reads a real file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-tips-accounts-'));
    try {
      writeFileSync(join(dir, 'ids'), `${A}\n${B}\n`);
      expect(readListFile(join(dir, 'ids'))).toBe(`${A}\n${B}\n`);
      expect(parseAccountList(`@${join(dir, 'ids')}`)).toEqual([A, B]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// One mocked instance (not the class): the moto tests below use real clients.
const mocked = new OrganizationsClient({ region: 'us-east-1', credentials: TEST_CREDENTIALS });
const org = mockClient(mocked);
afterEach(() => org.reset());
const client = () => mocked;
const awsError = (name: string, message = name) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });

const acct = (id: string, over: Partial<Account> = {}): Account => ({
  Id: id,
  Arn: `arn:aws:organizations::999999999999:account/o-abcdefghij/${id}`,
  Name: `acct-${id.slice(0, 3)}`,
  Email: `a${id.slice(0, 3)}@example.com`,
  Status: 'ACTIVE',
  State: 'ACTIVE',
  ...over,
});

describe('discoverAccounts --org (ListAccounts)', () => {
  it('pages with NextToken, keeps ACTIVE accounts only, sorted by id', async () => {
    const tokens: (string | undefined)[] = [];
    org.on(ListAccountsCommand).callsFake(async (input: { NextToken?: string }) => {
      tokens.push(input.NextToken);
      if (!input.NextToken)
        return {
          Accounts: [acct(C), acct('444444444444', { Status: 'SUSPENDED', State: 'SUSPENDED' })],
          NextToken: 'page-2',
        };
      if (input.NextToken === 'page-2')
        // Organizations may answer an empty page that is not the last one.
        return { Accounts: [], NextToken: 'page-3' };
      return {
        Accounts: [
          acct(A),
          acct('555555555555', { Status: 'PENDING_CLOSURE', State: 'PENDING_CLOSURE' }),
          acct('666666666666', { Status: undefined, State: 'CLOSED' }),
          acct('777777777777', { Status: undefined, State: 'PENDING_ACTIVATION' }),
          acct(B, { Email: undefined }),
        ],
      };
    });
    expect(await discoverAccounts(client())).toEqual([
      { id: A, name: 'acct-111', email: 'a111@example.com' },
      { id: B, name: 'acct-222' },
      { id: C, name: 'acct-333', email: 'a333@example.com' },
    ]);
    expect(tokens).toEqual([undefined, 'page-2', 'page-3']);
  });

  it('reads State when present, Status (deprecated) only when State is absent', async () => {
    org.on(ListAccountsCommand).resolves({
      Accounts: [
        acct(A, { Status: 'ACTIVE', State: 'SUSPENDED' }), // State wins: out
        acct(B, { Status: 'SUSPENDED', State: 'ACTIVE' }), // State wins: in
        acct(C, { Status: 'ACTIVE', State: undefined }), // older answer: Status decides, in
        acct('444444444444', { Status: 'SUSPENDED', State: undefined }),
        acct('555555555555', { Status: undefined, State: undefined }), // not known to be active: out
      ],
    });
    expect((await discoverAccounts(client())).map((a) => a.id)).toEqual([B, C]);
  });

  it.each([
    ['AWSOrganizationsNotInUseException', /not a member of an organization/],
    ['AccessDeniedException', /denied listing the accounts/],
  ])('%s: one usage line saying it works only from the management account or a delegated administrator', async (code, re) => {
    org.on(ListAccountsCommand).rejects(awsError(code, `You don't have permissions to access this resource.\nRequestId: x`));
    const msg = await usageAsync(discoverAccounts(client()));
    expect(msg).toMatch(re);
    expect(msg).toMatch(/^--org: /);
    expect(msg).toContain(code);
    expect(msg).toContain("works only from the organization's management account or a delegated administrator");
  });

  it('other failures (throttling past retries) propagate as they are, not as usage errors', async () => {
    const err = awsError('TooManyRequestsException');
    org.on(ListAccountsCommand).rejects(err);
    await expect(discoverAccounts(client())).rejects.toBe(err);
  });

  it('an answer with an account id that is not 12 digits fails (it would go into role ARNs)', async () => {
    org.on(ListAccountsCommand).resolves({ Accounts: [acct('__proto__')] });
    await expect(discoverAccounts(client())).rejects.toThrow(/not 12 digits: "__proto__"/);
  });
});

describe('discoverAccounts --org-unit (ListAccountsForParent, ListOrganizationalUnitsForParent)', () => {
  const ROOT = 'r-ab12';
  const PROD = 'ou-ab12-prod0001';
  const WEB = 'ou-ab12-web00001';
  const DATA = 'ou-ab12-data0001';
  const DEEP = 'ou-ab12-deep0001';
  const DEV = 'ou-ab12-dev00001';

  /** Recorded-style tree: root > (prod > (web > deep), data), dev; two pages for some parents. */
  function tree(children: Record<string, string[]>, accounts: Record<string, Account[]>) {
    const calls: string[] = [];
    org.on(ListOrganizationalUnitsForParentCommand).callsFake(async (input: { ParentId: string; NextToken?: string }) => {
      calls.push(`ous ${input.ParentId}${input.NextToken ? ` ${input.NextToken}` : ''}`);
      if (!Object.hasOwn(children, input.ParentId)) throw awsError('ParentNotFoundException', 'We cannot find a root or OU with the ParentId that you specified.');
      const ous = (children[input.ParentId] ?? []).map((Id) => ({ Id, Name: Id.slice(8), Arn: `arn:aws:organizations::999999999999:ou/o-abcdefghij/${Id}` }));
      // Page by one OU when there are several.
      const i = input.NextToken ? Number(input.NextToken) : 0;
      return { OrganizationalUnits: ous.slice(i, i + 1), ...(i + 1 < ous.length ? { NextToken: String(i + 1) } : {}) };
    });
    org.on(ListAccountsForParentCommand).callsFake(async (input: { ParentId: string; NextToken?: string }) => {
      calls.push(`accounts ${input.ParentId}${input.NextToken ? ` ${input.NextToken}` : ''}`);
      if (!Object.hasOwn(children, input.ParentId)) throw awsError('ParentNotFoundException');
      const list = accounts[input.ParentId] ?? [];
      if (list.length > 1 && !input.NextToken) return { Accounts: list.slice(0, 1), NextToken: 'more' };
      return { Accounts: input.NextToken ? list.slice(1) : list };
    });
    return calls;
  }

  const ids = (n: number) => String(n).repeat(12).slice(0, 12);
  const accounts = {
    [ROOT]: [acct(ids(9))],
    [PROD]: [acct(ids(1)), acct(ids(2), { State: 'SUSPENDED', Status: 'SUSPENDED' })],
    [WEB]: [acct(ids(3)), acct(ids(4))],
    [DEEP]: [acct(ids(5))],
    [DATA]: [acct(ids(6), { State: 'PENDING_CLOSURE', Status: 'PENDING_CLOSURE' })],
    [DEV]: [acct(ids(7))],
  };
  const children = { [ROOT]: [PROD, DEV], [PROD]: [WEB, DATA], [WEB]: [DEEP], [DEEP]: [], [DATA]: [], [DEV]: [] };

  it('walks the OU and every OU below it, breadth first, paged, ACTIVE accounts only, with their OU path', async () => {
    const calls = tree(children, accounts);
    const found = await discoverAccounts(client(), { orgUnit: [PROD] });
    expect(found).toEqual([
      { id: ids(1), name: 'acct-111', email: 'a111@example.com', ouPath: PROD },
      { id: ids(3), name: 'acct-333', email: 'a333@example.com', ouPath: `${PROD}/${WEB}` },
      { id: ids(4), name: 'acct-444', email: 'a444@example.com', ouPath: `${PROD}/${WEB}` },
      { id: ids(5), name: 'acct-555', email: 'a555@example.com', ouPath: `${PROD}/${WEB}/${DEEP}` },
    ]);
    expect(calls).toEqual([
      `accounts ${PROD}`,
      `accounts ${PROD} more`,
      `ous ${PROD}`,
      `ous ${PROD} 1`,
      `accounts ${WEB}`,
      `accounts ${WEB} more`,
      `ous ${WEB}`,
      `accounts ${DATA}`,
      `ous ${DATA}`,
      `accounts ${DEEP}`,
      `ous ${DEEP}`,
    ]);
  });

  it('a root id walks the whole organization; repeated and nested --org-unit values visit each OU once', async () => {
    const calls = tree(children, accounts);
    const found = await discoverAccounts(client(), { orgUnit: [ROOT, WEB, ROOT] });
    expect(found.map((a) => a.id)).toEqual([1, 3, 4, 5, 7, 9].map(ids));
    expect(calls.filter((c) => c.startsWith(`accounts ${WEB}`) && !c.endsWith('more'))).toHaveLength(1);
    expect(new Set(calls).size).toBe(calls.length);
  });

  it('is cycle-safe: an answer that lists an ancestor as a child is not walked again', async () => {
    const calls = tree({ ...children, [DEEP]: [PROD, WEB] }, accounts);
    const found = await discoverAccounts(client(), { orgUnit: [PROD] });
    expect(found.map((a) => a.id)).toEqual([1, 3, 4, 5].map(ids));
    expect(new Set(calls).size).toBe(calls.length);
  });

  it.each([
    'ou-AB12-prod0001',
    'ou-ab1-prod0001',
    'ou-ab12-prod001',
    'ou-ab12',
    'r-ab1',
    'o-abcdefghij',
    '111111111111',
    '__proto__',
    `ou-ab12-prod0001\u202e`,
    `${'ou-ab12-prod0001'.repeat(10_000)}`,
  ].map((v) => [v.length > 40 ? `${v.slice(0, 16)}… (${v.length} characters)` : JSON.stringify(v), v]))(
    '%s is not an OU or root id: a usage error before any call',
    async (_label, bad) => {
    const calls = tree(children, accounts);
    const msg = await usageAsync(discoverAccounts(client(), { orgUnit: [PROD, bad] }));
    expect(msg).toMatch(/^--org-unit: ".*" is not an OU id \(ou-xxxx-xxxxxxxx\) or root id \(r-xxxx\)/);
    expect(msg.length).toBeLessThan(200);
    expect(msg).not.toContain('\u202e');
    expect(calls).toEqual([]);
    },
  );

  it('accepts the longest ids the API allows', async () => {
    const longOu = `ou-${'a'.repeat(32)}-${'b'.repeat(32)}`;
    const longRoot = `r-${'c'.repeat(32)}`;
    tree({ [longOu]: [], [longRoot]: [] }, { [longOu]: [acct(A)] });
    expect((await discoverAccounts(client(), { orgUnit: [longOu, longRoot] })).map((a) => a.id)).toEqual([A]);
  });

  it('an OU given that does not exist is a usage error; one below that vanished since it was listed is skipped', async () => {
    tree(children, accounts);
    expect(await usageAsync(discoverAccounts(client(), { orgUnit: ['ou-ab12-gone0001'] }))).toBe(
      '--org-unit: "ou-ab12-gone0001" is not an OU or root of this organization (ParentNotFoundException)',
    );
    org.reset();
    const { [DATA]: _gone, ...withoutData } = children;
    tree(withoutData, accounts);
    expect((await discoverAccounts(client(), { orgUnit: [PROD] })).map((a) => a.id)).toEqual([1, 3, 4, 5].map(ids));
  });

  it('AccessDenied from a member account: one usage line naming --org-unit', async () => {
    org.on(ListAccountsForParentCommand).rejects(awsError('AccessDeniedException'));
    const msg = await usageAsync(discoverAccounts(client(), { orgUnit: [PROD] }));
    expect(msg).toMatch(/^--org-unit: AWS Organizations denied listing the accounts \(AccessDeniedException\)/);
    expect(msg).toContain('delegated administrator');
  });
});

describe('selectAccounts', () => {
  const all = [A, B, C, '444444444444'].map((id) => ({ id, name: id }));

  it('drops excluded accounts, keeps order, and warns of excluded ids that match nothing', () => {
    const r = selectAccounts(all, { exclude: [C, '999999999999', A] });
    expect(r.accounts.map((a) => a.id)).toEqual([B, '444444444444']);
    expect(r.unmatchedExcludes).toEqual(['999999999999']);
    expect(r.warnings).toEqual(['--exclude-accounts: this id matches no account in scope: 999999999999']);
    expect(selectAccounts(all, { exclude: [A] }).warnings).toEqual([]);
    expect(selectAccounts(all).accounts).toEqual(all);
  });

  it('keeps only the shard asked for; an excluded account of another shard still counts as matched', () => {
    const count = 3;
    const union = [0, 1, 2].flatMap((index) => selectAccounts(all, { shard: { index, count } }).accounts.map((a) => a.id));
    expect(union.sort()).toEqual(all.map((a) => a.id));
    for (const index of [0, 1, 2]) {
      const r = selectAccounts(all, { shard: { index, count }, exclude: [A] });
      expect(r.accounts.every((a) => a.id !== A && inShard(a.id, { index, count }))).toBe(true);
      expect(r.warnings).toEqual([]);
    }
  });

  it('names at most ten unmatched ids in its one warning line', () => {
    const exclude = Array.from({ length: 25 }, (_, i) => String(500_000_000_000 + i));
    const r = selectAccounts(all, { exclude });
    expect(r.unmatchedExcludes).toHaveLength(25);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^--exclude-accounts: 25 ids match no account in scope: 500000000000, .*500000000009 and 15 more$/);
  });
});

const hasMoto = requireMotoOrSkip();
describe.skipIf(!hasMoto)('discoverAccounts against moto', () => {
  const moto = useMoto();
  let c: OrganizationsClient;
  const expected = { all: [] as string[], prod: [] as string[], web: [] as string[] };
  let prodOu = '';
  let webOu = '';
  let closed = '';

  beforeAll(async () => {
    // Not the read-only client of the tool: this seeds moto (Create*, Move*, Close* are writes).
    c = new OrganizationsClient({ endpoint: moto.url, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 2 });
    await c.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const root = (await c.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const ou = async (Name: string, ParentId: string) => (await c.send(new CreateOrganizationalUnitCommand({ Name, ParentId }))).OrganizationalUnit!.Id!;
    prodOu = await ou('prod', root);
    webOu = await ou('web', prodOu);
    const deepOu = await ou('deep', webOu);
    const devOu = await ou('dev', root);
    // 12 members: 3 in the root, 3 in prod, 3 in prod/web, 2 in prod/web/deep, 1 in dev.
    const places = [root, root, root, prodOu, prodOu, prodOu, webOu, webOu, webOu, deepOu, deepOu, devOu];
    for (const [i, parent] of places.entries()) {
      const created = await c.send(new CreateAccountCommand({ AccountName: `member-${i}`, Email: `member-${i}@example.com` }));
      const id = created.CreateAccountStatus!.AccountId!;
      if (parent !== root) await c.send(new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: parent }));
      expected.all.push(id);
      if ([prodOu, webOu, deepOu].includes(parent)) expected.prod.push(id);
      if ([webOu, deepOu].includes(parent)) expected.web.push(id);
    }
    // One closed member (SUSPENDED) in prod/web: never discovered.
    closed = expected.web[0]!;
    await c.send(new CloseAccountCommand({ AccountId: closed }));
    for (const list of Object.values(expected)) list.splice(list.indexOf(closed), 1);
  }, 60_000);
  afterAll(() => c?.destroy());

  it('--org finds the management account and every active member, paging', async () => {
    // moto pages like AWS: with 5 a page, 13 accounts take 3 pages.
    expect((await c.send(new ListAccountsCommand({ MaxResults: 5 }))).NextToken).toBeTruthy();
    const found = await discoverAccounts(c, { pageSize: 5 });
    const members = found.filter((a) => a.name.startsWith('member-'));
    expect(members.map((a) => a.id)).toEqual([...expected.all].sort());
    expect(found).toHaveLength(expected.all.length + 1); // + the management account
    expect(found.map((a) => a.id)).not.toContain(closed);
    expect(found.map((a) => a.id)).toEqual(found.map((a) => a.id).sort());
    expect(members.every((a) => /^member-\d+@example\.com$/.test(a.email ?? ''))).toBe(true);
  });

  it('--org-unit finds the accounts of that OU and the OUs below it', async () => {
    const prod = await discoverAccounts(c, { orgUnit: [prodOu], pageSize: 2 });
    expect(prod.map((a) => a.id)).toEqual([...expected.prod].sort());
    expect(new Set(prod.map((a) => a.ouPath!.split('/').length))).toEqual(new Set([1, 2, 3]));
    const web = await discoverAccounts(c, { orgUnit: [webOu] });
    expect(web.map((a) => a.id)).toEqual([...expected.web].sort());
    expect(web.every((a) => a.ouPath!.startsWith(webOu))).toBe(true);
  });

  it('an OU id of the right form that is not there: a usage error', async () => {
    const missing = `${prodOu.slice(0, -1)}${prodOu.endsWith('z') ? 'y' : 'z'}`;
    expect(await usageAsync(discoverAccounts(c, { orgUnit: [missing] }))).toBe(
      `--org-unit: "${missing}" is not an OU or root of this organization (ParentNotFoundException)`,
    );
  });
});
