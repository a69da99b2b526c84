// The npm package, the second half of `npm run package` (after the .vsix): packs the CLI (`npm pack`, with the
// files .npmignore lets through) from the bundles the first step built, then proves it works where users get it:
// installs the tarball into a scratch global prefix without the network (it has no dependencies: the bundles are
// self-contained) and checks that `wattlint --version` and `npx wattlint` answer and that `wattlint scan examples`
// finds what the checkout's CLI finds, the Python rules (wasm grammars) included. `--out DIR`: where the
// tarball goes (default the repository root, beside the .vsix).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) throw r.error;
  return r;
}

function fail(message) {
  console.error(`package-npm: ${message}`);
  process.exit(1);
}

if (!existsSync(join(root, 'dist', 'cli.js'))) fail('dist/cli.js is missing: run `node scripts/build.mjs --minify` first');

// --ignore-scripts: the bundles are built already (prepack would build them again).
const outAt = process.argv.indexOf('--out');
const outDir = outAt > 0 ? resolve(process.argv[outAt + 1]) : root;
const packed = run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir]);
if (packed.status !== 0) fail(`npm pack failed:\n${packed.stderr}`);
const [info] = JSON.parse(packed.stdout);
const tgz = join(outDir, info.filename);
const files = info.files.map((f) => f.path);
for (const need of ['bin/wattlint.js', 'dist/cli.js', 'dist/typescript.js', 'dist/wasm/web-tree-sitter.wasm', 'dist/wasm/tree-sitter-python.wasm']) {
  if (!files.includes(need)) fail(`${info.filename} lacks ${need}`);
}
for (const f of files) if (f.endsWith('.map') || f.startsWith('src/') || f === 'dist/extension.js') fail(`${info.filename} holds ${f}, which the CLI does not use`);
console.log(`${info.filename}: ${(statSync(tgz).size / 1024 / 1024).toFixed(2)} MB, ${files.length} files`);

const scratch = mkdtempSync(join(tmpdir(), 'wattlint-npm-'));
try {
  const env = { ...process.env, npm_config_prefix: join(scratch, 'global'), npm_config_cache: join(scratch, 'cache'), npm_config_update_notifier: 'false' };
  const install = run(npm, ['install', '--global', '--offline', '--no-audit', '--no-fund', tgz], { env });
  if (install.status !== 0) fail(`npm install -g ${info.filename} (offline) failed:\n${install.stdout}${install.stderr}`);
  const bin = join(scratch, 'global', 'bin', process.platform === 'win32' ? 'wattlint.cmd' : 'wattlint');
  const version = run(bin, ['--version']);
  if (version.stdout.trim() !== pkg.version) fail(`installed wattlint --version said "${version.stdout.trim()}${version.stderr}", expected ${pkg.version}`);
  const npx = run(npm, ['exec', '--offline', '--yes', `--package=${tgz}`, '--', 'wattlint', '--version'], { env, cwd: scratch });
  if (npx.stdout.trim() !== pkg.version) fail(`npx wattlint --version said "${npx.stdout.trim()}${npx.stderr}"`);
  const scan = (cmd, args) => {
    const r = run(cmd, [...args, 'scan', 'examples', '--format', 'json', '--fail-on', 'never']);
    if (r.status !== 0) fail(`${cmd} scan examples exited ${r.status}:\n${r.stderr}`);
    return JSON.parse(r.stdout).findings.map((f) => `${f.file}:${f.line}:${f.rule}`).sort();
  };
  const installed = scan(bin, []);
  const checkout = scan(process.execPath, [join(root, 'bin', 'wattlint.js')]);
  if (installed.join('\n') !== checkout.join('\n')) fail(`the installed CLI found ${installed.length} findings on examples/, the checkout ${checkout.length}`);
  if (!installed.some((f) => f.includes('.py:'))) fail('the installed CLI found nothing in the Python examples (wasm grammars not loaded?)');
  console.log(`installs offline; wattlint ${pkg.version} and npx wattlint answer; scan examples: ${installed.length} findings, as from the checkout`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
