// The extension in a real VS Code extension host (code-server via test/e2e/run-ext-tests.mjs, or desktop VS Code
// via test/e2e/run-electron.ts) on a copy of test/e2e/workspace, everything through the language client and
// `wattlint server`: diagnostics for a config, Python and a notebook, quick fix, fix-all (safe only), suppression,
// settings re-lint, invalid settings named, hover, CodeLens, rendered read-only rule docs, the findings tree, the
// report (an editor tab) against `wattlint scan --format json` of the same workspace, export, restart.
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WattlintApi } from '../../../src/extension/extension';
import { ruleById } from '../../../src/core/rules';

/** A rule's default severity (measured on real code: src/core/data/rule-precision.json) as VS Code shows it. */
function defaultSeverity(rule: string): vscode.DiagnosticSeverity {
  const s = ruleById(rule)!.meta.severity;
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

const EXT_ID = 'wattlint.wattlint';

type Truthy<T> = Exclude<T, 0 | '' | false | null | undefined>;

async function waitFor<T>(what: string, fn: () => T | Promise<T>, ms = 15000): Promise<Truthy<T>> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v as Truthy<T>;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Where two JSON values first differ, for a readable failure. */
function firstDiff(a: unknown, b: unknown, at = '$'): string | undefined {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b ? undefined : `${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = firstDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    if (d) return d;
  }
  return undefined;
}

function ws(...p: string[]): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, ...p);
}

function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function diags(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'wattlint' && (!rule || ruleOf(d) === rule));
}

async function open(...p: string[]): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(ws(...p));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Code actions with their edits resolved (the server builds edits on codeAction/resolve). */
async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind, 100)) ?? [];
}

function cliJson(root: string): { summary: Record<string, number>; jobs: { id: string; file: string; estimate: { energyKWh?: { mid: number }; rate?: unknown; label?: string } | null }[]; findings: { rule: string; fingerprint?: string }[] } {
  const ext = vscode.extensions.getExtension(EXT_ID)!;
  const r = spawnSync(process.execPath, [path.join(ext.extensionPath, 'bin', 'wattlint.js'), 'scan', '.', '--format', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }); // desktop: execPath is Electron
  assert.ok(r.stdout, `CLI printed nothing: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

describe('Wattlint in a real VS Code extension host', function () {
  // The server starts, scans the workspace and analyses the first files while these tests run: on a loaded
  // machine that takes longer than mocha's default.
  this.timeout(90000);
  let api: WattlintApi;

  before(async function () {
    this.timeout(60000);
    const ext = vscode.extensions.getExtension<WattlintApi>(EXT_ID);
    assert.ok(ext, `extension ${EXT_ID} is loaded`);
    api = await ext.activate();
    const ready = await api.serverReadyMs();
    console.log(`host: node ${process.version}, vscode ${vscode.version}, remoteName ${vscode.env.remoteName}, uiKind ${vscode.env.uiKind}; activation ${api.activationMs} ms; server ready after ${ready} ms`);
  });

  it('shows a config finding with source, rule code and a link to the rendered, read-only docs', async () => {
    const doc = await open('configs', 'accelerate.yaml');
    const [d] = await waitFor('accelerate diagnostic', () => diags(doc.uri, 'precision/fp32-training').length && diags(doc.uri, 'precision/fp32-training'));
    assert.strictEqual(d.range.start.line, 5, 'on the `mixed_precision` line');
    assert.strictEqual(d.severity, defaultSeverity('precision/fp32-training'));
    assert.ok(typeof d.code === 'object');
    const target = (d.code as { target: vscode.Uri }).target;
    assert.strictEqual(target.toString(), 'wattlint-docs:/precision-fp32-training.md');
    assert.ok(/mixed_precision/.test(d.message));
    // The page is served read-only, and opening the link (as the Problems panel does) shows the Markdown preview.
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.ok(text.includes('## What it does'), text.slice(0, 200));
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(target, new TextEncoder().encode('x'))));
    await vscode.commands.executeCommand('vscode.open', target);
    const tab = await waitFor('a preview tab', () => vscode.window.tabGroups.activeTabGroup.activeTab);
    const input = tab.input as { viewType?: string; uri?: vscode.Uri };
    console.log(`docs tab: ${tab.label} ${input?.constructor?.name} ${input?.viewType ?? ''}`);
    assert.ok(input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputWebview, `rendered, not a text editor: ${input?.constructor?.name}`);
    assert.ok(/markdown/i.test(input.viewType ?? ''), input.viewType);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('shows Python findings of two rules at their calls', async () => {
    const doc = await open('evaluate.py');
    await waitFor('python diagnostics', () => diags(doc.uri).length >= 3);
    const fp32 = diags(doc.uri, 'precision/fp32-inference');
    const grad = diags(doc.uri, 'grad/no-grad-inference');
    assert.strictEqual(fp32.length, 1);
    assert.strictEqual(fp32[0].range.start.line, 5);
    assert.deepStrictEqual(grad.map((d) => d.range.start.line).sort(), [12, 19]);
  });

  it('puts notebook findings on the cell they are in', async () => {
    const nb = await vscode.workspace.openNotebookDocument(ws('notebooks', 'generate.ipynb'));
    await vscode.window.showNotebookDocument(nb);
    const cell = nb.cellAt(2).document;
    const [d] = await waitFor('notebook cell diagnostic', () => diags(cell.uri, 'precision/fp32-inference').length && diags(cell.uri, 'precision/fp32-inference'));
    assert.strictEqual(cell.uri.scheme, 'vscode-notebook-cell');
    assert.strictEqual(d.range.start.line, 1, 'line 2 of the cell');
    assert.strictEqual(cell.getText(d.range).startsWith('AutoModelForCausalLM.from_pretrained'), true, cell.getText(d.range));
    assert.strictEqual(diags(nb.cellAt(1).document.uri).length, 0, 'other cells stay clean');
    // The quick fix edits the cell.
    const fix = (await codeActions(cell.uri, d.range, vscode.CodeActionKind.QuickFix.value)).find((a) => a.title === 'Load in bfloat16');
    assert.ok(fix?.edit, 'cell quick fix offered');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(cell.getText().includes('torch_dtype=torch.bfloat16'), cell.getText());
    await waitFor('cell diagnostic gone', () => diags(cell.uri, 'precision/fp32-inference').length === 0);
    await nb.save();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('hovers a finding with what its fix saves, and shows a CodeLens per job that has figures', async () => {
    const doc = await open('evaluate.py');
    const [d] = await waitFor('fp32 diagnostic', () => diags(doc.uri, 'precision/fp32-inference').length && diags(doc.uri, 'precision/fp32-inference'));
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, d.range.start));
    assert.ok(/^\*\*(Saving: saves|Cost: costs) ~-?\d/.test(text), `leads with the saving: ${text}`);
    assert.ok(text.includes('[precision/fp32-inference](wattlint-docs:/precision-fp32-inference.md)'), text);
    assert.ok(!text.includes(d.message), 'the diagnostic message is not repeated');
    assert.ok(!/\w+ = \w+, \w+ = /.test(text), `no key = value dump: ${text}`);
    const cli = cliJson(vscode.workspace.workspaceFolders![0].uri.fsPath);
    const withFigures = cli.jobs.filter((j) => j.file === 'evaluate.py' && (j.estimate?.energyKWh || j.estimate?.rate));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const ours = lenses.filter((l) => l.command?.command === 'wattlint.showReport');
    assert.strictEqual(ours.length, withFigures.length, `one lens per job with figures (${withFigures.length})`);
    for (const l of ours) assert.ok(/Wh/.test(l.command!.title), l.command!.title);
  });

  it('re-lints when a setting changes', async () => {
    const doc = await open('evaluate.py');
    const c = vscode.workspace.getConfiguration('wattlint');
    await c.update('rules', { 'grad/no-grad-inference': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('grad findings off', () => diags(doc.uri, 'grad/no-grad-inference').length === 0 && diags(doc.uri).length > 0);
      await c.update('rules', { 'grad/no-grad-inference': 'error' }, vscode.ConfigurationTarget.Workspace);
      const errs = await waitFor('grad findings as errors', () => diags(doc.uri, 'grad/no-grad-inference').filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length === 2 && diags(doc.uri, 'grad/no-grad-inference'));
      assert.strictEqual(errs.length, 2);
    } finally {
      await c.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('grad findings back at their default severity', () => diags(doc.uri, 'grad/no-grad-inference').filter((d) => d.severity === defaultSeverity('grad/no-grad-inference')).length === 2);
  });

  it('names a setting that cannot be read instead of silently using a default', async () => {
    const c = vscode.workspace.getConfiguration('wattlint');
    await c.update('pue', 7, vscode.ConfigurationTarget.Workspace);
    try {
      const problems = await waitFor('settings problem', async () => {
        const p = await api.settingsProblems();
        return p.length && p;
      });
      assert.ok(problems.some((p) => p.includes('`wattlint.pue`')), problems.join('\n'));
    } finally {
      await c.update('pue', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('problems cleared', async () => (await api.settingsProblems()).length === 0);
  });

  it('applies a quick fix that edits the file, and the diagnostic goes', async () => {
    const doc = await open('configs', 'accelerate.yaml');
    const [d] = await waitFor('accelerate diagnostic', () => diags(doc.uri, 'precision/fp32-training').length && diags(doc.uri, 'precision/fp32-training'));
    const actions = await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Ignore precision/fp32-training on this line'), titles.join(' | '));
    assert.ok(titles.includes('Show documentation for precision/fp32-training'), titles.join(' | '));
    // It replaces the 'no' written in the file (an explicit choice), so it is unsafe: offered for review, not preferred.
    const fix = actions.find((a) => a.title.startsWith('Train in bf16 mixed precision'));
    assert.ok(fix?.edit, titles.join(' | '));
    assert.ok(fix.title.includes('unsafe: review the change') && !fix.isPreferred, fix.title);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.strictEqual(doc.lineAt(5).text, "mixed_precision: 'bf16'");
    await waitFor('diagnostic gone', () => diags(doc.uri).length === 0);
    await doc.save();
  });

  it('silences a finding with the suppression comment it inserts', async () => {
    const doc = await open('evaluate.py');
    await waitFor('grad diagnostics', () => diags(doc.uri, 'grad/no-grad-inference').length === 2);
    const d = diags(doc.uri, 'grad/no-grad-inference').find((x) => x.range.start.line === 19)!;
    const ignore = (await codeActions(doc.uri, d.range, vscode.CodeActionKind.QuickFix.value)).find((a) => a.title === 'Ignore grad/no-grad-inference on this line');
    assert.ok(ignore?.edit);
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    assert.strictEqual(doc.lineAt(19).text, '    # wattlint: ignore[grad/no-grad-inference]');
    const left = await waitFor('one grad diagnostic left', () => diags(doc.uri, 'grad/no-grad-inference').length === 1 && diags(doc.uri, 'grad/no-grad-inference'));
    assert.strictEqual(left[0].range.start.line, 12);
    // Hovering the comment shows the rule's documentation.
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(19, 10)));
    assert.ok(text.includes('## What it does'), text);
  });

  it('fix-all (source.fixAll.wattlint) applies safe fixes only', async () => {
    const doc = await open('evaluate.py');
    await waitFor('fp32 diagnostic', () => diags(doc.uri, 'precision/fp32-inference').length === 1);
    const full = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await codeActions(doc.uri, full, 'source.fixAll.wattlint');
    assert.strictEqual(actions.length, 1, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
    await waitFor('fp32 diagnostic gone', () => diags(doc.uri, 'precision/fp32-inference').length === 0);
    assert.ok(doc.getText().includes('from_pretrained(MODEL, torch_dtype=torch.bfloat16)'), doc.lineAt(5).text);
    assert.ok(!doc.getText().includes('inference_mode'), 'the unsafe fix was not applied');
    assert.strictEqual(diags(doc.uri, 'grad/no-grad-inference').length, 1, 'the unsafe finding stays');
    // Nothing safe is left to fix.
    assert.strictEqual((await codeActions(doc.uri, full, 'source.fixAll.wattlint')).length, 0);
    await doc.save();
  });

  it("report webview shows the CLI's JSON numbers for the same workspace", async function () {
    this.timeout(90000);
    await vscode.workspace.saveAll(false);
    await api.scan();
    await api.idle();
    api.report.rendered = undefined;
    await vscode.commands.executeCommand('wattlint.showReport');
    assert.ok(api.report.hasPanel, 'the report opens in an editor tab');
    const shown = await waitFor('webview rendered', () => api.report.rendered, 45000);
    const cli = cliJson(vscode.workspace.workspaceFolders![0].uri.fsPath);
    console.log(`CLI: ${cli.summary.findings} findings, ${cli.jobs.length} jobs; webview: ${JSON.stringify(shown).slice(0, 400)}`);
    for (const k of ['files', 'findings', 'error', 'warning', 'info', 'suppressed']) assert.strictEqual(shown[`summary.${k}`], cli.summary[k], `summary.${k}`);
    assert.strictEqual(shown['jobs.count'], cli.jobs.length, 'jobs');
    for (const j of cli.jobs) {
      if (j.estimate?.energyKWh) assert.strictEqual(shown[`job.${j.id}.energyKWh`], j.estimate.energyKWh.mid, `energy of ${j.id}`);
      if (j.estimate?.label) assert.strictEqual(shown[`job.${j.id}.label`], j.estimate.label, `label of ${j.id}`);
    }
    assert.strictEqual(api.report.rejected, 0, 'no malformed message from the webview');
  });

  it('exports the report as the CLI JSON document, and opens what it wrote', async () => {
    const target = ws('wattlint-report.json');
    await vscode.commands.executeCommand('wattlint.exportReport', 'json', target);
    const exported = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)));
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), target.toString(), 'the written file is shown');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(target);
    const cli = cliJson(vscode.workspace.workspaceFolders![0].uri.fsPath);
    const strip = (j: { findings: { fingerprint?: string }[] }) => ({ ...j, findings: j.findings.map(({ fingerprint: _f, ...f }) => f) });
    assert.deepStrictEqual(strip(exported).findings, strip(cli).findings);
    assert.deepStrictEqual(exported.jobs, cli.jobs, `jobs differ at ${firstDiff(exported.jobs, cli.jobs)}`);
    assert.deepStrictEqual(exported.summary, cli.summary);
  });

  it('drops malformed webview messages and applies a changed assumption through the settings', async () => {
    const before = api.report.rejected;
    await api.report.receive({ type: 'setAssumption', name: 'pue', value: { evil: true }, target: 'workspace' });
    await api.report.receive({ type: 'run-shell', command: 'rm -rf /' });
    await api.report.receive({ type: 'setAssumption', name: 'region', value: 'FR' }); // no target: where to write was not said
    assert.strictEqual(api.report.rejected, before + 3);
    assert.strictEqual(vscode.workspace.getConfiguration('wattlint').get('region'), null);
    const c = vscode.workspace.getConfiguration('wattlint');
    try {
      await api.report.receive({ type: 'setAssumption', name: 'region', value: 'FR', target: 'workspace' });
      await waitFor('region setting written', () => vscode.workspace.getConfiguration('wattlint').inspect('region')?.workspaceValue === 'FR');
      await waitFor('re-analysed with the new region', async () => (await api.reportJson()).assumptions.region === 'FR');
    } finally {
      await c.update('region', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('scans the workspace respecting files.exclude and the exclude setting, and a new scan cancels the running one', async function () {
    this.timeout(60000);
    const cfg = vscode.workspace.getConfiguration();
    const hidden = ws('vendor', 'accelerate.yaml');
    const skipped = ws('generated', 'accelerate.yaml');
    const text = new TextEncoder().encode("compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nmixed_precision: 'no'\nnum_processes: 8\n");
    await vscode.workspace.fs.writeFile(hidden, text);
    await vscode.workspace.fs.writeFile(skipped, text);
    await cfg.update('files.exclude', { '**/vendor': true }, vscode.ConfigurationTarget.Workspace);
    await cfg.update('wattlint.exclude', ['generated/**'], vscode.ConfigurationTarget.Workspace);
    try {
      await api.idle();
      const first = api.scan();
      const second = api.scan();
      const [a, b] = await Promise.all([first, second]);
      assert.ok(a?.cancelled, 'the first scan was cancelled by the second');
      assert.ok(b && !b.cancelled && b.files > 0);
      const files = new Set((await api.findings()).map((f) => f.path));
      assert.ok(!files.has('vendor/accelerate.yaml'), 'files.exclude respected');
      assert.ok(!files.has('generated/accelerate.yaml'), 'wattlint.exclude respected');
      assert.strictEqual(diags(hidden).length + diags(skipped).length, 0);
      assert.ok(files.has('evaluate.py'), 'the rest is scanned');
    } finally {
      await cfg.update('files.exclude', undefined, vscode.ConfigurationTarget.Workspace);
      await cfg.update('wattlint.exclude', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(ws('vendor'), { recursive: true });
      await vscode.workspace.fs.delete(ws('generated'), { recursive: true });
    }
  });

  it("lets the repo's wattlint.toml win over the editor's settings", async function () {
    this.timeout(60000);
    const doc = await open('evaluate.py');
    const c = vscode.workspace.getConfiguration('wattlint');
    const toml = ws('wattlint.toml');
    await waitFor('grad finding', () => diags(doc.uri, 'grad/no-grad-inference').length > 0);
    await c.update('rules', { 'grad/no-grad-inference': 'error' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the setting applies', () => diags(doc.uri, 'grad/no-grad-inference').some((d) => d.severity === vscode.DiagnosticSeverity.Error), 20000);
      await vscode.workspace.fs.writeFile(toml, new TextEncoder().encode('[rules]\n"grad/no-grad-inference" = "off"\n'));
      await waitFor('the file turns the rule off despite the setting', () => diags(doc.uri, 'grad/no-grad-inference').length === 0, 20000);
      await vscode.workspace.fs.delete(toml);
      await waitFor('the setting applies again', () => diags(doc.uri, 'grad/no-grad-inference').some((d) => d.severity === vscode.DiagnosticSeverity.Error), 20000);
    } finally {
      await c.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
      try {
        await vscode.workspace.fs.delete(toml);
      } catch {
        // already gone
      }
    }
  });
  it('lists findings in the tree with one count per file', async () => {
    await api.scan();
    const items = await api.findings();
    await waitFor('tree filled', () => api.tree.count === items.length && items.length > 0);
    const groups = api.tree.getChildren();
    assert.ok(groups.length > 0);
    for (const g of groups) {
      const item = api.tree.getTreeItem(g);
      assert.strictEqual(item.resourceUri, undefined, 'no resource decoration (it would add a second, different count)');
      const n = api.tree.getChildren(g).length;
      assert.strictEqual(item.description, `${n} finding${n === 1 ? '' : 's'}`);
    }
  });

  it('restarts the server and keeps its diagnostics', async function () {
    this.timeout(60000);
    const doc = await open('evaluate.py');
    await waitFor('diagnostics before', () => diags(doc.uri).length > 0);
    await vscode.commands.executeCommand('wattlint.restartServer');
    await waitFor('client running again', () => api.client.isRunning(), 30000);
    await waitFor('diagnostics after the restart', () => diags(doc.uri).length > 0, 30000);
    assert.ok((await api.findings()).some((f) => f.path === 'evaluate.py'));
  });
});
