// The VS Code extension: a client of `wattlint server` (vscode-languageclient; the server runs in its own Node
// process over IPC), so nothing is analysed in the extension host. Diagnostics, code actions, hovers, CodeLens and
// notebook cells come through the client; the findings tree, the status bar and the report (sidebar view and an
// editor tab) are fed by the server's requests, with the CLI's numbers. This file wires views and commands.
import './zod-setup';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  Commands,
  DidChangeFindingsNotification,
  ExportRequest,
  FindingsRequest,
  NamesRequest,
  ReportRequest,
  SettingsProblemsRequest,
  type ExportParams,
  type FindingItem,
  type NamesResult,
  type ReportParams,
  type ReportResult,
  type ScanSummary,
} from '../server/protocol';
import { DOCS_URI_TEMPLATE, registerRuleDocs, showRuleDocs } from './docs';
import type { ReportMessage } from './report/messages';
import { ReportView } from './report/view';
import { StatusBar } from './statusBar';
import { FindingsTree } from './tree';

const LANGUAGES = ['python', 'yaml', 'json', 'jsonc', 'toml', 'shellscript', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'];

/** What activate() returns: used by the e2e tests and the bench, not a public API. */
export interface WattlintApi {
  client: LanguageClient;
  report: ReportView;
  tree: FindingsTree;
  scan(): Promise<ScanSummary | undefined>;
  findings(): Promise<FindingItem[]>;
  reportJson(): Promise<ReportResult>;
  /** Resolves once the server has answered a request sent after everything so far. */
  idle(): Promise<void>;
  settingsProblems(): Promise<string[]>;
  /** Milliseconds activate() took, and until the server answered initialize. */
  activationMs: number;
  serverReadyMs(): Promise<number>;
}

export async function activate(ctx: vscode.ExtensionContext): Promise<WattlintApi> {
  const t0 = Date.now();
  const output = vscode.window.createOutputChannel('Wattlint', { log: true });
  ctx.subscriptions.push(output, registerRuleDocs(ctx.extensionUri));

  const server = ctx.asAbsolutePath('dist/cli.js');
  const serverOptions: ServerOptions = {
    run: { module: server, args: ['server'], transport: TransportKind.ipc },
    debug: { module: server, args: ['server'], transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      { scheme: 'file', pattern: '**/*.pbtxt' },
      { notebook: 'jupyter-notebook', language: 'python' },
    ],
    outputChannel: output,
    initializationOptions: { ruleDocsUri: DOCS_URI_TEMPLATE, lensCommand: 'wattlint.showReport' },
    middleware: {
      // The rule's page opens rendered, in this window (the server would ask for window/showDocument).
      executeCommand: async (command, args, next) => (command === Commands.showRuleDocs ? showRuleDocs(String(args[0])) : next(command, args)),
    },
  };
  const client = new LanguageClient('wattlint', 'Wattlint', serverOptions, clientOptions);
  let readyAt: number | undefined;

  const tree = new FindingsTree();
  const status = new StatusBar();
  const report: ReportView = new ReportView(ctx.extensionUri, {
    message: (jobId) => reportMessage(jobId),
    exportReport: async (format) => void (await exportReport(format)),
    open: (file, line, cell) => openPlace(file, line, cell),
    rescan: () => void scan(),
    setAssumption: (name, value, target) => setSetting(name, value, target),
  });

  const running = () => client.state === State.Running;
  const folderUri = () => vscode.workspace.workspaceFolders?.[0]?.uri.toString();
  let names: NamesResult | undefined;

  async function reportJson(jobId?: string): Promise<ReportResult> {
    return client.sendRequest<ReportResult>(ReportRequest, { folder: folderUri(), jobId } satisfies ReportParams);
  }

  async function reportMessage(jobId?: string): Promise<ReportMessage> {
    const r = await reportJson(jobId);
    names ??= await client.sendRequest<NamesResult>(NamesRequest);
    return {
      type: 'report',
      json: r.json as unknown as ReportMessage['json'],
      regions: r.regions,
      assumptions: r.assumptions,
      locked: r.locked as ReportMessage['locked'],
      configFile: r.configFile,
      scanning: r.scanning,
      names: { hardware: names.hardware.map((h) => h.name), regions: names.regions.map((x) => x.name) },
      targets: settingTargets(),
    };
  }

  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  async function refreshViews(): Promise<void> {
    if (!running()) {
      status.update(undefined, 0, client.state === State.Starting ? 'starting' : 'stopped');
      return;
    }
    try {
      const items = await client.sendRequest<FindingItem[]>(FindingsRequest);
      tree.setItems(items);
      const r = await reportJson();
      status.update(r.json, items.length, 'running');
      if (report.visible) await report.refresh();
    } catch (e) {
      output.warn(`views: ${(e as Error).message}`);
    }
  }
  const scheduleRefresh = () => {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void refreshViews(), 300);
  };

  async function scan(): Promise<ScanSummary | undefined> {
    if (!running()) return undefined;
    const s = await client.sendRequest(ExecuteCommandRequest.type, { command: Commands.scanWorkspace, arguments: [] });
    scheduleRefresh();
    return s as ScanSummary;
  }

  async function openPlace(file: string, line: number | null, cell?: number): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return;
    const uri = vscode.Uri.joinPath(folder.uri, ...file.split('/'));
    if (cell !== undefined || file.endsWith('.ipynb')) {
      await vscode.commands.executeCommand('vscode.openWith', uri, 'jupyter-notebook');
      return;
    }
    const pos = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos) });
  }

  /** Where a setting can be written, named so the user knows before anything is written. */
  function settingTargets(): ReportMessage['targets'] {
    const ws = vscode.workspace.workspaceFile;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const out: ReportMessage['targets'] = [];
    if (ws && ws.scheme !== 'untitled') out.push({ id: 'workspace', label: `Workspace settings (${ws.path.slice(ws.path.lastIndexOf('/') + 1)})` });
    else if (folders.length) out.push({ id: 'workspace', label: `Workspace settings (${folders[0].name}/.vscode/settings.json)` });
    out.push({ id: 'user', label: 'User settings (all workspaces)' });
    return out;
  }

  async function setSetting(name: string, value: string | number | undefined, target: 'workspace' | 'user'): Promise<void> {
    const t = target === 'workspace' && vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('wattlint').update(name, value, t);
    const where = settingTargets().find((x) => x.id === (t === vscode.ConfigurationTarget.Workspace ? 'workspace' : 'user'))?.label;
    void vscode.window.setStatusBarMessage(`Wattlint: ${value === undefined ? 'cleared' : 'set'} wattlint.${name} in ${where}`, 4000);
  }

  /** A quick pick of the names the bundled tables know, then where to store the choice. */
  async function choose(name: 'hardware' | 'region'): Promise<void> {
    if (!running()) return;
    names ??= await client.sendRequest<NamesResult>(NamesRequest);
    const list = name === 'hardware' ? names.hardware : names.regions;
    const picked = await vscode.window.showQuickPick(
      [{ label: '$(close) None', description: 'use the engine default', value: undefined as string | undefined }, ...list.map((n) => ({ label: n.name, description: n.detail, value: n.name as string | undefined }))],
      { placeHolder: name === 'hardware' ? 'Accelerator assumed when a job names none' : 'Region for grid carbon intensity', matchOnDescription: true },
    );
    if (!picked) return;
    const target = await vscode.window.showQuickPick(settingTargets().map((t) => ({ label: t.label, id: t.id })), { placeHolder: `Store wattlint.${name} in…` });
    if (!target) return;
    await setSetting(name, picked.value, target.id);
  }

  async function exportReport(format?: ExportParams['format'], target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    format ??= (await vscode.window.showQuickPick(['markdown', 'json', 'sarif'] as const, { placeHolder: 'Export the Wattlint report as' })) as ExportParams['format'] | undefined;
    if (!format || !running()) return undefined;
    const text = await client.sendRequest<string>(ExportRequest, { folder: folderUri(), format } satisfies ExportParams);
    const ext = { markdown: 'md', json: 'json', sarif: 'sarif' }[format];
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    target ??= await vscode.window.showSaveDialog({ defaultUri: folder && vscode.Uri.joinPath(folder, `wattlint-report.${ext}`) });
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    // Show what was written: the Markdown rendered, JSON and SARIF as text.
    if (format === 'markdown') await vscode.commands.executeCommand('markdown.showPreview', target);
    else await vscode.window.showTextDocument(target, { preview: true });
    void vscode.window.setStatusBarMessage(`Wattlint report written to ${vscode.workspace.asRelativePath(target)}`, 5000);
    return target;
  }

  ctx.subscriptions.push(
    client,
    report,
    status,
    tree,
    vscode.window.registerWebviewViewProvider(ReportView.id, report, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.window.createTreeView('wattlint.findings', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.commands.registerCommand('wattlint.fixAllSafe', async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc || !running()) return 0;
      const n = (await client.sendRequest(ExecuteCommandRequest.type, { command: Commands.fixAll, arguments: [doc.uri.toString()] })) as number;
      void vscode.window.setStatusBarMessage(`Wattlint: applied ${n} safe edit${n === 1 ? '' : 's'}`, 3000);
      return n;
    }),
    vscode.commands.registerCommand('wattlint.showReport', async (jobId?: string) => {
      report.showPanel(typeof jobId === 'string' ? jobId : undefined);
      await report.refresh(typeof jobId === 'string' ? jobId : undefined);
    }),
    vscode.commands.registerCommand('wattlint.showReportSidebar', async () => {
      await vscode.commands.executeCommand('wattlint.report.focus');
      await report.refresh();
    }),
    vscode.commands.registerCommand('wattlint.groupByFile', () => tree.setGrouping('file')),
    vscode.commands.registerCommand('wattlint.groupByRule', () => tree.setGrouping('rule')),
    vscode.commands.registerCommand('wattlint.exportReport', (format?: ExportParams['format'], target?: vscode.Uri) => exportReport(format, target)),
    vscode.commands.registerCommand('wattlint.chooseHardware', () => choose('hardware')),
    vscode.commands.registerCommand('wattlint.chooseRegion', () => choose('region')),
    vscode.commands.registerCommand('wattlint.restartServer', async () => {
      await client.restart();
      scheduleRefresh();
    }),
    vscode.commands.registerCommand('wattlint.showLogs', () => output.show(true)),
    client.onDidChangeState(() => scheduleRefresh()),
  );
  void vscode.commands.executeCommand('setContext', 'wattlint.groupBy', 'file');

  const started = client.start().then(() => {
    readyAt = Date.now();
    ctx.subscriptions.push(client.onNotification(DidChangeFindingsNotification, () => scheduleRefresh()));
    output.info(`server ready ${readyAt - t0} ms after activation started`);
    scheduleRefresh();
  });
  started.catch((e: Error) => output.error(`the language server did not start: ${e.message}`));
  const activationMs = Date.now() - t0;
  output.info(`activated in ${activationMs} ms`);

  return {
    client,
    report,
    tree,
    scan: async () => {
      await started;
      return scan();
    },
    findings: async () => {
      await started;
      return client.sendRequest<FindingItem[]>(FindingsRequest);
    },
    reportJson: async () => {
      await started;
      return reportJson();
    },
    idle: async () => {
      await started;
      await client.sendRequest<string[]>(SettingsProblemsRequest);
    },
    settingsProblems: async () => {
      await started;
      return client.sendRequest<string[]>(SettingsProblemsRequest);
    },
    activationMs,
    serverReadyMs: async () => {
      await started;
      return (readyAt ?? Date.now()) - t0;
    },
  };
}

export function deactivate(): Thenable<void> | undefined {
  return undefined; // the client is disposed (and the server stopped) through ctx.subscriptions
}
