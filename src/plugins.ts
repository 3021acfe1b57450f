import { existsSync, readFileSync, statSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { complianceProblem } from './compliance/registry.js';
import type { Config } from './config/schema.js';
import { UsageError, errorMessage } from './errors.js';
import type { Plugin } from './index.js';
import { escapeControl } from './report/text.js';
import { FINDING_STATUSES, ResourceRef, SEVERITIES, type Emitted, type Rule, type RuleContext } from './rule.js';
import { SECTIONS } from './sections.js';
import { datasetDef, isDatasetKey, ALL_DATASET_KEYS } from './snapshot/registry.js';
import { didYouMean } from './suggest.js';
import { RULES } from '../rules/index.js';

/**
 * Custom rules. `.aws-tips.yml` names plugins (`plugins: [./rules/acme.js, aws-tips-plugin-acme]`): local modules,
 * relative to the config file, or npm packages installed where the config file is. Each one's default export is a
 * plugin, `{ namespace, rules }` (definePlugin), whose rules are made with defineRule and named `<namespace>/<id>`.
 * They are validated here, when they load, against the same declarations as the core rules (sections, datasets,
 * compliance controls, messages, options); from then on the engine treats them like any other rule.
 */


export const NAMESPACE = /^[a-z][a-z0-9-]{0,39}$/;
const RULE_NAME = /^[a-z0-9][a-z0-9-]{0,79}$/;
const MESSAGE_ID = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Namespaces that would read as aws-tips' own: the engine's message ids are `engine/...`. */
const RESERVED_NAMESPACES = new Set(['aws-tips', 'aws', 'core', 'engine']);
const RULE_KEYS = new Set(['id', 'section', 'tip', 'title', 'kind', 'severity', 'needs', 'optionalNeeds', 'options', 'enabledByDefault', 'compliance', 'docs', 'messages', 'check']);
const DOC_KEYS = new Set(['rationale', 'checks', 'remediation', 'cli', 'outdated', 'links']);
const KINDS = ['automatic', 'heuristic', 'manual'];
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Characters a rule's text must not hold: controls (terminal escapes, forged line breaks), bidi and other format
 * characters (text that reads differently from what it is), line/paragraph separators, private use.
 */
const UNSAFE_TEXT = /[\p{Cc}\p{Cf}\p{Co}\u2028\u2029]|[\ud800-\udfff]/u;

/** A value from a plugin, quoted and shortened for a one-line error (escapes shown, never interpreted). */
const quote = (v: unknown) => `"${escapeControl(String(v).slice(0, 100))}"`;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Own keys, including a `__proto__` defined as an own property (JSON.parse, defineProperty). */
const ownKeys = (o: object) => Object.getOwnPropertyNames(o);

function textProblem(what: string, v: unknown, max: number, lines = false): string | undefined {
  if (typeof v !== 'string' || v.trim() === '') return `${what} must be non-empty text`;
  if (v.length > max) return `${what} is longer than ${max} characters`;
  const bad = (lines ? v.split('\n') : [v]).map((line) => line.match(UNSAFE_TEXT)).find((m) => m)?.[0];
  if (bad) return `${what} holds a control or invisible character (U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
  return undefined;
}

function datasetsProblem(what: string, v: unknown, optional: boolean): string | undefined {
  if (v === undefined && optional) return undefined;
  if (!Array.isArray(v)) return `${what} must be a list of dataset keys (e.g. ["s3.buckets"])`;
  const seen = new Set<string>();
  for (const k of v) {
    if (typeof k !== 'string' || !isDatasetKey(k)) return `${what}: unknown dataset ${quote(k)}${typeof k === 'string' ? didYouMean(k, ALL_DATASET_KEYS) : ''}`;
    if (seen.has(k)) return `${what}: ${k} is listed twice`;
    seen.add(k);
    const optIn = datasetDef(k).optIn;
    if (!optional && optIn) return `${what}: ${k} is collected only when ${optIn} is enabled: read it through optionalNeeds`;
  }
  return undefined;
}

function isZodSchema(v: unknown): v is Rule['options'] {
  return !!v && typeof v === 'object' && '_zod' in v && typeof (v as { safeParse?: unknown }).safeParse === 'function';
}

/**
 * What is wrong with a rule loaded at run time, or undefined: the checks TypeScript makes on a core rule (and
 * more, since a plugin may be plain JavaScript). With a namespace, the id must be `<namespace>/<name>`.
 */
export function ruleProblem(rule: unknown, namespace?: string): string | undefined {
  if (!isPlainObject(rule)) return 'a rule must be an object made with defineRule({ id, section, ... })';
  const id = rule.id;
  if (typeof id !== 'string') return 'a rule has no id';
  const name = namespace === undefined ? id : id.startsWith(`${namespace}/`) ? id.slice(namespace.length + 1) : undefined;
  if (name === undefined || !RULE_NAME.test(name))
    return namespace === undefined
      ? `rule id ${quote(id)} must be lower-case letters, digits and dashes`
      : `rule id ${quote(id)} must be ${namespace}/<name>, the name in lower-case letters, digits and dashes`;
  const r = (problem: string | undefined) => (problem ? `rule ${id}: ${problem}` : undefined);
  for (const k of ownKeys(rule)) if (!RULE_KEYS.has(k)) return r(`unknown key ${quote(k)}`);
  if (!SECTIONS.some((s) => s.id === rule.section)) return r(`unknown section ${quote(rule.section)} (one of: ${SECTIONS.map((s) => s.id).join(', ')})`);
  if (!KINDS.includes(rule.kind as string)) return r(`kind must be one of ${KINDS.join(', ')}`);
  if (!(SEVERITIES as readonly unknown[]).includes(rule.severity)) return r(`severity must be one of ${SEVERITIES.join(', ')}`);
  const problem =
    textProblem('title', rule.title, 200) ??
    textProblem('tip', rule.tip, 500) ??
    datasetsProblem('needs', rule.needs, false) ??
    datasetsProblem('optionalNeeds', rule.optionalNeeds, true) ??
    (rule.enabledByDefault !== undefined && typeof rule.enabledByDefault !== 'boolean' ? 'enabledByDefault must be true or false' : undefined) ??
    optionsProblem(rule.options) ??
    messagesProblem(rule.messages) ??
    docsProblem(rule.docs) ??
    (typeof rule.check === 'function' ? undefined : 'check must be a function (a generator: *check(view, ctx) { yield ... })');
  if (problem) return r(problem);
  // complianceProblem names the rule itself.
  return rule.compliance === undefined ? undefined : complianceProblem(escapeControl(id), rule.compliance, rule.messages as Record<string, string>);
}

function optionsProblem(options: unknown): string | undefined {
  if (!isZodSchema(options)) return 'options must be a zod 4 schema: z.object({ ... }), with the z that aws-tips exports';
  let parsed;
  try {
    parsed = options.safeParse({});
  } catch (err) {
    return `options cannot be parsed: ${errorMessage(err)}`;
  }
  if (!parsed.success || !parsed.data || typeof parsed.data !== 'object' || Array.isArray(parsed.data))
    return 'options must be an object schema whose every key has a default (z.object({ maxAge: z.number().default(90) }))';
  return undefined;
}

function messagesProblem(messages: unknown): string | undefined {
  if (!isPlainObject(messages)) return 'messages must be a plain object of message id to text';
  const keys = ownKeys(messages);
  if (keys.length === 0) return 'messages must declare at least one message';
  for (const k of keys) {
    if (PROTOTYPE_KEYS.has(k)) return `messages: ${quote(k)} is not allowed as a message id`;
    if (!MESSAGE_ID.test(k)) return `messages: message id ${quote(k)} must be letters, digits and underscores`;
    const p = textProblem(`messages.${k}`, messages[k], 500);
    if (p) return p;
  }
  return undefined;
}

function docsProblem(docs: unknown): string | undefined {
  if (!isPlainObject(docs)) return 'docs must be an object: { rationale, checks, remediation, links }';
  for (const k of ownKeys(docs)) if (!DOC_KEYS.has(k)) return `docs: unknown key ${quote(k)}`;
  const p =
    textProblem('docs.rationale', docs.rationale, 4000) ??
    textProblem('docs.checks', docs.checks, 4000) ??
    textProblem('docs.remediation', docs.remediation, 4000) ??
    (docs.cli === undefined ? undefined : textProblem('docs.cli', docs.cli, 2000, true)) ??
    (docs.outdated === undefined ? undefined : textProblem('docs.outdated', docs.outdated, 4000));
  if (p) return p;
  if (!Array.isArray(docs.links)) return 'docs.links must be a list of URLs';
  for (const l of docs.links) {
    const t = textProblem('docs.links', l, 500);
    if (t) return t;
    if (!/^https?:\/\/\S+$/.test(l as string) || !URL.canParse(l as string)) return `docs.links: ${quote(l)} is not an http(s) URL`;
  }
  return undefined;
}

/** What a verdict must be for the engine to take it: made by this aws-tips' pass()/fail()/warn()/info()/error(). */
function emittedProblem(e: unknown): string | undefined {
  if (!e || typeof e !== 'object') return 'yielded something that is not a verdict (pass(), fail(), warn(), info() or error())';
  const v = e as Partial<Emitted>;
  if (!(FINDING_STATUSES as readonly unknown[]).includes(v.status)) return `yielded a verdict with status ${quote(v.status)}`;
  if (!(v.resource instanceof ResourceRef))
    return 'yielded a verdict whose resource was not named by this aws-tips (report on a collected item, ctx.account() or ctx.referenced(), with the helpers aws-tips exports)';
  if (typeof v.messageId !== 'string') return 'yielded a verdict without a message id';
  if (v.severity !== undefined && !(SEVERITIES as readonly unknown[]).includes(v.severity)) return `yielded a verdict with severity ${quote(v.severity)}`;
  if (v.subject !== undefined && typeof v.subject !== 'string') return 'yielded a verdict whose subject is not text';
  return undefined;
}

/** The rule as the engine holds it: only the declared fields, copied (a plugin cannot change it after validation). */
function adopt(rule: Record<string, unknown>): Rule {
  const r = rule as unknown as Rule;
  const check = r.check;
  return {
    ...r,
    // Its verdicts are checked as they come: anything else becomes the rule's error finding, never a garbled report.
    *check(view: unknown, ctx: RuleContext<unknown>): Iterable<Emitted> {
      for (const e of check.call(rule, view, ctx)) {
        const problem = emittedProblem(e);
        if (problem) throw new Error(problem);
        yield e;
      }
    },
    needs: [...r.needs],
    ...(r.optionalNeeds ? { optionalNeeds: [...r.optionalNeeds] } : {}),
    compliance: r.compliance === undefined ? [] : r.compliance.map((c) => ({ ...c })),
    messages: Object.fromEntries(Object.entries(r.messages)),
    docs: { ...r.docs, links: [...r.docs.links] },
  } as Rule;
}

/** An npm package name (with its scope), nothing else: no path, no URL, no version. */
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const isPath = (spec: string) => spec.startsWith('./') || spec.startsWith('../') || isAbsolute(spec);

/** The file a package's `exports` (or `main`) names for `import`, found from `dir` up, as Node would. */
function resolvePackage(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const root = join(dir, 'node_modules', name);
    if (existsSync(join(root, 'package.json'))) {
      let pkg: { exports?: unknown; main?: unknown };
      try {
        pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as typeof pkg;
      } catch {
        throw new UsageError(`plugin ${quote(name)}: its package.json cannot be read`);
      }
      const exp = pkg.exports;
      const dot = typeof exp === 'string' || Array.isArray(exp) ? exp : isPlainObject(exp) && Object.keys(exp).some((k) => k.startsWith('.')) ? exp['.'] : exp;
      const entry = dot === undefined ? (typeof pkg.main === 'string' ? pkg.main : 'index.js') : conditionTarget(dot);
      if (entry === undefined) throw new UsageError(`plugin ${quote(name)}: its package.json exports nothing to import`);
      return resolve(root, entry);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function conditionTarget(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(conditionTarget).find((t) => t !== undefined);
  if (isPlainObject(v)) for (const c of ['import', 'node', 'default']) if (Object.hasOwn(v, c)) return conditionTarget(v[c]);
  return undefined;
}

let hooked = false;
/**
 * A plugin imports `aws-tips` (defineRule, pass, fail, ...). That must be the aws-tips running the audit, not another
 * copy (a global install running a project's plugin, or a plugin with its own): the engine only knows its own
 * resource references. Node's resolve hook (20.6+) points the bare specifier at this package.
 */
function provideSelf(): void {
  if (hooked || !import.meta.url.endsWith('.js')) return;
  const register = (nodeModule as { register?: (url: string, opts?: { data?: unknown }) => void }).register;
  if (typeof register !== 'function') return;
  hooked = true;
  const hook = `let self; export function initialize(d) { self = d; }
export async function resolve(specifier, context, next) {
  return specifier === 'aws-tips' ? { url: self, shortCircuit: true } : next(specifier, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: new URL('./index.js', import.meta.url).href });
}

/** Loads one plugin named in the config, resolved from the config file's directory. */
async function loadPlugin(spec: string, baseDir: string): Promise<Plugin> {
  const at = `plugin ${quote(spec)}`;
  let file: string | undefined;
  if (isPath(spec)) {
    file = resolve(baseDir, spec);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${at}: no such file (${file})`);
  } else if (PACKAGE_NAME.test(spec)) {
    file = resolvePackage(spec, baseDir);
    if (!file) throw new UsageError(`${at}: package not found in node_modules from ${baseDir} (npm install ${spec})`);
  } else throw new UsageError(`${at}: write a path starting with ./ or ../ (relative to the config file), or an npm package name`);
  provideSelf();
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    throw new UsageError(`${at}: cannot load it: ${errorMessage(err).split('\n')[0]}`);
  }
  const plugin = mod.default;
  if (!isPlainObject(plugin) || !('rules' in plugin) || !('namespace' in plugin))
    throw new UsageError(`${at}: its default export must be a plugin, definePlugin({ namespace, rules })`);
  for (const k of ownKeys(plugin)) if (k !== 'namespace' && k !== 'rules') throw new UsageError(`${at}: unknown key ${quote(k)} (a plugin is { namespace, rules })`);
  const { namespace, rules } = plugin;
  if (typeof namespace !== 'string' || !NAMESPACE.test(namespace))
    throw new UsageError(`${at}: namespace ${quote(namespace)} must be lower-case letters, digits and dashes, starting with a letter`);
  if (RESERVED_NAMESPACES.has(namespace)) throw new UsageError(`${at}: namespace ${quote(namespace)} is reserved`);
  if (!Array.isArray(rules) || rules.length === 0) throw new UsageError(`${at}: rules must be a non-empty list of rules made with defineRule`);
  const adopted: Rule[] = [];
  for (const rule of rules as unknown[]) {
    const problem = ruleProblem(rule, namespace);
    if (problem) throw new UsageError(`${at}: ${problem}`);
    adopted.push(adopt(rule as Record<string, unknown>));
  }
  return { namespace, rules: adopted };
}

/** loadPlugin, with whatever its exports throw while they are read (a getter, a Proxy) as the plugin's one line. */
async function loadPluginSafely(spec: string, baseDir: string): Promise<Plugin> {
  try {
    return await loadPlugin(spec, baseDir);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`plugin ${quote(spec)}: invalid: ${errorMessage(err).split('\n')[0]}`);
  }
}

/**
 * The rules of a run: the core rules, then those of the config's plugins, in the order listed. A broken plugin, or
 * a rule id used twice (by a core rule, another plugin or the same one), is a usage error (one line, exit 2).
 */
export async function loadRules(config: Pick<Config, 'plugins'>, configFile?: string): Promise<Rule[]> {
  const specs = config.plugins ?? [];
  if (specs.length === 0) return RULES;
  const baseDir = dirname(resolve(configFile ?? '.aws-tips.yml'));
  const all: Rule[] = [...RULES];
  const owner = new Map<string, string>(RULES.map((r) => [r.id, 'a core rule']));
  for (const spec of specs) {
    const plugin = await loadPluginSafely(spec, baseDir);
    for (const rule of plugin.rules) {
      const other = owner.get(rule.id);
      if (other) throw new UsageError(`plugin ${quote(spec)}: rule ${rule.id} is already defined by ${other}`);
      owner.set(rule.id, `plugin ${quote(spec)}`);
      all.push(rule);
    }
  }
  return all;
}
