// Entry point: wires the core (through lint.ts) to VS Code's events, providers, views and commands. It owns the
// order of start-up and the event plumbing, nothing else; every result shown comes from the core.
import './zod-setup';
import * as vscode from 'vscode';
import { formatJson } from '../core/report/json';
import { formatMarkdown } from '../core/report/markdown';
import { formatSarif } from '../core/report/sarif';
import { initCore } from '../node/grammar';
import { fixAllSafe, WattlintCodeActions } from './codeActions';
import { WattlintCodeLens } from './codeLens';
import { DiagnosticsPublisher } from './diagnostics';
import { initDocs, showRuleDocs } from './docs';
import { WattlintHover } from './hover';
import { isLintable, Linter, NOTEBOOK_TYPE } from './lint';
import { uriOf } from './paths';
import { buildReportMessage } from './report/model';
import { ReportView } from './report/view';
import { scanWorkspaceFolders, type ScanSummary } from './scan';
import { SettingsCache } from './settings';
import { StatusBar } from './statusBar';
import { FindingStore, type LintResult } from './store';
import { FindingsTree } from './tree';

/** Languages and file patterns the core reads (activation events in package.json mirror these). */
export const SELECTOR: vscode.DocumentSelector = [
  ...['python', 'yaml', 'json', 'jsonc', 'toml', 'shellscript', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'].flatMap((language) => [
    { language, scheme: 'file' },
    { language, scheme: 'untitled' },
    { language, scheme: 'vscode-vfs' },
  ]),
  { language: 'python', scheme: 'vscode-notebook-cell' },
  { pattern: '**/*.pbtxt' },
];

/** What the extension returns from activate(): used by the e2e tests and the bench, not a public API. */
export interface WattlintApi {
  store: FindingStore;
  linter: Linter;
  report: ReportView;
  scan(): Promise<ScanSummary | undefined>;
  lint(doc: vscode.TextDocument): Promise<LintResult | undefined>;
  /** Resolves when no lint is pending. */
  idle(): Promise<void>;
  /** The problems reported about settings and config files (each names the setting or key). */
  settingsProblems(): Promise<string[]>;
  /** Milliseconds activate() took (loading the core and its wasm grammar, registering everything). */
  activationMs: number;
}

export async function activate(ctx: vscode.ExtensionContext): Promise<WattlintApi> {
  const t0 = Date.now();
  initDocs(ctx);
  const output = vscode.window.createOutputChannel('Wattlint', { log: true });
  const settings = new SettingsCache((problem) => {
    output.warn(problem);
    void vscode.window.showWarningMessage(`Wattlint: ${problem}`, 'Open Settings').then((a) => a && vscode.commands.executeCommand('workbench.action.openSettings', 'wattlint'));
  });
  const store = new FindingStore();
  const diagnostics = new DiagnosticsPublisher();
  const linter = new Linter(store, diagnostics, settings, (l) => output.error(l));
  ctx.subscriptions.push(output, settings, store, diagnostics, linter);
  await initCore();

  let scanning = false;
  let scanSource: vscode.CancellationTokenSource | undefined;
  const pending = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p;
  };

  const resultFor = (doc: vscode.TextDocument): LintResult | undefined => {
    if (doc.uri.scheme === 'vscode-notebook-cell') {
      const nb = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === doc));
      return nb ? store.get(nb.uri) : undefined;
    }
    return store.get(doc.uri);
  };

  // Report view and its host.
  const report: ReportView = new ReportView(ctx.extensionUri, {
    message: async (jobId) => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      const s = await settings.get(folder);
      return buildReportMessage(store, s, s.repoKeys, scanning, jobId);
    },
    exportReport: (format) => exportReport(format),
    open: async (file, line, cell) => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) return;
      const uri = uriOf(file, { folder, path: '', uri: folder.uri });
      if (cell !== undefined) {
        await vscode.commands.executeCommand('vscode.openWith', uri, NOTEBOOK_TYPE);
        return;
      }
      const pos = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
      await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos) });
    },
    rescan: () => void scan(),
  });
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const refreshReport = () => {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void report.refresh(), 300);
  };
  store.onDidChange(refreshReport);

  async function exportReport(format?: 'markdown' | 'json' | 'sarif', target?: vscode.Uri): Promise<void> {
    format ??= (await vscode.window.showQuickPick(['markdown', 'json', 'sarif'] as const, { placeHolder: 'Export the Wattlint report as' })) as typeof format;
    if (!format) return;
    const r = store.workspaceReport();
    const text = format === 'json' ? formatJson(r) : format === 'sarif' ? formatSarif(r) : formatMarkdown(r);
    const ext = { markdown: 'md', json: 'json', sarif: 'sarif' }[format];
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    target ??= await vscode.window.showSaveDialog({ defaultUri: folder && vscode.Uri.joinPath(folder, `wattlint-report.${ext}`) });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(`Wattlint report written to ${vscode.workspace.asRelativePath(target)}`);
  }

  async function scan(): Promise<ScanSummary | undefined> {
    scanSource?.cancel();
    const source = (scanSource = new vscode.CancellationTokenSource());
    scanning = true;
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Wattlint: scanning the workspace', cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => source.cancel());
          const s = await scanWorkspaceFolders(linter, store, settings, progress, source.token);
          output.info(`scan: ${s.files} files, ${s.findings} findings in ${s.ms} ms${s.cancelled ? ' (cancelled)' : ''}`);
          return s;
        },
      );
    } finally {
      if (scanSource === source) scanning = false;
      refreshReport();
    }
  }

  const lintOpen = async () => {
    for (const doc of vscode.workspace.textDocuments) if (isLintable(doc)) await track(linter.lintDocument(doc));
    for (const nb of vscode.workspace.notebookDocuments) await track(linter.lintNotebook(nb));
  };

  const tree = new FindingsTree(store);
  const status = new StatusBar(store);
  ctx.subscriptions.push(
    report,
    status,
    tree,
    vscode.window.registerWebviewViewProvider(ReportView.id, report, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.window.createTreeView('wattlint.findings', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new WattlintCodeActions(linter), { providedCodeActionKinds: WattlintCodeActions.kinds }),
    vscode.languages.registerHoverProvider(SELECTOR, new WattlintHover(store, resultFor)),
    vscode.languages.registerCodeLensProvider(SELECTOR, new WattlintCodeLens(store, resultFor)),
    vscode.workspace.onDidOpenTextDocument((doc) => isLintable(doc) && void track(linter.lintDocument(doc))),
    vscode.workspace.onDidChangeTextDocument(async (e) => {
      if (e.contentChanges.length === 0) return;
      const doc = e.document;
      if (!isLintable(doc) && doc.uri.scheme !== 'vscode-notebook-cell') return;
      const s = await settings.get(vscode.workspace.getWorkspaceFolder(doc.uri));
      linter.schedule(doc, s.lintDelayMs);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme === 'untitled') linter.forget(doc.uri);
    }),
    vscode.workspace.onDidOpenNotebookDocument((nb) => void track(linter.lintNotebook(nb))),
    vscode.workspace.onDidSaveNotebookDocument((nb) => void track(linter.lintNotebook(nb))),
    vscode.workspace.onDidCloseNotebookDocument((nb) => {
      const r = store.get(nb.uri);
      if (!r) return;
      // Back to the closed-notebook form: diagnostics on the .ipynb naming the cell.
      const closed: LintResult = { ...r, notebook: undefined, version: undefined };
      store.set(closed);
      diagnostics.publish(closed);
    }),
    settings.onDidChange(() => void track(lintOpen().then(() => scan()))),
    vscode.commands.registerCommand('wattlint.scanWorkspace', () => scan()),
    vscode.commands.registerCommand('wattlint.fixAllSafe', async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc) return 0;
      const n = await fixAllSafe(linter, doc);
      void vscode.window.setStatusBarMessage(`Wattlint: applied ${n} safe fix${n === 1 ? '' : 'es'}`, 3000);
      return n;
    }),
    vscode.commands.registerCommand('wattlint.showReport', async (jobId?: string) => {
      await vscode.commands.executeCommand('wattlint.report.focus');
      await report.refresh(typeof jobId === 'string' ? jobId : undefined);
    }),
    vscode.commands.registerCommand('wattlint.showRuleDocs', (id: string) => showRuleDocs(id)),
    vscode.commands.registerCommand('wattlint.groupByFile', () => tree.setGrouping('file')),
    vscode.commands.registerCommand('wattlint.groupByRule', () => tree.setGrouping('rule')),
    vscode.commands.registerCommand('wattlint.exportReport', (format?: 'markdown' | 'json' | 'sarif', target?: vscode.Uri) => exportReport(format, target)),
  );
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  ctx.subscriptions.push(watcher, watcher.onDidDelete((uri) => linter.forget(uri)));
  void vscode.commands.executeCommand('setContext', 'wattlint.groupBy', 'file');

  // Lint what is open, then scan the workspace, after activation returns.
  void track(
    lintOpen().then(async () => {
      const first = await settings.get(vscode.workspace.workspaceFolders?.[0]);
      if (first.scanOnStartup && vscode.workspace.workspaceFolders?.length) await scan();
    }),
  );
  const activationMs = Date.now() - t0;
  output.info(`activated in ${activationMs} ms`);

  return {
    store,
    linter,
    report,
    scan,
    lint: (doc) => track(linter.lintDocument(doc)),
    idle: async () => {
      while (pending.size) await Promise.all([...pending]);
    },
    activationMs,
    settingsProblems: async () => (await Promise.all((vscode.workspace.workspaceFolders ?? [undefined]).map((f) => settings.get(f)))).flatMap((s) => s.problems),
  };
}

export function deactivate(): void {
  // Everything is disposed through ctx.subscriptions.
}
