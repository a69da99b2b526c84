// The background workspace scan: finds the files the core reads (respecting files.exclude through findFiles,
// plus the core's `exclude` globs and the usual dependency folders), reads them and lints each one, with
// progress and cancellation. Open documents are read from their editors.
import * as vscode from 'vscode';
import { isExcluded } from '../core/workspace-scan';
import type { Linter } from './lint';
import { locate } from './paths';
import type { SettingsCache } from './settings';
import type { FindingStore } from './store';

export const SCAN_GLOB = '**/*.{py,ipynb,yaml,yml,json,jsonc,toml,pbtxt,sh,bash,js,mjs,cjs,ts,mts,cts,tsx,jsx}';
/** Dependency and tool folders that never hold the user's jobs (the CLI skips the same kinds of folders). */
export const SKIP_DIRS = ['node_modules', '.git', '.venv', 'venv', '__pycache__', 'site-packages', '.tox', '.mypy_cache', '.ipynb_checkpoints', '.vscode-test'];

export interface ScanSummary {
  files: number;
  findings: number;
  cancelled: boolean;
  ms: number;
}

function skipped(path: string): boolean {
  return path.split('/').some((seg) => SKIP_DIRS.includes(seg));
}

export async function scanWorkspaceFolders(
  linter: Linter,
  store: FindingStore,
  settingsCache: SettingsCache,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<ScanSummary> {
  const t0 = Date.now();
  let files = 0;
  let findings = 0;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const s = await settingsCache.get(folder);
    if (!s.enabled) continue;
    // `undefined` exclude: findFiles applies files.exclude; it is applied here too, because the search service
    // may not have seen a change made a moment ago.
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, SCAN_GLOB), undefined, undefined, token);
    const filesExclude = Object.entries(vscode.workspace.getConfiguration('files', folder).get<Record<string, unknown>>('exclude') ?? {})
      .filter(([, on]) => on === true)
      .map(([glob]) => glob);
    const targets = uris
      .map((uri) => ({ uri, where: locate(uri) }))
      .filter((t) => !skipped(t.where.path) && !isExcluded(t.where.path, s.settings.exclude) && !isExcluded(t.where.path, filesExclude))
      .sort((a, b) => (a.where.path < b.where.path ? -1 : 1));
    const texts = new Map<string, string>();
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d.getText()]));
    for (const t of targets) {
      if (token.isCancellationRequested) break;
      try {
        const stat = await vscode.workspace.fs.stat(t.uri);
        if (stat.size > s.settings.maxFileBytes) continue;
        texts.set(t.where.path, open.get(t.uri.toString()) ?? new TextDecoder().decode(await vscode.workspace.fs.readFile(t.uri)));
      } catch {
        // vanished between listing and reading
      }
    }
    linter.rememberScan(folder, texts);
    const reader = { read: (p: string) => texts.get(p), list: () => [...texts.keys()] };
    const openNotebooks = new Set(vscode.workspace.notebookDocuments.map((n) => n.uri.toString()));
    const step = targets.length ? 100 / targets.length / (vscode.workspace.workspaceFolders?.length ?? 1) : 0;
    for (const t of targets) {
      if (token.isCancellationRequested) break;
      progress.report({ message: t.where.path, increment: step });
      const text = texts.get(t.where.path);
      const isOpen = open.has(t.uri.toString()) || openNotebooks.has(t.uri.toString());
      if (text === undefined || isOpen) continue; // open documents are linted from their editors
      const r = linter.lintFile(t.uri, t.where, text, s.settings, reader);
      files++;
      findings += r?.analysis.findings.length ?? 0;
      // Yield after every file: analysis is synchronous, and the extension host must stay responsive.
      await new Promise((ok) => setImmediate(ok));
    }
    if (!token.isCancellationRequested) {
      // Files no longer in scope (deleted, newly excluded) lose their old results.
      const inScope = new Set(targets.map((t) => t.uri.toString()));
      for (const r of store.all()) {
        if (r.where.folder?.uri.toString() === folder.uri.toString() && r.version === undefined && !inScope.has(r.uri.toString())) linter.forget(r.uri);
      }
    }
  }
  store.flush();
  return { files, findings, cancelled: token.isCancellationRequested, ms: Date.now() - t0 };
}
