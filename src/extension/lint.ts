// Runs the core on documents: open text documents and notebooks (debounced on change), and files read from
// the workspace (the scan). Every analysis goes through the core's scanWorkspace, the same path as the CLI,
// so the editor's numbers are the CLI's. The keystroke path only (re)starts a timer.
import * as vscode from 'vscode';
import { languageOf } from '../core/parse/document';
import type { AnalysisSettings, WorkspaceReader } from '../core/settings';
import { analyseFile, notebookJson, type FileResult } from './analyse';
import { fsWorkspace, memoryWorkspace } from '../node/workspace';
import type { DiagnosticsPublisher } from './diagnostics';
import { locate, type Located } from './paths';
import type { SettingsCache } from './settings';
import type { FindingStore, LintResult } from './store';

export const NOTEBOOK_TYPE = 'jupyter-notebook';

/** The nbformat JSON of an open notebook's current cells (indices match `Finding.cell`). */
export function notebookText(nb: vscode.NotebookDocument): string {
  return notebookJson(nb.getCells().map((c) => ({ kind: c.kind === vscode.NotebookCellKind.Code ? 'code' : 'markdown', source: c.document.getText() })));
}

/** Whether the core can read this document at all (by file name; untitled buffers by language). */
export function isLintable(doc: vscode.TextDocument): boolean {
  // User files only: not the editor's own documents (settings, output, git views).
  const schemes = new Set(['file', 'untitled', 'vscode-vfs', ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme)]);
  if (!schemes.has(doc.uri.scheme)) return false;
  return languageOf(locate(doc.uri, doc.languageId).path) !== undefined && !doc.uri.path.endsWith('.ipynb');
}

export class Linter implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Texts read by the last workspace scan (the reader for virtual workspaces, and the file list). */
  private scanned = new Map<string, Map<string, string>>();
  /** Last analysis time in ms (for the bench and the output channel). */
  lastMs = 0;

  constructor(
    private readonly store: FindingStore,
    private readonly diagnostics: DiagnosticsPublisher,
    private readonly settings: SettingsCache,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Reads other workspace files: open documents first, then the disk (file scheme) or the last scan's texts.
   * Lazy: a lint copies only the documents the analysis asks for (a referenced config), not every open editor.
   */
  reader(where: Located, uri: vscode.Uri): WorkspaceReader {
    const folder = where.folder?.uri.toString();
    const openDocs = () =>
      vscode.workspace.textDocuments.filter((d) => d.uri.scheme !== 'vscode-notebook-cell' && locate(d.uri).folder?.uri.toString() === folder);
    const key = folder ?? '';
    const scanned = this.scanned.get(key);
    let fallback: WorkspaceReader | undefined;
    if (where.folder?.uri.scheme === 'file') fallback = fsWorkspace(where.folder.uri.fsPath, scanned ? [...scanned.keys()] : undefined);
    else if (scanned) fallback = memoryWorkspace(Object.fromEntries(scanned));
    else if (!where.folder && uri.scheme === 'file') fallback = fsWorkspace(vscode.Uri.joinPath(uri, '..').fsPath);
    return {
      read: (p) => openDocs().find((d) => locate(d.uri).path === p)?.getText() ?? fallback?.read(p),
      whyNot: (p) => fallback?.whyNot?.(p),
      list: () => [...new Set([...openDocs().map((d) => locate(d.uri).path), ...(fallback?.list?.() ?? [])])],
    };
  }

  /** Analyses one file's text with the core, exactly as a CLI scan of that file would. */
  analyse(where: Located, text: string, settings: AnalysisSettings, workspace: WorkspaceReader): FileResult {
    const t0 = performance.now();
    const r = analyseFile(where.path, text, settings, workspace);
    this.lastMs = performance.now() - t0;
    return r;
  }

  private async run(uri: vscode.Uri, where: Located, text: string, version: number | undefined, notebook?: vscode.NotebookDocument): Promise<LintResult | undefined> {
    const s = await this.settings.get(where.folder);
    if (!s.enabled) {
      this.forget(uri);
      return undefined;
    }
    const { analysis, report } = this.analyse(where, text, s.settings, this.reader(where, uri));
    if (!analysis) {
      this.forget(uri); // excluded or over the size limit: the report says so, the editor shows nothing
      return undefined;
    }
    for (const e of analysis.errors) if (e.message.startsWith('internal error')) this.log(`${where.path}: ${e.message}`);
    const result: LintResult = { uri, where, analysis, report, text, version, notebook, settings: s.settings };
    this.store.set(result);
    this.diagnostics.publish(result);
    return result;
  }

  forget(uri: vscode.Uri): void {
    this.store.delete(uri);
    this.diagnostics.clear(uri);
  }

  /** Lints an open text document now. */
  async lintDocument(doc: vscode.TextDocument): Promise<LintResult | undefined> {
    if (doc.uri.scheme === 'vscode-notebook-cell') {
      const nb = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === doc));
      return nb ? this.lintNotebook(nb) : undefined;
    }
    if (!isLintable(doc)) return undefined;
    const result = await this.run(doc.uri, locate(doc.uri, doc.languageId), doc.getText(), doc.version);
    if (result) await this.relintDependents(result);
    return result;
  }

  async lintNotebook(nb: vscode.NotebookDocument): Promise<LintResult | undefined> {
    if (nb.notebookType !== NOTEBOOK_TYPE && !nb.uri.path.endsWith('.ipynb')) return undefined;
    const where = locate(nb.uri);
    if (!where.path.endsWith('.ipynb')) where.path += '.ipynb';
    return this.run(nb.uri, where, await this.notebookSource(nb), nb.version, nb);
  }

  /**
   * The text the core reads for an open notebook: the file itself when it is saved (so every figure, job lines
   * included, is the CLI's), else the nbformat JSON of the current cells (cell indices are the same).
   */
  private async notebookSource(nb: vscode.NotebookDocument): Promise<string> {
    if (!nb.isDirty && !nb.isUntitled) {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(nb.uri));
      } catch {
        // fall through to the cells
      }
    }
    return notebookText(nb);
  }

  /** A config changed: re-lint open documents whose jobs read facts from it. */
  private async relintDependents(changed: LintResult): Promise<void> {
    for (const r of this.store.all()) {
      if (r === changed || r.version === undefined || r.where.folder !== changed.where.folder) continue;
      if (!r.analysis.jobs.some((j) => j.references.includes(changed.where.path))) continue;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === r.uri.toString());
      if (doc) await this.run(doc.uri, r.where, doc.getText(), doc.version);
    }
  }

  /** Debounced lint after an edit: the keystroke only restarts a timer. */
  schedule(doc: vscode.TextDocument, delayMs: number): void {
    const key = doc.uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.lintDocument(doc);
      }, delayMs),
    );
  }

  /** Analyses a file read from the workspace (the scan). Open documents are left to their own lint. */
  lintFile(uri: vscode.Uri, where: Located, text: string, settings: AnalysisSettings, workspace: WorkspaceReader): LintResult | undefined {
    const { analysis, report } = this.analyse(where, text, settings, workspace);
    if (!analysis) return undefined;
    const result: LintResult = { uri, where, analysis, report, text, settings };
    this.store.set(result, true);
    this.diagnostics.publish(result);
    return result;
  }

  rememberScan(folder: vscode.WorkspaceFolder, texts: Map<string, string>): void {
    this.scanned.set(folder.uri.toString(), texts);
  }

  /** Ensures the stored result for an open document is current (code actions must never use stale offsets). */
  async current(doc: vscode.TextDocument): Promise<LintResult | undefined> {
    if (doc.uri.scheme === 'vscode-notebook-cell') {
      const nb = vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document === doc));
      if (!nb) return undefined;
      const r = this.store.get(nb.uri);
      const fresh = r && r.version === nb.version && (nb.isDirty ? r.text === notebookText(nb) : true);
      return fresh ? r : this.lintNotebook(nb);
    }
    const r = this.store.get(doc.uri);
    if (r && r.version === doc.version) return r;
    return this.lintDocument(doc);
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
  }
}
