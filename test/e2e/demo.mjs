// `npm run demo`: opens a copy of examples/ in a real VS Code in the browser (the code-server the tests use) with
// the extension loaded from this checkout. Prints the URL to open; Ctrl+C stops it. Nothing leaves the machine.
// env (optional): PORT (8080), HOST (127.0.0.1), DEMO_WS (examples).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { harnessDefaults, startCodeServer } from './code-server-lib.mjs';

harnessDefaults();
const EXT = resolve('.');
// A copy, so trying the quick fixes does not change the repository's examples.
const WS = join(mkdtempSync(join(tmpdir(), 'wattlint-demo-')), 'examples');
cpSync(resolve(process.env.DEMO_WS ?? 'examples'), WS, { recursive: true });
const server = await startCodeServer({ port: Number(process.env.PORT ?? 8080), workspace: WS, settings: { 'workbench.startupEditor': 'none' } });
const url = server.url(WS, [
  ['extensionDevelopmentPath', server.remote(EXT)],
  ['openFile', server.remote(join(WS, 'train.py'))],
  ['skipWelcome', 'true'],
]);
console.log(`\nWattlint demo: open this URL in a browser (Ctrl+C to stop):\n\n  ${url}\n\nThe workspace is a copy of examples/ in ${WS}.`);
const stop = () => {
  server.stop();
  rmSync(dirname(WS), { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.proc.on('exit', (code) => {
  console.error(`code-server exited (${code})`);
  rmSync(dirname(WS), { recursive: true, force: true });
  process.exit(1);
});
