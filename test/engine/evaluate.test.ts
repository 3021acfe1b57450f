import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evaluateRule, type SelectedRule } from '../../src/engine/evaluate.js';
import { score } from '../../src/engine/score.js';
import { selectRules } from '../../src/engine/select.js';
import { emptyConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
import { defineRule, fail, info, pass, type FindingStatus, type Rule } from '../../src/rule.js';
import { buildSnapshot } from '../rule-tester.js';

const docs = { rationale: 'r'.repeat(30), checks: 'c'.repeat(30), remediation: 'm'.repeat(30), links: [] };

const eipRule = defineRule({
  id: 'test-eip',
  section: 'ec2-vpc',
  tip: "Don't keep unassociated Elastic IPs.",
  title: 'test rule over addresses',
  kind: 'automatic',
  severity: 'low',
  needs: ['ec2.addresses'],
  optionalNeeds: ['ec2.vpcs'],
  options: z.object({}),
  compliance: [],
  docs,
  messages: { used: 'used', idle: 'idle', vpcs: '{{count}} vpcs' },
  *check({ ec2 }, ctx) {
    for (const a of ec2.addresses) yield a.AssociationId ? pass(a, 'used') : fail(a, 'idle');
    yield info(ctx.account('us-east-1', 'ec2'), 'vpcs', { count: ec2.vpcs?.length ?? 'unknown' });
  },
});

const select = (rule: Rule, extra: Partial<SelectedRule> = {}): SelectedRule => ({ rule, options: {}, severity: rule.severity, severityOverridden: false, ...extra });
const addr = (id: string, region: string, assoc?: string) => ({ AllocationId: id, PublicIp: '52.0.0.1', Region: region, ...(assoc ? { AssociationId: assoc } : {}) });
const regions = { meta: { regions: ['us-east-1', 'eu-west-1'] } };

describe('evaluateRule', () => {
  it('turns a collection error into an error finding for that region and withholds verdicts there', () => {
    const snapshot = buildSnapshot(eipRule, {
      ...regions,
      ec2: {
        addresses: [addr('eipalloc-1', 'us-east-1', 'eipassoc-1'), addr('eipalloc-2', 'eu-west-1', 'eipassoc-2'), addr('eipalloc-3', 'us-east-1'), addr('eipalloc-4', 'eu-west-1')],
        vpcs: [],
        errors: [{ dataset: 'ec2.addresses', service: 'ec2', region: 'eu-west-1', operation: 'ec2:DescribeAddresses', code: 'UnauthorizedOperation', message: 'denied' }],
      },
    });
    const r = evaluateRule(snapshot, select(eipRule));
    expect(r.findings.map((f) => `${f.status}:${f.resource.id}`)).toEqual(['error:123456789012', 'pass:eipalloc-1', 'fail:eipalloc-3', 'info:123456789012']);
    expect(r.findings[0]!.resource.region).toBe('eu-west-1');
    expect(r.findings[0]!.message).toMatch(/ec2:DescribeAddresses failed in eu-west-1 \(UnauthorizedOperation/);
    expect(r.status).toBe('fail');
    expect(r.incomplete).toBe(true);
  });

  it('reports a dataset missing from the snapshot as error, never running the rule', () => {
    const snapshot = buildSnapshot(undefined, { ec2: { vpcs: [] } });
    const r = evaluateRule(snapshot, select(eipRule));
    expect(r.status).toBe('error');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.message).toMatch(/no ec2\.addresses/);
  });

  it('runs without an optional dataset that failed, and says so as info', () => {
    const snapshot = buildSnapshot(undefined, {
      ec2: {
        addresses: [addr('eipalloc-1', 'us-east-1', 'x')],
        errors: [{ dataset: 'ec2.vpcs', service: 'ec2', region: 'us-east-1', operation: 'ec2:DescribeVpcs', code: 'Throttling', message: 'slow down' }],
      },
    });
    const r = evaluateRule(snapshot, select(eipRule));
    expect(r.findings.map((f) => f.status)).toEqual(['info', 'pass', 'info']);
    expect(r.findings[0]!.message).toMatch(/context not available: ec2:DescribeVpcs/);
    expect(r.findings[2]!.message).toBe('unknown vpcs');
    expect(r.incomplete).toBe(false);
  });

  it('turns a rule that throws into one error finding', () => {
    const broken = defineRule({ ...eipRule, id: 'test-broken', *check() { throw new Error('boom'); } } as never);
    const r = evaluateRule(buildSnapshot(eipRule, {}), select(broken));
    expect(r.findings).toEqual([expect.objectContaining({ status: 'error', message: 'rule failed: boom' })]);
  });

  it('refuses a read of a dataset the rule did not declare', () => {
    const sneaky = defineRule({ ...eipRule, id: 'test-sneaky', *check(view: any) { yield pass({ arn: 'a', region: 'r', id: String(view.ec2.instances.length) }, 'x'); } } as never);
    const r = evaluateRule(buildSnapshot(eipRule, { ec2: { instances: [] } }), select(sneaky));
    expect(r.findings[0]!.message).toMatch(/read ec2\.instances, which it does not declare/);
  });

  it('is not-applicable when nothing is in scope', () => {
    const quiet = defineRule({ ...eipRule, id: 'test-quiet', *check() {} } as never);
    expect(evaluateRule(buildSnapshot(eipRule, {}), select(quiet)).status).toBe('not-applicable');
  });

  it('applies a severity override to verdicts, and gives advice the info severity', () => {
    const snapshot = buildSnapshot(eipRule, { ec2: { addresses: [addr('eipalloc-3', 'us-east-1')], vpcs: [] } });
    const r = evaluateRule(snapshot, select(eipRule, { severity: 'critical', severityOverridden: true }));
    expect(r.findings.map((f) => `${f.status}/${f.severity}`)).toEqual(['fail/critical', 'info/info']);
  });
});

describe('score', () => {
  it('weights the share of passing resources by rule severity; warn counts half', () => {
    const mk = (id: string, severity: 'critical' | 'low', statuses: FindingStatus[], section = 'ec2-vpc') => {
      const counts = { fail: 0, warn: 0, error: 0, pass: 0, info: 0 };
      for (const st of statuses) counts[st] += 1;
      return { section, severity, counts } as never;
    };
    const s = score([mk('a', 'critical', ['pass', 'fail']), mk('b', 'low', ['pass', 'warn']), mk('c', 'low', ['info', 'error'], 'iam')]);
    // (10 * 0.5 + 1 * 0.75) / 11 = 52.3
    expect(s.overall).toBe(52.3);
    expect(s.sections['ec2-vpc']).toBe(52.3);
    expect(s.sections.iam).toBeNull();
  });
});

describe('selectRules', () => {
  const off = defineRule({ ...eipRule, id: 'test-off', enabledByDefault: false } as never);
  const rules = [eipRule, off];
  it('runs rules on by default; --rule names any rule, globs included', () => {
    expect(selectRules(rules, emptyConfig(), {}).map((s) => s.rule.id)).toEqual(['test-eip']);
    expect(selectRules(rules, emptyConfig(), { rule: ['test-*'] }).map((s) => s.rule.id)).toEqual(['test-eip', 'test-off']);
    expect(selectRules(rules, emptyConfig(), { skip: ['test-eip'] })).toEqual([]);
  });
  it('the config turns rules on and off and overrides severity', () => {
    const config = configSchema.parse({ rules: { 'test-off': { enabled: true, severity: 'high' }, 'test-eip': { enabled: false } } });
    expect(selectRules(rules, config, {}).map((s) => `${s.rule.id}/${s.severity}`)).toEqual(['test-off/high']);
  });
  it('rejects unknown rules and options with their path', () => {
    expect(() => selectRules(rules, emptyConfig(), { rule: ['nope'] })).toThrow(/--rule: unknown rule "nope"/);
    expect(() => selectRules(rules, configSchema.parse({ rules: { nope: {} } }), {})).toThrow(/rules\.nope: unknown rule/);
    expect(() => selectRules(rules, configSchema.parse({ rules: { 'test-eip': { extra: 1 } } }), {})).toThrow(/rules\.test-eip\.extra: unknown key/);
    expect(() => selectRules(rules, configSchema.parse({ rules: { 'test-eip': { severity: 'huge' } } }), {})).toThrow(/rules\.test-eip\.severity/);
  });
});

describe('rule options', () => {
  it('reject an unknown key at any depth, naming its path', async () => {
    const { unknownKeyPath } = await import('../../src/engine/select.js');
    const schema = z.object({
      logging: z.object({ externalPlatform: z.boolean().default(false) }).default({ externalPlatform: false }),
      patterns: z.array(z.object({ type: z.string(), pattern: z.string() })).default([]),
      byType: z.record(z.string(), z.object({ max: z.number() })).default({}),
    });
    expect(unknownKeyPath(schema, { logging: { externalPlatfrom: true } }, [])).toEqual(['logging', 'externalPlatfrom']);
    expect(unknownKeyPath(schema, { patterns: [{ type: 'a', pattern: 'b' }, { type: 'a', patern: 'b' }] }, [])).toEqual(['patterns', 1, 'patern']);
    expect(unknownKeyPath(schema, { byType: { x: { max: 1, min: 0 } } }, [])).toEqual(['byType', 'x', 'min']);
    expect(unknownKeyPath(schema, { logging: { externalPlatform: true }, patterns: [], byType: { x: { max: 1 } } }, [])).toBeUndefined();
  });
});
