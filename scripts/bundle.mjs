// npm run build:bundle: the CLI as users run it, bundled by esbuild into dist/bundle/ (issue 14, cold start).
//
// Why: run from dist/src/, a live audit makes Node find, format-detect and compile some 25 SDK client packages
// and their hundreds of small CommonJS files (~0.7-1 s of CPU on a 2-core machine). Bundled, the same code is
// a few large ESM files compiled in one go.
//
// - Two entry points sharing their chunks: cli.js (bin/aws-tips.js runs it) and index.js (the public API as the
//   bundled CLI hands it to plugins: src/plugins.ts resolves a plugin's `import 'aws-tips'` to ./index.js next to
//   itself, so a plugin's defineRule/pass/fail and ResourceRef are the running CLI's own).
// - Code splitting keeps every dynamic import() lazy: commands, renderers, the live path are chunks that load only
//   when used (test/perf/lazy-load.test.ts checks `rules` and `--version` load no SDK code). The collectors and SDK
//   clients are one module (src/collect/services/all.ts), so one chunk: ES modules are resolved and linked one by
//   one, and a chunk per client and per collector made a live audit load ~160 modules.
// - ESM builds of the dependencies (their `module`/`import` entries) where they have one; CommonJS left over is
//   wrapped by esbuild, and its require() of Node built-ins goes through a createRequire banner.
// - Files read at run time are found from the package root (src/paths.ts walks up to package.json), so
//   dist/bundle/ needs no copy of fixtures/ or schema/. No source maps: the tarball ships none. Whitespace,
//   syntax and local identifiers are minified (less to parse); functions and classes keep their names (keepNames:
//   stack traces and error names read as in the sources; AWS_TIPS_UNBUNDLED=1 runs dist/src/).
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * The SDK clients' generated schemas (schemas/schemas_0.js: one array per shape of the whole API, EC2's is 1 MB) name
 * their member traits with computed keys, `{ [_xN]: _nT }`, `_xN` a string constant of the file. A computed key may
 * run code (toString), so esbuild keeps every shape, used or not. The constant written in place of the key changes
 * nothing at run time and lets the shapes no imported command reaches be dropped (EC2's: 1 MB to ~30 KB).
 */
const literalSchemaKeys = {
  name: 'sdk-schema-literal-keys',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]@aws-sdk[\\/].*[\\/]schemas[\\/]schemas_\d+\.js$/ }, async (args) => {
      const src = await readFile(args.path, 'utf8');
      const strings = new Map();
      for (const m of src.matchAll(/^const (_[A-Za-z0-9_$]+) = ("[^"\\\n]*");$/gm)) strings.set(m[1], m[2]);
      return { contents: src.replace(/\[(_[A-Za-z0-9_$]+)\]:/g, (key, id) => (strings.has(id) ? `${strings.get(id)}:` : key)), loader: 'js' };
    });
  },
};

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist', 'bundle');

/**
 * The SDK is loaded with `import('@aws-sdk/client-ec2')` (src/aws/services.ts, collect/live.ts, ...): a bundler keeps
 * every export of a module imported that way, i.e. every command and shape of the API. Each such import() is pointed
 * at a module exporting only the names the sources take from it (read here: `c(import('x'), 'Name')`,
 * `const { A, B } = await import('x')`, `import('x').then(({ A }) => ...)`); an import() whose names cannot be read
 * fails the build. The collectors' static imports name their commands and are tree-shaken as usual.
 */
function lazySdkNames() {
  const names = new Map();
  const add = (pkg, list) => {
    const set = names.get(pkg) ?? new Set();
    for (const n of list.split(',').map((x) => x.trim().split(':')[0].trim()).filter(Boolean)) set.add(n);
    names.set(pkg, set);
  };
  for (const file of readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (!file.isFile() || !file.name.endsWith('.ts')) continue;
    const src = readFileSync(join(file.parentPath ?? file.path, file.name), 'utf8');
    const patterns = [
      /\bc\(import\('(@aws-sdk\/[^']+)'\),\s*'(\w+)'\)/g,
      /const \{([^}]+)\} = await import\('(@aws-sdk\/[^']+)'\)/g,
      /import\('(@aws-sdk\/[^']+)'\)\.then\(\s*\(\{([^}]+)\}\)/g,
    ];
    let found = 0;
    for (const m of src.matchAll(patterns[0])) (add(m[1], m[2]), found++);
    for (const m of src.matchAll(patterns[1])) (add(m[2], m[1]), found++);
    for (const m of src.matchAll(patterns[2])) (add(m[1], m[2]), found++);
    const all = [...src.matchAll(/import\('@aws-sdk\//g)].length;
    if (all !== found) throw new Error(`scripts/bundle.mjs: ${file.name} has ${all} import('@aws-sdk/...') calls, ${found} whose names it can read: write them as the others are`);
  }
  return names;
}
const LAZY = lazySdkNames();
const narrowLazySdk = {
  name: 'narrow-lazy-sdk',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\// }, (args) => (args.kind === 'dynamic-import' && LAZY.has(args.path) ? { path: args.path, namespace: 'lazy-sdk' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-sdk' }, (args) => ({ contents: `export { ${[...LAZY.get(args.path)].join(', ')} } from '${args.path}';`, resolveDir: root, loader: 'js' }));
  },
};

// zod re-exports its 60-odd message locales as `z.locales`; aws-tips uses the English one zod configures by
// default, so the bundle keeps that one only (~0.5 MiB of source every process would otherwise parse).
const englishZod = {
  name: 'english-zod',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  conditions: ['module', 'import', 'node'],
  chunkNames: 'chunk-[hash]',
  banner: { js: "import { createRequire as __awsTipsRequire } from 'node:module'; const require = __awsTipsRequire(import.meta.url);" },
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: true,
  keepNames: true,
  logLevel: 'warning',
  metafile: true,
  write: false,
  plugins: [narrowLazySdk, literalSchemaKeys, englishZod],
});
// Chunks first, the entry points last, then the files of an earlier build removed: a CLI started meanwhile finds
// either the old entry and its chunks or the new ones (bin/aws-tips.js uses dist/src/ while cli.js is missing).
mkdirSync(outdir, { recursive: true });
const files = [...result.outputFiles].sort((a, b) => Number(/[\\/](cli|index)\.js$/.test(a.path)) - Number(/[\\/](cli|index)\.js$/.test(b.path)));
for (const f of files) writeFileSync(f.path, f.contents);
const written = new Set(files.map((f) => basename(f.path)));
for (const f of readdirSync(outdir)) if (!written.has(f)) rmSync(join(outdir, f), { recursive: true, force: true });
// Which sources each output file holds, for test/perf/lazy-load.test.ts (outside dist/bundle/: not published).
const meta = Object.fromEntries(Object.entries(result.metafile.outputs).map(([out, o]) => [basename(out), Object.keys(o.inputs)]));
writeFileSync(join(root, 'dist', 'bundle-inputs.json'), `${JSON.stringify(meta)}\n`);
const bytes = files.reduce((n, f) => n + f.contents.byteLength, 0);
process.stderr.write(`bundle: ${files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB in dist/bundle/\n`);
