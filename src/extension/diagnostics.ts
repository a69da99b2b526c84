// Publishes the core's findings as VS Code diagnostics: source 'wattlint', code = rule id linking to its
// packaged docs, related information, and one diagnostic per finding (on notebook cells when the notebook is
// open). Never analyses; reads LintResults only.
import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/types';
import { documentUri, refLocation, toRange } from './convert';
import { ruleDocUri } from './docs';
import type { LintResult } from './store';

export const SOURCE = 'wattlint';

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** A file-level finding is shown on the first line of the file (of its cell, or the first code cell). */
function firstLineRange(text: string): vscode.Range {
  const nl = text.search(/\r?\n/);
  return new vscode.Range(0, 0, 0, nl < 0 ? text.length : nl);
}

export function findingRange(result: LintResult, f: Finding): vscode.Range {
  if (f.range) return toRange(f.range);
  if (result.notebook) {
    const cell = result.notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code);
    return firstLineRange(cell?.document.getText() ?? '');
  }
  return firstLineRange(result.text);
}

/** The URI the finding's diagnostic is attached to. */
export function findingUri(result: LintResult, f: Finding): vscode.Uri {
  if (result.notebook && f.cell === undefined) {
    const cell = result.notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code);
    if (cell) return cell.document.uri;
  }
  return documentUri(result, f.file, f.cell);
}

export function toDiagnostic(result: LintResult, f: Finding): vscode.Diagnostic {
  let message = f.message;
  // A notebook that is not open has no cell documents: say which cell.
  if (f.cell !== undefined && !result.notebook) message = `cell ${f.cell + 1}, line ${f.range?.startLine ?? 1}: ${message}`;
  const range = f.cell !== undefined && !result.notebook ? new vscode.Range(0, 0, 0, 0) : findingRange(result, f);
  const d = new vscode.Diagnostic(range, message, severities[f.severity]);
  d.source = SOURCE;
  d.code = { value: f.rule, target: ruleDocUri(f.rule) };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(refLocation(result, r.ref), r.message));
  return d;
}

export class DiagnosticsPublisher implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(SOURCE);
  /** Document URIs each file's diagnostics went to (cells of a notebook), to clear them on the next publish. */
  private readonly targets = new Map<string, string[]>();

  publish(result: LintResult): void {
    this.clear(result.uri);
    const byUri = new Map<string, { uri: vscode.Uri; diags: vscode.Diagnostic[] }>();
    byUri.set(result.uri.toString(), { uri: result.uri, diags: [] });
    for (const f of result.analysis.findings) {
      const uri = f.cell !== undefined && !result.notebook ? result.uri : findingUri(result, f);
      let entry = byUri.get(uri.toString());
      if (!entry) byUri.set(uri.toString(), (entry = { uri, diags: [] }));
      entry.diags.push(toDiagnostic(result, f));
    }
    for (const { uri, diags } of byUri.values()) this.collection.set(uri, diags);
    this.targets.set(result.uri.toString(), [...byUri.values()].map((e) => e.uri.toString()));
  }

  clear(file: vscode.Uri): void {
    for (const u of this.targets.get(file.toString()) ?? []) this.collection.delete(vscode.Uri.parse(u));
    this.collection.delete(file);
    this.targets.delete(file.toString());
  }

  clearAll(): void {
    this.collection.clear();
    this.targets.clear();
  }

  dispose(): void {
    this.collection.dispose();
  }
}
