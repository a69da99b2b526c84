// Runs the same extension-host suite (out/test/e2e/suite) in a desktop VS Code with @vscode/test-electron, where
// one can be had: VSCODE_EXECUTABLE=/path/to/code uses a local install (nothing is downloaded); without it,
// test-electron downloads VS Code (needs internet; this project's machines have none: use run-ext-tests.mjs).
// Usage: npx tsc -p . && node scripts/build.mjs && node out/test/e2e/run-electron.js
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const scratch = mkdtempSync(path.join(tmpdir(), 'wattlint-electron-'));
  const workspace = path.join(scratch, 'workspace');
  cpSync(path.join(root, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'e2e', 'suite', 'index'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : { version: '1.139.1' }),
    });
    return 0;
  } catch (e) {
    console.error(`extension tests failed: ${(e as Error).message}`);
    return 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
