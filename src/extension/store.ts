// The latest analysis of every file the extension has looked at (open documents and the workspace scan).
// Every view (diagnostics, tree, status bar, report, hovers, CodeLens, code actions) reads from here; only
// lint.ts writes. Holds results, computes nothing.
import * as vscode from 'vscode';
import type { FileAnalysis } from '../core/analyze';
import type { AnalysisSettings } from '../core/settings';
import { mergeReports, emptyReport, type ScanReport } from '../core/report/model';
import type { Located } from './paths';

export interface LintResult {
  /** The file (for a notebook, the .ipynb file). */
  uri: vscode.Uri;
  where: Located;
  analysis: FileAnalysis;
  /** This file's share of the workspace report, built by the core exactly as the CLI builds it. */
  report: ScanReport;
  /** The text that was analysed (a notebook's JSON for notebooks). */
  text: string;
  /** Version of the open document or notebook analysed; undefined when read from disk. */
  version?: number;
  notebook?: vscode.NotebookDocument;
  /** The settings the analysis ran with. */
  settings: AnalysisSettings;
}

export class FindingStore implements vscode.Disposable {
  private readonly results = new Map<string, LintResult>();
  private readonly changed = new vscode.EventEmitter<LintResult | undefined>();
  /** Fires with the result that changed (undefined: many changed). */
  readonly onDidChange = this.changed.event;

  get(uri: vscode.Uri): LintResult | undefined {
    return this.results.get(uri.toString());
  }

  set(r: LintResult, quiet = false): void {
    this.results.set(r.uri.toString(), r);
    if (!quiet) this.changed.fire(r);
  }

  delete(uri: vscode.Uri): void {
    if (this.results.delete(uri.toString())) this.changed.fire(undefined);
  }

  clear(): void {
    this.results.clear();
    this.changed.fire(undefined);
  }

  /** Tells listeners that a batch of quiet updates happened. */
  flush(): void {
    this.changed.fire(undefined);
  }

  all(): LintResult[] {
    return [...this.results.values()].sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
  }

  /** The workspace report: the per-file reports of workspace files merged in path order, as the CLI's scan merges them. */
  workspaceReport(): ScanReport {
    const out = emptyReport();
    const sorted = this.all()
      .filter((r) => r.where.folder).sort((a, b) => (a.where.path < b.where.path ? -1 : a.where.path > b.where.path ? 1 : 0));
    for (const r of sorted) mergeReports(out, structuredCloneReport(r.report));
    return out;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A shallow copy whose arrays can be appended to without touching the stored report. */
function structuredCloneReport(r: ScanReport): ScanReport {
  return { findings: [...r.findings], jobs: [...r.jobs], errors: [...r.errors], skipped: [...r.skipped], stats: { ...r.stats } };
}
