// Bundles the product with esbuild: the extension (dist/extension.js, `vscode` external), the CLI
// (dist/cli.js, when src/cli/main.ts exists, and its scan worker dist/scan-worker.js), the TypeScript compiler both use for JS/TS (dist/typescript.js), the report webview's script with chart.js bundled locally
// (dist/webview.js), and copies the tree-sitter wasm files to dist/wasm/ (src/node/grammar.ts looks there).
// `--watch` rebuilds on change; `--minify` for packaging. Prints each output's size.
import { build, context } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify') || process.env.WATTLINT_MINIFY === '1';
// WATTLINT_DIST: another output folder (the bench measures a minified build there without touching dist/).
const dist = process.env.WATTLINT_DIST ? resolve(process.env.WATTLINT_DIST) : join(root, 'dist');

/**
 * The TypeScript compiler (3.5 MB minified; the JS/TS parser needs it) goes into its own file, dist/typescript.js,
 * shared by the extension and the CLI and loaded by Node's require from there, so the extension's own bundle stays
 * small (like the wasm grammars, it is a parser's payload).
 */
const typescriptApart = {
  name: 'typescript-apart',
  setup(b) {
    b.onResolve({ filter: /^typescript$/ }, () => ({ path: 'typescript', namespace: 'ts-apart' }));
    b.onLoad({ filter: /.*/, namespace: 'ts-apart' }, () => ({ contents: 'module.exports = require("./typescript.js");', loader: 'js' }));
  },
};

const common = { bundle: true, mainFields: ['module', 'main'], sourcemap: !minify, minify, logLevel: 'warning', absWorkingDir: root, legalComments: 'linked' };
// ESM dependencies (web-tree-sitter) read import.meta.url; in a CommonJS bundle it is the bundle's own file URL.
const nodeCjs = { define: { 'import.meta.url': '__bundleUrl' }, banner: { js: "var __bundleUrl = require('url').pathToFileURL(__filename).href;" } };
const targets = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: join(dist, 'extension.js'), ...nodeCjs, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', './typescript.js'], plugins: [typescriptApart] },
  { ...common, entryPoints: ['node_modules/typescript/lib/typescript.js'], outfile: join(dist, 'typescript.js'), platform: 'node', format: 'cjs', target: 'node20', sourcemap: false, minify: true },
  { ...common, entryPoints: ['media/webview/report.ts'], outfile: join(dist, 'webview.js'), platform: 'browser', format: 'iife', target: 'es2022' },
];
if (existsSync(join(root, 'src/cli/main.ts'))) {
  targets.push({ ...common, entryPoints: ['src/cli/main.ts'], outfile: join(dist, 'cli.js'), ...nodeCjs, platform: 'node', format: 'cjs', target: 'node20', external: ['./typescript.js'], plugins: [typescriptApart] });
  // The scan pool's worker thread (src/cli/pool.ts starts it from the file next to its own).
  targets.push({ ...common, entryPoints: ['src/cli/scan-worker.ts'], outfile: join(dist, 'scan-worker.js'), ...nodeCjs, platform: 'node', format: 'cjs', target: 'node20', external: ['./typescript.js'], plugins: [typescriptApart] });
}

mkdirSync(join(dist, 'wasm'), { recursive: true });
for (const [pkg, file] of [
  ['web-tree-sitter', 'web-tree-sitter.wasm'],
  ['tree-sitter-python', 'tree-sitter-python.wasm'],
]) {
  copyFileSync(join(root, 'node_modules', pkg, file), join(dist, 'wasm', file));
}

if (watch) {
  for (const t of targets) await (await context(t)).watch();
  console.log('esbuild: watching');
} else {
  const t0 = Date.now();
  await Promise.all(targets.map((t) => build(t)));
  const sizes = targets.map((t) => `${t.outfile.slice(root.length + 1)} ${(statSync(t.outfile).size / 1024).toFixed(0)} KB`);
  console.log(`esbuild: ${sizes.join(', ')} in ${Date.now() - t0} ms`);
}
