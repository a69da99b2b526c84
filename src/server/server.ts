// `wattlint server`: the language server (vscode-languageserver over stdio, or node IPC when the VS Code client
// starts it). A thin adapter: documents and notebooks in, the core's findings out as diagnostics (pulled, or pushed
// to clients that do not pull), code actions resolved on demand, hovers and CodeLens with the engine's estimates,
// a cancellable workspace scan with progress, and the requests the VS Code extension's views read. The analysis is
// the CLI's: the same settings (the repository's config wins over the editor's), paths and code path into the core.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  NotebookDocuments,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type ClientCapabilities,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type NotebookDocument,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { resolveSettings } from '../core/config/load';
import { languageOf } from '../core/parse/document';
import { ruleById } from '../core/rules';
import { ruleDocPath } from '../core/rules/rule';
import { initCore } from '../node/grammar';
import { codeActions, resolveEdit, type ActionOptions, type ReadFile } from './actions';
import { Analyser, notebookJson, type Analysed, type Source } from './analyse';
import { diagnosticsOf, readRelated } from './convert';
import { docsFolder, findingItems, hardwareAndRegions, mergedReport, workspaceReport, type ReportInput } from './views';
import { formatJson } from '../core/report/json';
import { formatMarkdown } from '../core/report/markdown';
import { formatSarif } from '../core/report/sarif';
import { packageVersion } from '../cli/version';
import { codeLenses, hover } from './hover';
import {
  COMMAND_IDS,
  Commands,
  DidChangeFindingsNotification,
  ExportRequest,
  FindingsRequest,
  NamesRequest,
  ReportRequest,
  SettingsProblemsRequest,
  type ActionData,
  type ExportParams,
  type InitializationOptions,
  type ReportParams,
  type ScanSummary,
} from './protocol';
import { scanFolders } from './scan';
import { ConfigFinder, editorSettings, isConfigFile, type EditorSettings, type FileSettings } from './settings';

/** Languages the server reads, by LSP language id (file names decide where they are known). */
const LANGUAGE_EXT: Record<string, string> = {
  python: 'py', yaml: 'yaml', json: 'json', jsonc: 'json', toml: 'toml', shellscript: 'sh', sh: 'sh', bash: 'sh',
  javascript: 'js', typescript: 'ts', javascriptreact: 'jsx', typescriptreact: 'tsx', pbtxt: 'pbtxt',
};

function absPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export interface ServerHandle {
  connection: Connection;
  /** Resolves when the connection closes. */
  closed: Promise<void>;
}

export function startServer(connection: Connection = defaultConnection()): ServerHandle {
  const documents = new TextDocuments(TextDocument);
  const notebooks = new NotebookDocuments(TextDocument);
  const configs = new ConfigFinder();
  let folders: WorkspaceFolder[] = [];
  let caps: ClientCapabilities = {};
  let init: InitializationOptions = {};
  let pull = false;
  let pushedSettings: unknown;
  let docsTemplate = '';
  let lensCommand = '';
  const editorCache = new Map<string, Promise<EditorSettings>>();
  const reported = new Set<string>();
  /** URIs that got pushed diagnostics, so they can be cleared. */
  const pushed = new Map<string, string[]>();
  /** Files the last scan analysed, per folder URI (their diagnostics are pushed). */
  const scanned = new Map<string, Set<string>>();
  const skippedByFolder = new Map<string, { file: string; reason: string }[]>();
  const errorsByFolder = new Map<string, { file: string; message: string }[]>();
  let scanSource: CancellationTokenSource | undefined;
  let scanning = false;
  let ready: Promise<void> = Promise.resolve();
  const pushTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const openNotebooks = new Set<string>();
  let findingsTimer: ReturnType<typeof setTimeout> | undefined;

  const log = (m: string) => connection.console.info(m);
  const trace = (m: string) => connection.tracer.log(m);

  /** Open text documents (not notebook cells) by absolute path (the URI map is rebuilt when documents open or close). */
  let uriByPath: Map<string, string> | undefined;
  const openByPath = () => {
    if (!uriByPath) {
      uriByPath = new Map();
      for (const d of documents.all()) {
        const p = absPath(d.uri);
        if (p) uriByPath.set(p, d.uri);
      }
    }
    const uris = uriByPath;
    return { get: (abs: string): TextDocument | undefined => (uris.has(abs) ? documents.get(uris.get(abs)!) : undefined) };
  };
  const analyser = new Analyser({
    get: (abs) => {
      const d = openByPath().get(abs);
      return d ? { text: d.getText(), version: d.version } : undefined;
    },
  });
  const readFile: ReadFile = (a, file) => {
    const abs = join(a.fs.root, file);
    return openByPath().get(abs)?.getText() ?? readRelated(a, file);
  };

  function folderOf(abs: string | undefined): WorkspaceFolder | undefined {
    if (!abs) return folders[0];
    let best: WorkspaceFolder | undefined;
    for (const f of folders) {
      const p = absPath(f.uri);
      if (p && (abs === p || abs.startsWith(p.endsWith('/') ? p : `${p}/`)) && (!best || p.length > (absPath(best.uri)?.length ?? 0))) best = f;
    }
    return best;
  }

  async function editorFor(folder: WorkspaceFolder | undefined): Promise<EditorSettings> {
    const key = folder?.uri ?? '';
    let p = editorCache.get(key);
    if (!p) {
      p = (async () => {
        let section: unknown = init.settings ?? (pushedSettings as Record<string, unknown> | undefined)?.wattlint;
        let filesExclude: unknown;
        if (caps.workspace?.configuration) {
          try {
            [section, filesExclude] = await connection.workspace.getConfiguration([
              { scopeUri: folder?.uri, section: 'wattlint' },
              { scopeUri: folder?.uri, section: 'files.exclude' },
            ]);
          } catch (e) {
            log(`workspace/configuration failed: ${(e as Error).message}`);
          }
        }
        const s = editorSettings(section);
        // VS Code's files.exclude (globs set to true) keeps those files out, as it does in the editor's search.
        if (filesExclude && typeof filesExclude === 'object') {
          const globs = Object.entries(filesExclude as Record<string, unknown>).filter(([, on]) => on === true).map(([g]) => g);
          if (globs.length) s.config = { ...s.config, exclude: [...(s.config.exclude ?? []), ...globs] };
        }
        return s;
      })();
      editorCache.set(key, p);
    }
    return p;
  }

  function report(problems: readonly string[]): void {
    for (const p of problems) {
      if (reported.has(p)) continue;
      reported.add(p);
      connection.console.warn(p);
      void connection.window.showWarningMessage(`Wattlint: ${p}`);
    }
  }

  /** Settings for a document: a file's (nearest config, its folder), or an untitled buffer's (editor settings only). */
  async function settingsFor(uri: string, languageId?: string): Promise<FileSettings> {
    const abs = absPath(uri);
    const folder = folderOf(abs);
    const editor = await editorFor(folder);
    if (abs) {
      const fs = configs.resolve(abs, folder ? absPath(folder.uri) : undefined, editor);
      report(fs.problems);
      return fs;
    }
    let name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1).replace(/^[a-z-]+:/, '')) || 'untitled';
    if (!languageOf(name) && languageId && LANGUAGE_EXT[languageId]) name = `${name}.${LANGUAGE_EXT[languageId]}`;
    report(editor.problems);
    return { root: '', path: name, settings: resolveSettings(editor.config), options: editor.options, repoKeys: [], problems: editor.problems };
  }

  /** The source of an open document: a text document, or the notebook a cell belongs to. */
  function sourceOf(uri: string): { src: Source; languageId?: string } | undefined {
    const nb = notebooks.getNotebookDocument(uri) ?? notebooks.findNotebookDocumentForCell(uri);
    if (nb) return { src: notebookSource(nb) };
    const d = documents.get(uri);
    if (!d) return undefined;
    return { src: { uri: d.uri, text: d.getText(), version: d.version }, languageId: d.languageId };
  }

  function notebookSource(nb: NotebookDocument): Source {
    const cells = nb.cells.map((c) => ({ uri: c.document, kind: c.kind === 2 ? ('code' as const) : ('markdown' as const) }));
    const texts = nb.cells.map((c, i) => ({ kind: cells[i].kind, source: notebooks.getCellTextDocument(c)?.getText() ?? '' }));
    // The version changes with every cell edit (the cells' own versions are in their documents).
    const version = nb.version * 100003 + nb.cells.reduce((s, c) => s + (notebooks.getCellTextDocument(c)?.version ?? 0), 0);
    return { uri: nb.uri, text: notebookJson(texts), version, cells, sources: texts.map((t) => t.source) };
  }

  /** Analyses an open document (or the notebook of a cell) now; undefined if Wattlint does not read it. */
  async function analyseOpen(uri: string): Promise<Analysed | undefined> {
    await ready;
    const s = sourceOf(uri);
    if (!s) return undefined;
    const fs = await settingsFor(s.src.uri, s.languageId);
    if (!fs.options.enable || fs.problems.some((p) => p.includes('(the file is ignored until fixed)'))) return undefined;
    if (!languageOf(fs.path)) return undefined;
    const cached = analyser.cached(s.src);
    if (cached) return cached;
    const a = analyser.analyse(s.src, fs);
    trace(`analysed ${fs.path} in ${a.ms.toFixed(1)} ms (${a.analysis?.findings.length ?? 0} findings${a.skipped ? `; ${a.skipped}` : ''}${a.reused ? '; the previous analysis moved past a comment-only edit' : ''})`);
    for (const e of a.analysis?.errors ?? []) if (e.message.startsWith('internal error')) connection.console.error(`${fs.path}: ${e.message}`);
    afterAnalysis(a);
    return a;
  }

  /** Other open documents that read this one (a config they take facts from) must be looked at again. */
  function afterAnalysis(a: Analysed): void {
    changedFindings();
    const deps = analyser.dependents(a.fs.root, a.fs.path).filter((d) => d.uri !== a.uri && d.stamp !== analyser.cached({ uri: d.uri, text: d.text, version: d.version, cells: d.cells })?.stamp);
    if (!deps.length) return;
    if (pull) void connection.languages.diagnostics.refresh().catch(() => undefined);
    else for (const d of deps) schedulePush(d.uri, 0);
  }

  function changedFindings(): void {
    if (findingsTimer) return;
    findingsTimer = setTimeout(() => {
      findingsTimer = undefined;
      void connection.sendNotification(DidChangeFindingsNotification);
    }, 200);
  }

  /** Pushes a file's diagnostics (every URI it covers), clearing URIs it no longer covers. */
  function push(a: Analysed | undefined, fileUri: string): void {
    const by = a ? diagnosticsOf(a, docsTemplate) : new Map<string, Diagnostic[]>();
    for (const u of pushed.get(fileUri) ?? []) if (!by.has(u)) void connection.sendDiagnostics({ uri: u, diagnostics: [] });
    for (const [u, diagnostics] of by) void connection.sendDiagnostics({ uri: u, diagnostics });
    if (by.size) pushed.set(fileUri, [...by.keys()]);
    else {
      void connection.sendDiagnostics({ uri: fileUri, diagnostics: [] });
      pushed.delete(fileUri);
    }
  }

  function schedulePush(uri: string, delay?: number): void {
    const key = notebooks.findNotebookDocumentForCell(uri)?.uri ?? uri;
    clearTimeout(pushTimers.get(key));
    const run = async () => {
      pushTimers.delete(key);
      const a = await analyseOpen(key);
      push(a, key);
    };
    void (async () => {
      const ms = delay ?? (await settingsFor(key)).options.lintDelayMs;
      pushTimers.set(key, setTimeout(() => void run(), ms));
    })();
  }

  /** A document closed: its diagnostics go back to the file on disk's, when the workspace was scanned. */
  async function closedDoc(uri: string): Promise<void> {
    analyser.closed(uri);
    const abs = absPath(uri);
    const wasScanned = [...scanned.values()].some((s) => s.has(uri));
    if (!abs || !wasScanned) {
      analyser.forget(uri);
      if (!pull) push(undefined, uri);
      changedFindings();
      return;
    }
    const fs = await settingsFor(uri);
    push(analyser.analyseDisk(uri, abs, fs), uri);
    changedFindings();
  }

  function invalidateAll(): void {
    editorCache.clear();
    configs.clear();
    reported.clear();
    analyser.invalidate();
    void relintAll();
  }

  async function relintAll(): Promise<void> {
    if (pull) await connection.languages.diagnostics.refresh().catch(() => undefined);
    else {
      for (const d of documents.all()) schedulePush(d.uri, 0);
      for (const nb of openNotebooks) schedulePush(nb, 0);
    }
    // Scanned files that are not open are re-read with the new settings.
    for (const uris of scanned.values()) {
      for (const uri of uris) {
        if (documents.get(uri) || notebooks.getNotebookDocument(uri)) continue;
        const abs = absPath(uri);
        if (!abs) continue;
        const fs = await settingsFor(uri);
        push(fs.options.enable ? analyser.analyseDisk(uri, abs, fs) : undefined, uri);
      }
    }
    changedFindings();
  }

  async function scan(token?: CancellationToken): Promise<ScanSummary> {
    await ready;
    scanSource?.cancel();
    const source = (scanSource = new CancellationTokenSource());
    token?.onCancellationRequested(() => source.cancel());
    scanning = true;
    const progress = await connection.window.createWorkDoneProgress();
    progress.begin('Wattlint: scanning the workspace', 0, undefined, true);
    progress.token.onCancellationRequested(() => source.cancel());
    try {
      const s = await scanFolders({
        folders,
        token: source.token,
        analyser,
        settingsFor,
        isOpen: (uri) => !!documents.get(uri) || !!notebooks.getNotebookDocument(uri),
        progress: (pct, message) => progress.report(pct, message),
        scanned,
        skipped: skippedByFolder,
        errors: errorsByFolder,
        push,
      });
      log(`scan: ${s.files} files, ${s.findings} findings in ${s.ms} ms${s.cancelled ? ' (cancelled)' : ''}`);
      return s;
    } finally {
      progress.done();
      if (scanSource === source) scanning = false;
      changedFindings();
    }
  }

  function actionOptions(): ActionOptions {
    return {
      resolve: !!caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit'),
      read: readFile,
      workspace: (a) => analyser.reader(a.fs, a.text),
      rejected: (n) => void connection.window.showWarningMessage(`Wattlint: ${n} fix${n === 1 ? ' was' : 'es were'} not applied: the fixed text would not pass the syntax check (run \`wattlint fix\` to see why).`),
    };
  }

  async function execute(command: string, args: unknown[], token: CancellationToken): Promise<unknown> {
    switch (command) {
      case Commands.scanWorkspace:
        return scan(token);
      case Commands.showRuleDocs: {
        const id = String(args[0] ?? '');
        if (!ruleById(id)) return false;
        const uri = docsTemplate.replace('{id}', encodeURIComponent(id)).replace('{file}', ruleDocPath(id));
        if (caps.window?.showDocument?.support) return (await connection.window.showDocument({ uri, external: false })).success;
        void connection.window.showInformationMessage(`Wattlint: ${id}: ${uri}`);
        return true;
      }
      case Commands.applyFix:
      case Commands.fixAll:
      case Commands.fixAllOfRule:
      case Commands.ignore: {
        const uri = String(typeof args[0] === 'object' && args[0] ? (args[0] as { uri?: string }).uri : args[0]);
        const a = await analyseOpen(uri);
        if (!a) return 0;
        let data: ActionData;
        if (command === Commands.fixAll) data = { kind: 'fixAll', uri: a.uri };
        else if (command === Commands.fixAllOfRule) data = { kind: 'fixAllOfRule', uri: a.uri, rule: String(args[1]) };
        else if (command === Commands.ignore) data = { kind: 'ignore', uri: a.uri, rule: String(args[1]), where: args[2] === 'file' ? 'file' : 'line', line: typeof args[3] === 'number' ? args[3] : undefined };
        else {
          const p = (args[0] ?? {}) as { rule?: string; index?: number };
          data = { kind: 'fix', uri: a.uri, rule: String(p.rule), index: Number(p.index), key: a.stamp };
        }
        const edit = resolveEdit(a, data, actionOptions());
        if (!edit) return 0;
        const r = await connection.workspace.applyEdit({ label: 'Wattlint', edit });
        return r.applied ? Object.values(edit.changes ?? {}).reduce((n, e) => n + e.length, 0) : 0;
      }
      default:
        throw new Error(`unknown command ${command}`);
    }
  }

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    caps = params.capabilities;
    init = (params.initializationOptions ?? {}) as InitializationOptions;
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    pull = !!caps.textDocument?.diagnostic;
    docsTemplate = init.ruleDocsUri ?? pathToFileURL(join(docsFolder(), '{file}')).href.replace('%7Bfile%7D', '{file}');
    lensCommand = (params.initializationOptions as { lensCommand?: string } | undefined)?.lensCommand ?? '';
    ready = initCore();
    await ready;
    const resolve = !!caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
    log(`Wattlint language server: ${folders.length} folder(s); diagnostics by ${pull ? 'pull' : 'push'}; code actions ${resolve ? 'resolved on demand' : 'with their edits'}`);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        // Every cell (Markdown too), so cell indices are the file's, as `Finding.cell` and the CLI count them.
        notebookDocumentSync: { notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' } }] },
        diagnosticProvider: { identifier: 'wattlint', interFileDependencies: true, workspaceDiagnostics: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, 'source.fixAll.wattlint'], resolveProvider: true },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: COMMAND_IDS },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'wattlint' },
    };
  });

  connection.onInitialized(async () => {
    if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: ['wattlint', 'files'] });
    if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/{wattlint.toml,pyproject.toml}' }, { globPattern: '**/*.{py,ipynb,yaml,yml,json,jsonc,toml,pbtxt,sh,bash}', kind: 2 | 4 }],
      });
    }
    if (caps.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        folders = [...folders.filter((f) => !e.removed.some((r) => r.uri === f.uri)), ...e.added];
        invalidateAll();
      });
    }
    const first = await editorFor(folders[0]);
    if (first.options.scanOnStartup && folders.length) void scan();
  });

  connection.onDidChangeConfiguration((p) => {
    pushedSettings = p.settings;
    invalidateAll();
  });

  connection.onDidChangeWatchedFiles((p) => {
    let config = false;
    for (const ch of p.changes) {
      const abs = absPath(ch.uri);
      if (abs && isConfigFile(abs)) config = true;
      else if (abs && ch.type === FileChangeType.Deleted && !documents.get(ch.uri)) {
        analyser.forget(ch.uri);
        push(undefined, ch.uri);
      } else if (abs) {
        // A referenced file changed on disk: open documents that read it are looked at again.
        for (const a of analyser.all()) if (a.reads.some((r) => join(a.fs.root, r) === abs)) analyser.forget(a.uri);
      }
    }
    if (config) invalidateAll();
    else void relintAll();
  });

  documents.onDidOpen((e) => {
    uriByPath = undefined;
    if (pull) {
      // Pulled diagnostics replace what a scan pushed for this file.
      if (pushed.has(e.document.uri)) push(undefined, e.document.uri);
    } else schedulePush(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => {
    if (!pull) schedulePush(e.document.uri);
    const abs = absPath(e.document.uri);
    if (abs && isConfigFile(abs)) configs.clear();
  });
  documents.onDidSave((e) => {
    const abs = absPath(e.document.uri);
    if (abs && isConfigFile(abs)) invalidateAll();
  });
  documents.onDidClose((e) => {
    uriByPath = undefined;
    void closedDoc(e.document.uri);
  });
  notebooks.onDidOpen((nb) => {
    openNotebooks.add(nb.uri);
    if (pull) {
      if (pushed.has(nb.uri)) push(undefined, nb.uri);
    } else schedulePush(nb.uri, 0);
  });
  notebooks.onDidChange((e) => {
    if (!pull) schedulePush(e.notebookDocument.uri);
  });
  notebooks.onDidClose((nb) => {
    openNotebooks.delete(nb.uri);
    void closedDoc(nb.uri);
  });

  connection.languages.diagnostics.on(async (params, token) => {
    const uri = params.textDocument.uri;
    if (token.isCancellationRequested) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const a = await analyseOpen(uri);
    const items = a ? (diagnosticsOf(a, docsTemplate).get(uri) ?? []) : [];
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  connection.onCodeAction(async (params) => {
    const a = await analyseOpen(params.textDocument.uri);
    if (!a) return [];
    return codeActions(a, params.textDocument.uri, params.context.diagnostics, params.context.only, actionOptions());
  });

  connection.onCodeActionResolve(async (ca: CodeAction) => {
    const data = ca.data as ActionData | undefined;
    if (!data || ca.edit) return ca;
    const a = await analyseOpen(data.uri);
    const edit = a && resolveEdit(a, data, actionOptions());
    if (edit) ca.edit = edit;
    return ca;
  });

  connection.onHover(async (params) => {
    const a = await analyseOpen(params.textDocument.uri);
    return a ? (hover(a, params.textDocument.uri, params.position, docsTemplate) ?? null) : null;
  });

  connection.onCodeLens(async (params) => {
    const a = await analyseOpen(params.textDocument.uri);
    if (!a || !a.fs.options.codeLens) return [];
    return codeLenses(a, params.textDocument.uri, () => lensCommand);
  });

  connection.onExecuteCommand((params, token) => execute(params.command, params.arguments ?? [], token));

  connection.onRequest(FindingsRequest, () => findingItems(analyser.all()));
  async function reportInput(folderUri: string | undefined, jobId?: string): Promise<ReportInput> {
    await ready;
    const folder = (folderUri && folders.find((f) => f.uri === folderUri)) || folders[0];
    const abs = folder ? absPath(folder.uri) : undefined;
    const editor = await editorFor(folder);
    const fs = abs ? configs.resolve(join(abs, '.wattlint-report'), abs, editor) : undefined;
    return { analyser, folder: abs, fs, jobId, scanning, read: readFile, skipped: folder ? skippedByFolder.get(folder.uri) : undefined, errors: folder ? errorsByFolder.get(folder.uri) : undefined };
  }
  connection.onRequest(ReportRequest, async (params: ReportParams) => workspaceReport(await reportInput(params?.folder, params?.jobId)));
  connection.onRequest(ExportRequest, async (params: ExportParams) => {
    const r = mergedReport(await reportInput(params?.folder));
    return params.format === 'sarif' ? formatSarif(r, { version: packageVersion() }) : params.format === 'markdown' ? formatMarkdown(r) : formatJson(r);
  });
  connection.onRequest(SettingsProblemsRequest, async () => {
    const out = new Set<string>();
    for (const f of folders.length ? folders : [undefined]) {
      const editor = await editorFor(f);
      const abs = f ? absPath(f.uri) : undefined;
      for (const p of abs ? configs.resolve(join(abs, '.wattlint-settings'), abs, editor).problems : editor.problems) out.add(p);
    }
    return [...out];
  });
  connection.onRequest(NamesRequest, () => hardwareAndRegions());

  documents.listen(connection);
  notebooks.listen(connection);
  const closed = new Promise<void>((resolve) => {
    connection.onExit(() => {
      analyser.dispose();
      resolve();
    });
  });
  connection.listen();
  return { connection, closed };
}

/** stdio unless the command line names another transport (`--node-ipc`, `--socket=N`, `--pipe=NAME`). */
function defaultConnection(): Connection {
  const named = process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='));
  if (!named) process.argv.push('--stdio');
  return createConnection();
}
