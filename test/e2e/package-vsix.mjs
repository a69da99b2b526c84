// `npm run package`: builds the .vsix with @vscode/vsce, which needs Node >= 22, so it runs on the harness's
// Node 24 (test/e2e/setup-harness.sh installs it from the npm registry). The bundles are self-contained
// (--no-dependencies); .vscodeignore keeps the package to what the extension uses (vsce prints the tree).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harnessDefaults } from './code-server-lib.mjs';

harnessDefaults();
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `${pkg.name}-${pkg.version}.vsix`;
const vsce = join('node_modules', '@vscode', 'vsce', 'vsce');
if (!existsSync(vsce)) {
  console.error('@vscode/vsce is not installed: run `npm install`');
  process.exit(2);
}
const args = [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out,
  // README links resolve against the project's repository (where RULE_DOCS_BASE points too).
  '--baseContentUrl', 'https://github.com/wattlint/wattlint/blob/main', '--baseImagesUrl', 'https://github.com/wattlint/wattlint/raw/main'];
const r = spawnSync(process.env.NODE24, args, { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
console.log(`${out}: ${(statSync(out).size / 1024 / 1024).toFixed(2)} MB`);

// Proof that it installs: code-server (VS Code 1.139.1) installs it into a scratch extensions folder.
const scratch = mkdtempSync(join(tmpdir(), 'vsix-install-'));
const install = spawnSync(
  process.env.NODE24,
  [join(process.env.CODE_SERVER_DIR, 'out/node/entry.js'), '--extensions-dir', join(scratch, 'ext'), '--user-data-dir', join(scratch, 'user'), '--install-extension', out],
  { encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: join(scratch, 'xdg-config'), XDG_DATA_HOME: join(scratch, 'xdg-data'), XDG_CACHE_HOME: join(scratch, 'xdg-cache') } },
);
const installed = existsSync(join(scratch, 'ext', `${pkg.publisher}.${pkg.name}-${pkg.version}`, 'dist', 'extension.js'));
rmSync(scratch, { recursive: true, force: true });
console.log(installed ? `installs in code-server: ok` : `install check FAILED:\n${install.stdout}${install.stderr}`);
process.exit(installed ? 0 : 1);
