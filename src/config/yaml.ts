// The YAML parser, loaded by config/load.ts only when there is a config file. Re-exported from an ES module of ours:
// `yaml` is CommonJS, and the bundle gives an import() of CommonJS no named exports (its chunk exports `default`),
// while a static import of it gets them.
export { parse } from 'yaml';
