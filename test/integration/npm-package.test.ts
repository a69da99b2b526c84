// The npm package as `npm install -g wattlint` / `npx wattlint` would give it: packed from the current build
// (npm pack, the files .npmignore lets through), installed into a scratch global prefix with the network off
// (it must need no dependency: the bundles are self-contained), then run: the version, the rule docs, a scan of
// examples/ that finds what the checkout's build finds (Python included: the wasm grammars are in the package), and the
// language server when the CLI has the `server` command.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkoutFindings, packageVersion, ROOT, run, tempDir } from '../ci-support';

describe('npm package (packed, installed offline, run)', function () {
  this.timeout(5 * 60 * 1000);
  let scratch: string;
  let tgz: string;
  let bin: string;
  let env: NodeJS.ProcessEnv;
  let files: string[];

  before(function () {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
      console.log('    skipped: no dist/cli.js; `npm run build` first (npm test does)');
      this.skip();
    }
    scratch = tempDir('npm-package');
    env = { ...process.env, npm_config_prefix: join(scratch, 'global'), npm_config_cache: join(scratch, 'cache'), npm_config_update_notifier: 'false' };
    const packed = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: ROOT });
    assert.equal(packed.status, 0, packed.all);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tgz = join(scratch, info.filename);
    files = info.files.map((f) => f.path);
    // An empty npm cache and --offline: an install that needed any package from the registry would fail.
    const install = run('npm', ['install', '--global', '--offline', '--no-audit', '--no-fund', tgz], { env });
    assert.equal(install.status, 0, install.all);
    bin = join(scratch, 'global', 'bin', 'wattlint');
  });
  after(() => scratch && rmSync(scratch, { recursive: true, force: true }));

  it('holds the CLI, its bundles and the wasm grammars, and nothing from the source tree', () => {
    for (const f of ['bin/wattlint.js', 'dist/cli.js', 'dist/typescript.js', 'dist/wasm/web-tree-sitter.wasm', 'dist/wasm/tree-sitter-python.wasm', 'package.json', 'README.md']) {
      assert.ok(files.includes(f), `${f} in ${files.join(' ')}`);
    }
    for (const f of files) assert.doesNotMatch(f, /^(src|test|examples|out|node_modules)\/|\.map$|^dist\/(extension|webview)\.js$/, f);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: object; private?: boolean; bin: object };
    assert.equal(pkg.dependencies, undefined, 'everything the CLI needs is bundled: installing it fetches nothing');
    assert.equal(pkg.private, undefined, 'publishable');
  });

  it('installs a `wattlint` that answers --version and prints a rule\'s docs', () => {
    const v = run(bin, ['--version'], { env });
    assert.equal(v.stdout.trim(), packageVersion(), v.all);
    const docs = run(bin, ['rules', 'precision/fp32-training'], { env });
    assert.equal(docs.status, 0, docs.all);
    assert.match(docs.stdout, /## What it does/);
    const npx = run('npm', ['exec', '--offline', '--yes', `--package=${tgz}`, '--', 'wattlint', '--version'], { env, cwd: scratch });
    assert.equal(npx.stdout.trim(), packageVersion(), npx.all);
  });

  it('scans examples/ as the checkout\'s build does, Python included', () => {
    const installed = run(bin, ['scan', 'examples', '--format', 'json', '--fail-on', 'never'], { cwd: ROOT, env });
    assert.equal(installed.status, 0, installed.all);
    const key = (fs: { file: string; line: number | null; rule: string }[]) => fs.map((f) => `${f.file}:${f.line}:${f.rule}`).sort();
    const got = key((JSON.parse(installed.stdout) as { findings: { file: string; line: number | null; rule: string }[] }).findings);
    // The same bundle the tarball was packed from, run from the checkout.
    assert.deepEqual(got, key(checkoutFindings(['examples'], ROOT)));
    assert.ok(got.some((k) => /\.py:\d+:/.test(k)), 'Python findings need the wasm grammars');
  });

  it('runs the language server when the CLI has `server`', async function () {
    const help = run(bin, ['--help'], { env }).stdout;
    if (!/^\s+server\b/m.test(help)) {
      console.log('    skipped: this CLI has no `server` command yet');
      this.skip();
    }
    const reply = await new Promise<string>((resolve, reject) => {
      const child = spawn(bin, ['server', '--stdio'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
      let got = '';
      const timer = setTimeout(() => (child.kill(), reject(new Error(`no reply to initialize; got: ${got}`))), 30_000);
      child.stdout.on('data', (c: Buffer) => {
        got += c.toString('utf8');
        if (/"capabilities"/.test(got)) {
          clearTimeout(timer);
          child.kill();
          resolve(got);
        }
      });
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
    assert.match(reply, /"id":\s*1/);
  });
});
