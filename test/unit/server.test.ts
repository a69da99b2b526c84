// `wattlint server` through a real LSP client over stdio (vscode-languageserver-protocol, as VS Code's client):
// initialize, open every example, diagnostics equal to `wattlint scan --format json` for the same files and
// settings, a quick fix that resolves to the CLI's edit and a fix-all that leaves the file as `wattlint fix` does,
// edits that move and remove diagnostics, a notebook's cells, hover and CodeLens, settings and the repository's
// config, the push fallback, the workspace scan with progress and cancellation, the report's JSON, and shutdown.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, CodeLens, Diagnostic, Hover, MarkupContent, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { main } from '../../src/cli/main';
import type { JsonFinding, JsonReport } from '../../src/core/report/json';
import { applyTextEdits, LspClient, pushCapabilities, repoRoot, uriOf } from './lsp-client';

const languageIds: Record<string, string> = { py: 'python', yaml: 'yaml', yml: 'yaml', json: 'json', toml: 'toml', sh: 'shellscript', pbtxt: 'pbtxt', ts: 'typescript', js: 'javascript' };

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(argv, { cwd, out: (t) => void (out += t), err: () => undefined });
  return { code, out };
}

async function cliJson(cwd: string, ...paths: string[]): Promise<JsonReport> {
  return JSON.parse((await cli(cwd, 'scan', ...paths, '--format', 'json')).out) as JsonReport;
}

function copyExamples(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wattlint-lsp-'));
  cpSync(join(repoRoot, 'examples'), dir, { recursive: true });
  return dir;
}

/** A CLI finding as the diagnostic the server should publish for it (0-based range; file-level: the first line). */
function expected(f: JsonFinding, text: string): { rule: string; severity: number; message: string; range: string } {
  const firstLine = text.split(/\r?\n/, 1)[0].length;
  const range = f.line === null ? `0:0-0:${firstLine}` : `${f.line - 1}:${f.column! - 1}-${f.endLine! - 1}:${f.endColumn! - 1}`;
  return { rule: f.rule, severity: { error: 1, warning: 2, info: 3 }[f.severity], message: f.message, range };
}

function shown(d: Diagnostic): { rule: string; severity: number; message: string; range: string } {
  const r = d.range;
  return { rule: String(d.code), severity: d.severity!, message: String(d.message), range: `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}` };
}

const byKey = <T extends { rule: string; range: string }>(xs: T[]) => [...xs].sort((a, b) => a.range.localeCompare(b.range) || a.rule.localeCompare(b.rule));

/** The cells of a notebook file, as a client sends them in notebookDocument/didOpen. */
function notebookCells(nbUri: string, text: string): { cells: { kind: number; document: string }[]; docs: { uri: string; languageId: string; version: number; text: string }[] } {
  const nb = JSON.parse(text) as { cells: { cell_type: string; source: string | string[] }[] };
  const cells = nb.cells.map((c, i) => ({ kind: c.cell_type === 'code' ? 2 : 1, document: `${nbUri.replace('file:', 'vscode-notebook-cell:')}#cell${i}` }));
  const docs = nb.cells.map((c, i) => ({ uri: cells[i].document, languageId: c.cell_type === 'code' ? 'python' : 'markdown', version: 1, text: Array.isArray(c.source) ? c.source.join('') : c.source }));
  return { cells, docs };
}

describe('wattlint server over LSP (stdio)', function () {
  this.timeout(120000);
  let ws: string;
  let client: LspClient;
  let cliReport: JsonReport;

  before(async () => {
    ws = copyExamples();
    cliReport = await cliJson(ws, '.');
    client = await LspClient.start({ folder: ws });
  });

  after(() => {
    client?.kill();
    rmSync(ws, { recursive: true, force: true });
  });

  it("publishes the CLI's diagnostics for every example file", async () => {
    const files = [...new Set(cliReport.findings.map((f) => f.file))].filter((f) => !f.endsWith('.ipynb'));
    assert.ok(files.length >= 10, `${files.length} example files with findings`);
    for (const file of files) {
      const text = readFileSync(join(ws, file), 'utf8');
      const uri = uriOf(join(ws, file));
      client.open(uri, languageIds[file.slice(file.lastIndexOf('.') + 1)] ?? 'plaintext', text);
      const got = (await client.pull(uri)).map(shown);
      const want = cliReport.findings.filter((f) => f.file === file).map((f) => expected(f, text));
      assert.deepEqual(byKey(got), byKey(want), file);
    }
  });

  it('gives each diagnostic its source, rule code, docs link and fix in data', async () => {
    const uri = uriOf(join(ws, 'train.py'));
    const [d] = (await client.pull(uri)).filter((x) => x.code === 'data/dataloader-workers');
    assert.equal(d.source, 'wattlint');
    assert.ok(d.codeDescription?.href.endsWith('/docs/rules/data-dataloader-workers.md'), d.codeDescription?.href);
    assert.deepEqual((d.data as { fix?: unknown }).fix, { safety: 'safe', title: cliReport.findings.find((f) => f.rule === 'data/dataloader-workers')!.fix!.title });
  });

  it("resolves a quick fix to the CLI's edit, and fix-all leaves the file as `wattlint fix` does", async () => {
    const file = 'configs/accelerate_fsdp.yaml';
    const uri = uriOf(join(ws, file));
    const [d] = await client.pull(uri);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const cliFix = cliReport.findings.find((f) => f.file === file)!.fix!;
    // the server's title adds the safety of a fix to review (this one replaces the `'no'` written in the file)
    const fix = actions.find((a) => a.title.startsWith(cliFix.title));
    assert.ok(fix && !fix.edit && fix.data, `lazy quick fix in ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(actions.some((a) => a.title === `Ignore ${d.code} on this line`));
    assert.ok(actions.some((a) => a.command?.command === 'wattlint.showRuleDocs'));
    const resolved = await client.request<CodeAction>('codeAction/resolve', fix);
    const edits = resolved.edit!.changes![uri];
    assert.deepEqual(
      edits.map((e) => [e.range.start.line + 1, e.range.start.character + 1, e.range.end.line + 1, e.range.end.character + 1, e.newText]),
      cliFix.edits.map((e) => [e.startLine, e.startColumn, e.endLine, e.endColumn, e.newText]),
    );
    // source.fixAll.wattlint on a copy of a file with several safe fixes, against `wattlint fix` on another copy.
    const other = mkdtempSync(join(tmpdir(), 'wattlint-fix-'));
    try {
      cpSync(ws, other, { recursive: true });
      const trainUri = uriOf(join(ws, 'train.py'));
      const [all] = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: trainUri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      });
      assert.equal(all?.kind, 'source.fixAll.wattlint');
      const edit = (await client.request<CodeAction>('codeAction/resolve', all)).edit as WorkspaceEdit;
      const fixedByServer = applyTextEdits(readFileSync(join(ws, 'train.py'), 'utf8'), edit.changes![trainUri]);
      assert.equal((await cli(other, 'fix', 'train.py')).code, 0);
      assert.equal(fixedByServer, readFileSync(join(other, 'train.py'), 'utf8'));
      assert.notEqual(fixedByServer, readFileSync(join(ws, 'train.py'), 'utf8'));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('moves diagnostics with an edit above them, and drops one whose cause is edited away', async () => {
    const uri = uriOf(join(ws, 'classify_tickets.py'));
    const text = readFileSync(join(ws, 'classify_tickets.py'), 'utf8');
    const before = await client.pull(uri);
    const fp32 = before.find((d) => d.code === 'precision/fp32-inference')!;
    client.change(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# one\n# two\n');
    const moved = await client.pull(uri);
    assert.deepEqual(
      moved.map((d) => [d.code, d.range.start.line]),
      before.map((d) => [d.code, d.range.start.line + 2]),
    );
    // Apply the fp32 quick fix as an edit of the document: the finding goes, the others stay.
    const [fix] = (await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: moved[0].range, context: { diagnostics: moved.filter((d) => d.code === fp32.code) } })).filter((a) => a.isPreferred);
    const edits = (await client.request<CodeAction>('codeAction/resolve', fix)).edit!.changes![uri];
    client.replace(uri, applyTextEdits(`# one\n# two\n${text}`, edits));
    const after = await client.pull(uri);
    assert.equal(after.filter((d) => d.code === 'precision/fp32-inference').length, 0);
    assert.equal(after.length, before.length - 1);
  });

  it("shows a notebook's findings on its cells, as the CLI places them", async () => {
    const file = 'notebooks/explore.ipynb';
    const uri = uriOf(join(ws, file));
    const { cells, docs } = notebookCells(uri, readFileSync(join(ws, file), 'utf8'));
    client.notify('notebookDocument/didOpen', { notebookDocument: { uri, notebookType: 'jupyter-notebook', version: 1, cells }, cellTextDocuments: docs });
    const want = cliReport.findings.filter((f) => f.file === file);
    assert.ok(want.length >= 2);
    for (const [i, c] of cells.entries()) {
      if (c.kind !== 2) continue;
      const got = (await client.pull(c.document)).map(shown);
      assert.deepEqual(byKey(got), byKey(want.filter((f) => f.cell === i).map((f) => expected(f, docs[i].text))), `cell ${i}`);
    }
    // Typing in a cell above moves nothing in the other cells; a fix in the flagged cell removes its finding.
    const flagged = want.find((f) => f.rule === 'precision/fp32-inference')!;
    const cell = cells[flagged.cell!].document;
    const edit = flagged.fix!.edits[0];
    client.notify('notebookDocument/didChange', {
      notebookDocument: { uri, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cell, version: 2 }, changes: [{ range: { start: { line: edit.startLine! - 1, character: edit.startColumn! - 1 }, end: { line: edit.endLine! - 1, character: edit.endColumn! - 1 } }, text: edit.newText }] }] } },
    });
    assert.equal((await client.pull(cell)).filter((d) => d.code === 'precision/fp32-inference').length, 0);
  });

  it("hovers a finding with what its fix saves and shows a CodeLens per job that has figures", async () => {
    // A finding whose fix the engine can put a number on.
    const withSaving = cliReport.findings.find((f) => f.saving?.energyKWh && f.line !== null && !f.file.endsWith('.ipynb') && f.file !== 'classify_tickets.py')!;
    const uri = uriOf(join(ws, withSaving.file));
    const d = (await client.pull(uri)).find((x) => x.code === withSaving.rule && x.range.start.line === withSaving.line! - 1)!;
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: d.range.start });
    const text = (h.contents as MarkupContent).value;
    assert.ok(/^\*\*(Saving: saves|Cost: costs) ~-?\d/.test(text), text);
    assert.ok(!text.includes(String(d.message)), 'the diagnostic message is not repeated');
    assert.ok(text.includes(`docs/rules/${withSaving.rule.replace('/', '-')}.md`), text);
    assert.ok(text.split('\n').filter(Boolean).length <= 12, `short: ${text}`);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const jobs = cliReport.jobs.filter((j) => j.file === withSaving.file && (j.estimate?.energyKWh || j.estimate?.rate));
    assert.ok(jobs.length > 0);
    assert.equal(lenses.length, jobs.length);
    assert.ok(lenses.every((l) => /Wh/.test(l.command!.title)), JSON.stringify(lenses));
    // A file whose jobs have no estimate gets no "no estimate" lens.
    const noEst = cliReport.jobs.find((j) => !j.estimate && !j.file.endsWith('.ipynb'));
    if (noEst) {
      const u = uriOf(join(ws, noEst.file));
      const ls = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u } });
      assert.equal(ls.length, cliReport.jobs.filter((j) => j.file === noEst.file && (j.estimate?.energyKWh || j.estimate?.rate)).length);
    }
  });

  it("applies the editor's settings, and the repository's wattlint.toml wins over them", async () => {
    const uri = uriOf(join(ws, 'train.py'));
    const count = async (rule: string) => (await client.pull(uri)).filter((d) => d.code === rule).length;
    assert.equal(await count('data/dataloader-workers'), 1);
    client.settings = { rules: { 'data/dataloader-workers': 'off', 'measure/no-energy-tracking': 'off' } };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.equal(await count('data/dataloader-workers'), 0);
    // The repository turns measure/no-energy-tracking on as info: the file wins over the setting.
    assert.equal((await client.pull(uri)).filter((d) => d.code === 'measure/no-energy-tracking').length, 1);
    const toml = join(ws, 'wattlint.toml');
    const original = readFileSync(toml, 'utf8');
    writeFileSync(toml, `${original}\n# and this one off\n`.replace('"measure/no-energy-tracking" = "info"', '"measure/no-energy-tracking" = "off"'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(toml), type: 2 }] });
    assert.equal((await client.pull(uri)).filter((d) => d.code === 'measure/no-energy-tracking').length, 0);
    writeFileSync(toml, original);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(toml), type: 2 }] });
    client.settings = {};
    client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.equal(await count('data/dataloader-workers'), 1);
  });

  it('names a setting it cannot use', async () => {
    client.settings = { pue: 7 };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const problems = await client.request<string[]>('wattlint/settingsProblems', {});
    assert.ok(problems.some((p) => p.includes('`wattlint.pue`')), problems.join('\n'));
    client.settings = {};
    client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await client.request<string[]>('wattlint/settingsProblems', {}), []);
  });

  it("scans the workspace with progress, pushes closed files' diagnostics, and reports the CLI's JSON", async () => {
    const closedUri = uriOf(join(ws, 'scripts', 'launch.sh'));
    client.close(closedUri);
    const summary = await client.request<{ files: number; cancelled: boolean }>('workspace/executeCommand', { command: 'wattlint.scanWorkspace', arguments: [] });
    assert.ok(!summary.cancelled && summary.files > 0);
    assert.ok(client.progress.some((p) => (p as { value?: { kind?: string } }).value?.kind === 'begin'), 'work done progress reported');
    // launch.sh is closed: its diagnostics come pushed, equal to the CLI's.
    const pushed = await client.until('launch.sh pushed', () => client.pushed.get(closedUri));
    const text = readFileSync(join(ws, 'scripts', 'launch.sh'), 'utf8');
    assert.deepEqual(pushed.map(shown), cliReport.findings.filter((f) => f.file === 'scripts/launch.sh').map((f) => expected(f, text)));
    // Close what the earlier tests edited, so every file is the one on disk, then compare with the CLI's report.
    for (const f of ['classify_tickets.py']) client.close(uriOf(join(ws, f)));
    client.notify('notebookDocument/didClose', { notebookDocument: { uri: uriOf(join(ws, 'notebooks', 'explore.ipynb')) }, cellTextDocuments: [] });
    await client.request('workspace/executeCommand', { command: 'wattlint.scanWorkspace', arguments: [] });
    const report = await client.request<{ json: JsonReport }>('wattlint/report', {});
    const strip = (j: JsonReport) => j.findings.map(({ fingerprint: _f, ...f }) => f);
    assert.deepEqual(report.json.summary, cliReport.summary);
    assert.deepEqual(strip(report.json), strip(cliReport));
    assert.deepEqual(report.json.jobs, cliReport.jobs);
  });

  it('cancels a running scan when another starts', async () => {
    const first = client.request<{ cancelled: boolean }>('workspace/executeCommand', { command: 'wattlint.scanWorkspace', arguments: [] });
    const second = client.request<{ cancelled: boolean }>('workspace/executeCommand', { command: 'wattlint.scanWorkspace', arguments: [] });
    const [a, b] = await Promise.all([first, second]);
    assert.ok(a.cancelled, 'the first scan was cancelled');
    assert.ok(!b.cancelled);
  });

  it('shuts down and exits cleanly', async () => {
    assert.equal(await client.stop(), 0);
  });
});

describe('wattlint server for a client without pull diagnostics', function () {
  this.timeout(60000);
  it('pushes the same diagnostics after open and after each change, and code actions carry their edits', async () => {
    const ws = copyExamples();
    const client = await LspClient.start({ folder: ws, capabilities: pushCapabilities, initializationOptions: { settings: { lintDelay: 0 } } });
    try {
      const want = (await cliJson(ws, '.')).findings.filter((f) => f.file === 'evaluate.py');
      const uri = uriOf(join(ws, 'evaluate.py'));
      const text = readFileSync(join(ws, 'evaluate.py'), 'utf8');
      client.open(uri, 'python', text);
      const first = await client.until('pushed diagnostics', () => client.pushed.get(uri));
      assert.deepEqual(byKey(first.map(shown)), byKey(want.map((f) => expected(f, text))));
      client.pushed.delete(uri);
      client.change(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '\n');
      const moved = await client.until('pushed after the change', () => client.pushed.get(uri));
      assert.deepEqual(moved.map((d) => d.range.start.line), first.map((d) => d.range.start.line + 1));
      const [d] = moved.filter((x) => x.code === 'grad/no-grad-inference');
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      assert.ok(actions.length > 0 && actions.filter((a) => !a.command).every((a) => a.edit), 'edits come with the actions');
      assert.equal(await client.stop(), 0);
    } finally {
      client.kill();
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
