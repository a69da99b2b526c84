// `npm run ui`: drives the real VS Code workbench (code-server) with playwright-core + Debian chromium on a copy
// of examples/, with the extension loaded, and checks what a user sees: the Problems panel lists Wattlint's
// findings with their rule ids, Ctrl+. offers the fix / ignore / docs actions and the fix edits the file, and the
// report view shows the same finding count as `wattlint scan --format json`. Screenshots go to docs/screenshots/.
// env (optional): EXT (.), UI_WS (examples), SHOT_DIR (docs/screenshots), PORT (8766), UI_THEME (a colour theme;
// its screenshots get the theme's first word as a suffix, e.g. report-light.png)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { harnessDefaults, launchChromium, startCodeServer } from './code-server-lib.mjs';

harnessDefaults();
const EXT = resolve(process.env.EXT ?? '.');
const SHOTS = resolve(process.env.SHOT_DIR ?? 'docs/screenshots');
mkdirSync(SHOTS, { recursive: true });
const WS = join(mkdtempSync(join(tmpdir(), 'wattlint-ui-')), 'examples');
cpSync(resolve(process.env.UI_WS ?? 'examples'), WS, { recursive: true });
const FILE = join(WS, 'configs', 'accelerate_fsdp.yaml');
const THEME = process.env.UI_THEME ?? 'Default Dark Modern';
const suffix = process.env.UI_THEME ? `-${THEME.split(' ')[1]?.toLowerCase() ?? 'theme'}` : '';
const shot = (name) => join(SHOTS, `${name}${suffix}.png`);

const t0 = Date.now();
const step = (m) => console.log(`[ui ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const check = (ok, what) => {
  if (!ok) throw new Error(`check failed: ${what}`);
  step(`ok: ${what}`);
};
function cliJson() {
  const r = spawnSync(process.execPath, [join(EXT, 'bin', 'wattlint.js'), 'scan', '.', '--format', 'json'], { cwd: WS, encoding: 'utf8' });
  return JSON.parse(r.stdout);
}

let server, browser, ok = false;
try {
  server = await startCodeServer({ port: Number(process.env.PORT ?? 8766), workspace: WS, settings: { 'workbench.colorTheme': THEME, 'editor.minimap.enabled': false } });
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => console.error(`[page error] ${e}`));
  await page.goto(server.url(WS, [
    ['extensionDevelopmentPath', server.remote(EXT)],
    ['openFile', server.remote(FILE)],
    ['skipWelcome', 'true'],
  ]));
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines', { hasText: 'mixed_precision' }).waitFor({ timeout: 90000 });
  step('editor shows accelerate_fsdp.yaml');
  await page.locator('.squiggly-warning').first().waitFor({ state: 'attached', timeout: 60000 });
  step(`warning squiggles: ${await page.locator('.squiggly-warning').count()}`);

  // 1. Problems panel: the workspace scan's findings with rule ids (source `wattlint`).
  await editor.click();
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.filter({ hasText: 'precision/fp32-training' }).first().waitFor({ timeout: 30000 });
  // The background scan fills the panel: its badge must reach the CLI's finding count for the same folder.
  const before = cliJson();
  const tab = page.locator('.composite-bar .action-item', { hasText: 'Problems' }).first();
  let badge = '';
  for (let i = 0; i < 60; i++) {
    badge = (await tab.innerText()).replace(/\D+/g, '');
    if (Number(badge) === before.summary.findings) break;
    await page.waitForTimeout(500);
  }
  check(Number(badge) === before.summary.findings, `Problems panel counts ${badge} problems; CLI JSON has ${before.summary.findings} findings`);
  const texts = await rows.allInnerTexts();
  check(texts.filter((t) => t.includes('wattlint') && /\b[a-z]+\/[a-z0-9-]+\b/.test(t)).length >= 4, 'visible rows carry source wattlint and their rule ids');
  await page.waitForTimeout(500);
  await page.screenshot({ path: shot('problems-panel') });
  step('screenshot problems-panel.png');
  // The panel's filter finds the open file's finding among them.
  const filter = page.locator('.markers-panel-container .monaco-inputbox input, .viewpane-filter input').first();
  await filter.click();
  await page.keyboard.type('fp32-training');
  const accelerateRow = rows.filter({ hasText: "mixed_precision: 'no'" }).first();
  await accelerateRow.waitFor({ timeout: 10000 });
  check((await accelerateRow.innerText()).includes('precision/fp32-training'), 'Problems panel shows the accelerate finding with its rule id');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');

  // 2. Quick fix: put the cursor on the flagged key, Ctrl+. opens the menu.
  await editor.locator('.view-line', { hasText: "mixed_precision: 'no'" }).click();
  const menu = page.locator('.action-widget .monaco-list-row');
  const fix = menu.filter({ hasText: 'Train in bf16 mixed precision' }).first();
  for (let i = 0; ; i++) {
    await page.locator('.editor-instance .monaco-editor.focused').waitFor({ timeout: 10000 });
    await page.keyboard.press('Control+.');
    try { await fix.waitFor({ timeout: 3000 }); break; } catch (e) { if (i === 5) throw e; }
  }
  const items = await menu.allInnerTexts();
  check(items.some((t) => t.includes('Ignore precision/fp32-training on this line')), 'menu offers "Ignore … on this line"');
  check(items.some((t) => t.includes('Show documentation for precision/fp32-training')), 'menu offers the rule documentation');
  await page.screenshot({ path: shot('quick-fix') });
  step('screenshot quick-fix.png');
  await fix.click();
  await editor.locator('.view-lines', { hasText: "mixed_precision: 'bf16'" }).waitFor({ timeout: 20000 });
  step('quick fix applied in the editor');
  await page.keyboard.press('Control+S');
  await page.waitForTimeout(1000);

  // 3. Report view: the activity-bar container, webview (iframe in iframe); its count equals the CLI's.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+J'); // hide the panel: the report gets the room
  await page.locator('.activitybar .action-item a[aria-label^="Wattlint"]').click();
  // Collapse the findings tree and widen the sidebar so the report and its charts are readable.
  await page.locator('.pane-header', { hasText: 'Findings' }).first().click();
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (sidebar) {
    const x = sidebar.x + sidebar.width + 1, y = sidebar.y + sidebar.height / 2;
    await page.mouse.move(x, y);
    await page.waitForTimeout(300);
    await page.mouse.down();
    await page.mouse.move(x + 320, y, { steps: 10 });
    await page.mouse.up();
  }
  const inner = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const count = inner.locator('[data-figure="summary.findings"]');
  await count.waitFor({ timeout: 60000 });
  const cli = cliJson();
  let shown = '';
  for (let i = 0; i < 40; i++) {
    shown = await count.innerText();
    if (Number(shown) === cli.summary.findings) break;
    await page.waitForTimeout(500);
  }
  check(Number(shown) === cli.summary.findings, `report shows ${shown} findings; CLI JSON says ${cli.summary.findings}`);
  const jobs = await inner.locator('[data-figure="jobs.count"]').innerText();
  check(Number(jobs) === cli.jobs.length, `report shows ${jobs} jobs; CLI JSON says ${cli.jobs.length}`);
  await page.waitForTimeout(800);
  await page.screenshot({ path: shot('report') });
  step('screenshot report.png');
  ok = true;
} catch (e) {
  console.error('[ui] FAILED:', e);
  try { const [p] = browser?.contexts()[0]?.pages() ?? []; await p?.screenshot({ path: join(SHOTS, 'failure.png') }); } catch { /* */ }
} finally {
  await browser?.close().catch(() => {});
  server?.stop();
  rmSync(dirname(WS), { recursive: true, force: true });
}
console.log(ok ? '3 passed, 0 failed, 0 skipped' : '0 passed, 1 failed');
process.exit(ok ? 0 : 1);
