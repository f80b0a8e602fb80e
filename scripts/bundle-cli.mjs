#!/usr/bin/env node
// The command line as a few ES modules instead of ~60: `npm run build` compiles src/ with tsc, then this bundles
// the compiled CLI (dist/cli/main.js) and the scan worker (dist/pipeline/parallel/scan-worker.js) over them, into
// dist/cli/. Why: resolving, reading and linking each module at start was ~10 ms of a scan of an empty file, and
// rxjs ~17 ms more (below); bundled, 150 -> 115 ms, explain 87 -> 78 ms (best of 20, interleaved, bench/README.md).
// A scan worker starts the same way.
//
// What stays as it was:
// - Each command and each lazily loaded part is still loaded only when used: dynamic import()s become chunks.
// - Every chunk is written to dist/cli/, one level under dist/ like every module that locates a file from its own
//   URL (the knowledge snapshot at ../knowledge-snapshot.json, the package root at ../.., the scan worker beside
//   the module that starts it), so each finds the same file bundled or not. The rest of dist/ is tsc's output, used
//   by the knowledge snapshot's build, the eval and the tests.
//
// What the bundle holds besides our modules: every package but yaml (see EXTERNAL), each part in the chunks of the
// commands that use it. `run` loaded ~230 files from node_modules before serving (zod's ES build 99,
// @opentelemetry/api 63, prom-client 37); bundled, run until serving 239 -> 179 ms. rxjs comes from its ES2015
// build, tree-shaken to the values src/reactive/rxjs.ts names (~34 KB; required from its CommonJS modules, those
// took ~17 ms of every start); commander without the `node:child_process` it requires and never uses here (see
// builtinRequires): `explain` ran 6% fewer instructions (valgrind).
import { build } from 'esbuild';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const OUT = 'dist/cli';
const STARTUP_SCRIPT = 'dist/startup/cli.cjs';
/**
 * Packages loaded from node_modules at run time: those required through `createRequire`, which the bundler cannot
 * follow (yaml and a second zod, for knowledge that differs from the snapshot, parse-yaml-file.ts). Every other
 * dependency is bundled, each part into the chunk of the commands that use it.
 */
const dependencies = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).dependencies);
const EXTERNAL = ['yaml'];
const BUNDLED = dependencies.filter((name) => !EXTERNAL.includes(name));

/** rxjs from its ES2015 modules (package.json's `es2015` field), not the CommonJS index Node's conditions pick. */
const rxjsEs2015 = {
  name: 'rxjs-es2015',
  setup(b) {
    const manifest = createRequire(import.meta.url).resolve('rxjs/package.json');
    const entry = join(dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).es2015);
    b.onResolve({ filter: /^rxjs$/ }, () => ({ path: entry }));
  },
};

/**
 * A bundled CommonJS package's `require` of one of Node's modules (commander's `node:events`, prom-client's `cluster`)
 * would need a `require` in every chunk: each is served by a module of the bundle that is the builtin itself
 * (`process.getBuiltinModule`, Node >= 20.16). `child_process` is loaded on the first use of a member instead:
 * commander requires it at load but uses it only to run a subcommand that is an executable (none of ours is), and
 * it brings `net`, `dgram` and the streams (~1.5 ms of every start).
 */
const builtinRequires = {
  name: 'builtin-requires',
  setup(b) {
    // isBuiltin, not builtinModules: the latter omits the modules that exist only as `node:x` (node:test, node:sqlite).
    b.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'require-call' && isBuiltin(args.path) ? { path: args.path.startsWith('node:') ? args.path : `node:${args.path}`, namespace: 'builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, ({ path }) => ({
      loader: 'js',
      contents:
        path === 'node:child_process'
          ? `const load = () => process.getBuiltinModule('node:child_process');
module.exports = new Proxy({}, { get: (_, member) => load()[member], has: (_, member) => member in load() });`
          : `module.exports = process.getBuiltinModule(${JSON.stringify(path)});`,
    }));
  },
};

// The entry must be tsc's output: bundling a bundle would find none of the chunks it imports (removed below).
if (/"\.\/chunk-[A-Z0-9]{8}\.js"/.test(readFileSync(join(OUT, 'main.js'), 'utf8'))) {
  console.error(`bundle-cli: ${OUT}/main.js is already bundled; run \`npm run build\` (tsc, then this)`);
  process.exit(1);
}

// Chunks of an earlier bundle (tsc does not write names like these).
for (const name of readdirSync(OUT)) if (/^[\w-]+-[A-Z0-9]{8}\.js(\.map)?$/.test(name)) rmSync(join(OUT, name));

const result = await build({
  entryPoints: ['dist/cli/main.js', 'dist/pipeline/parallel/scan-worker.js'],
  outdir: OUT,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  plugins: [rxjsEs2015, builtinRequires],
  allowOverwrite: true, // dist/cli/main.js is both tsc's output read here and the bundle written over it
  sourcemap: true, // chained through tsc's maps back to src/*.ts (node --enable-source-maps)
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
const outputs = Object.values(result.metafile.outputs);
const bundled = new Set(outputs.flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([path]) => path)));
const ours = [...bundled].filter((path) => path.startsWith('dist/')).length;
const packages = [...bundled].filter((path) => path.includes('node_modules/')).length;
console.log(`bundle: ${ours} modules of ours and ${packages} of ${BUNDLED.length} packages and what they need -> ${outputs.length} files in ${OUT}/ (main.js, scan-worker.js, chunks, source maps)`);

// The start-up snapshot's script (src/cli/startup-snapshot.ts): scan and explain with everything they load, as one
// CommonJS file, the only kind `node --build-snapshot` runs (it can require Node's modules, nothing else; yaml and
// zod stay `createRequire`d from node_modules at run time, as above). Every module's `import.meta.url` is that of
// dist/cli/main.js, as in the chunks above: each finds its files from one level under dist/. The snapshot itself
// is written by scripts/build-startup-snapshot.mjs.
await build({
  entryPoints: ['dist/cli/startup-snapshot.js'],
  outfile: STARTUP_SCRIPT,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  plugins: [rxjsEs2015, builtinRequires],
  define: { 'import.meta.url': JSON.stringify(pathToFileURL(resolve(OUT, 'main.js')).href) },
  // Its text stays in the snapshot (V8 compiles a function from it on its first call), and every start reads and
  // deserializes it: without comments and blanks 1.9 -> 1.3 MB, the blob 7.5 -> 6.8 MiB, ~1.5 ms off each start.
  // Names are kept, for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
});
// One character above U+007F anywhere makes V8 hold the whole text in two bytes per character (the blob 9.3 instead
// of 7.5 MiB). esbuild escapes them in strings, not in regular expression literals (`/[：，]/`): escaped here, as
// \uXXXX means the same character in a regex, a string and an identifier.
const script = readFileSync(STARTUP_SCRIPT, 'utf8');
if (/\\[^\0-\x7f]/.test(script)) throw new Error(`${STARTUP_SCRIPT}: a backslash before a character above U+007F, which \\uXXXX would not mean`);
writeFileSync(STARTUP_SCRIPT, script.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
console.log(`bundle: scan and explain for the start-up snapshot -> ${STARTUP_SCRIPT}`);
