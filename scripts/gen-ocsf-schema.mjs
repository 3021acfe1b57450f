#!/usr/bin/env node
// Compiles one OCSF event class from the schema's source definitions into the attribute set an event of that
// class may carry, with every object type it reaches, and writes it to schema/ (the test of --format ocsf checks
// each emitted event against it: test/report/ocsf-schema.ts).
//
//   node scripts/gen-ocsf-schema.mjs [SOURCE_DIR] [CLASS]
//   (defaults: /work/shared/schemas/ocsf-1.8.0, compliance_finding)
//
// How a class is put together (the schema's SOURCE.md, and what the OCSF server does when it compiles):
//  - its attributes are those of the class it `extends` (compliance_finding -> finding -> base_event), then the
//    attributes of the profiles it `$include`s (each marked with its profile: usable only when the event lists the
//    profile in metadata.profiles), then its own, each merged over what it inherits (`"profile": null` makes an
//    inherited profile attribute part of the class itself);
//  - each attribute's type, caption and enum come from dictionary.json unless the class overrides them (enums are
//    merged: the class adds or renames values, the dictionary's Unknown/Other stay);
//  - `*_t` types are the dictionary's scalar types; any other type is an object of objects/, compiled the same way;
//  - class_uid = category uid x 1000 + class uid; type_uid = class_uid x 100 + activity_id.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SRC = process.argv[2] ?? '/work/shared/schemas/ocsf-1.8.0';
const CLASS = process.argv[3] ?? 'compliance_finding';
const read = (p) => JSON.parse(readFileSync(join(SRC, p), 'utf8'));

const version = read('version.json').version;
const dictionary = read('dictionary.json');
const dict = dictionary.attributes;
const scalarTypes = dictionary.types.attributes;
const categories = read('categories.json').attributes;

const isPlain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
function deepMerge(base, over) {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isPlain(v) && isPlain(out[k]) ? deepMerge(out[k], v) : v;
  return out;
}

/** A definition's own attributes with its `$include`d profiles expanded (each included attribute marked with its profile). */
function ownAttributes(def) {
  let attrs = {};
  for (const inc of def.attributes?.$include ?? []) {
    const profile = JSON.parse(readFileSync(join(SRC, inc), 'utf8'));
    for (const [name, a] of Object.entries(profile.attributes)) attrs[name] = { ...a, profile: profile.name };
  }
  for (const [name, a] of Object.entries(def.attributes ?? {})) {
    if (name === '$include') continue;
    attrs[name] = attrs[name] ? deepMerge(attrs[name], a) : a;
  }
  return attrs;
}

/** The raw attribute set of a class or object: inherited, then included, then its own. */
function definition(dir, name) {
  // Classes live in events/<category>/, base_event in events/.
  const path = dir === 'objects' ? join(SRC, 'objects', `${name}.json`) : join(SRC, 'events', name === 'base_event' ? '' : 'findings', `${name}.json`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

function rawAttributes(dir, name) {
  const def = definition(dir, name);
  let attrs = {};
  if (def.extends && def.extends !== 'object') attrs = rawAttributes(dir, def.extends).attrs;
  for (const [n, a] of Object.entries(ownAttributes(def))) attrs[n] = attrs[n] ? deepMerge(attrs[n], a) : a;
  return { def, attrs };
}

function constraintsOf(dir, name) {
  const def = definition(dir, name);
  if (def.constraints) return def.constraints;
  return def.extends && def.extends !== 'object' ? constraintsOf(dir, def.extends) : undefined;
}

/** One attribute as an event may carry it: the dictionary's definition with the class's override merged over it. */
function compileAttribute(name, local) {
  const d = dict[name];
  if (!d) throw new Error(`attribute ${name} is not in the dictionary`);
  const a = deepMerge(d, local);
  const out = { type: a.type, requirement: a.requirement ?? 'optional' };
  if (a.is_array) out.is_array = true;
  if (a.enum) out.enum = Object.fromEntries(Object.entries(a.enum).map(([id, e]) => [id, e.caption]));
  if (a.sibling) out.sibling = a.sibling;
  if (a.profile) out.profile = a.profile;
  if (a['@deprecated']) out.deprecated = a['@deprecated'].since;
  return out;
}

function compile(dir, name) {
  const { attrs } = rawAttributes(dir, name);
  const out = {};
  for (const n of Object.keys(attrs).sort()) out[n] = compileAttribute(n, attrs[n]);
  return out;
}

const { def: classDef } = rawAttributes('events', CLASS);
let categoryName = classDef.category;
for (let d = classDef; !categoryName && d.extends; ) {
  d = definition('events', d.extends);
  categoryName = d.category;
}
const category = categories[categoryName];
const classUid = category.uid * 1000 + classDef.uid;
const attributes = compile('events', CLASS);
attributes.category_uid.enum = { [category.uid]: category.caption };
attributes.class_uid.enum = { [classUid]: classDef.caption };
attributes.type_uid.enum = Object.fromEntries(
  Object.entries(attributes.activity_id.enum).map(([id, caption]) => [String(classUid * 100 + Number(id)), `${classDef.caption}: ${caption}`]),
);

// Every object type the class reaches, compiled the same way.
const objects = {};
const pending = Object.values(attributes).map((a) => a.type);
while (pending.length) {
  const t = pending.pop();
  if (t.endsWith('_t') || t === 'object' || objects[t]) continue;
  objects[t] = { attributes: compile('objects', t) };
  const c = constraintsOf('objects', t);
  if (c) objects[t].constraints = c;
  for (const a of Object.values(objects[t].attributes)) pending.push(a.type);
}

const types = {};
for (const [n, t] of Object.entries(scalarTypes)) {
  const { type, regex, max_len, range, values } = t;
  types[n] = Object.fromEntries(Object.entries({ type, regex, max_len, range, values }).filter(([, v]) => v !== undefined));
}

const out = {
  $comment:
    `Compiled by scripts/gen-ocsf-schema.mjs from the OCSF schema ${version} source definitions (ocsf/ocsf-schema, ` +
    'https://github.com/ocsf/ocsf-schema). Copyright the OCSF contributors, Apache License 2.0 (see the LICENSE and NOTICE ' +
    'of that repository). Do not edit: regenerate.',
  version,
  class: { name: CLASS, caption: classDef.caption, uid: classUid, category_uid: category.uid, attributes },
  objects: Object.fromEntries(Object.keys(objects).sort().map((k) => [k, objects[k]])),
  types,
};
const file = new URL(`../schema/ocsf-${version}-${CLASS}.json`, import.meta.url).pathname;
writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
console.log(`${file}: ${Object.keys(attributes).length} attributes, ${Object.keys(objects).length} objects`);
