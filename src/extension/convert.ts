// Converts the core's positions (1-based lines/columns, UTF-16 offsets; cells for notebooks) into VS Code
// ranges and URIs, and finds the document a finding or edit lives in. No analysis here.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { cellSource } from '../core/baseline';
import type { Range as CoreRange, SourceRef, Span, TextEdit } from '../core/types';
import { LineIndex } from '../core/text/lines';
import { uriOf } from './paths';
import type { LintResult } from './store';

export function toRange(r: CoreRange): vscode.Range {
  return new vscode.Range(r.startLine - 1, r.startColumn - 1, r.endLine - 1, r.endColumn - 1);
}

/** The document URI a place in `result`'s file maps to: the notebook cell's document when the notebook is open. */
export function documentUri(result: LintResult, file: string, cell: number | undefined): vscode.Uri {
  if (file === result.where.path && cell !== undefined && result.notebook && cell < result.notebook.cellCount) {
    return result.notebook.cellAt(cell).document.uri;
  }
  return uriOf(file, { ...result.where, uri: result.uri });
}

/** Text of another workspace file, from an open editor or from disk (file scheme only). */
export function textOf(uri: vscode.Uri): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  if (uri.scheme !== 'file') return undefined;
  try {
    return readFileSync(uri.fsPath, 'utf8');
  } catch {
    return undefined;
  }
}

/** The range of a span in `file` (cell text for notebooks), reading the file when it is not the analysed one. */
export function spanRange(result: LintResult, file: string, cell: number | undefined, span: Span): vscode.Range | undefined {
  let text: string | undefined = file === result.where.path ? result.text : textOf(uriOf(file, { ...result.where, uri: result.uri }));
  if (text === undefined) return undefined;
  if (cell !== undefined) text = cellSource(text, cell);
  if (text === undefined) return undefined;
  return toRange(new LineIndex(text).range(span));
}

export function refLocation(result: LintResult, ref: SourceRef): vscode.Location {
  const uri = documentUri(result, ref.file, ref.cell);
  return new vscode.Location(uri, spanRange(result, ref.file, ref.cell, ref.span) ?? new vscode.Range(0, 0, 0, 0));
}

/** Adds the core's edits to a WorkspaceEdit. Returns false when an edit's place cannot be found. */
export function addEdits(we: vscode.WorkspaceEdit, result: LintResult, edits: readonly TextEdit[]): boolean {
  for (const e of edits) {
    const range = e.file === result.where.path && e.range ? toRange(e.range) : spanRange(result, e.file, e.cell, e.span);
    if (!range) return false;
    if (e.cell !== undefined && !result.notebook) return false; // a closed notebook: edit through its editor only
    we.replace(documentUri(result, e.file, e.cell), range, e.newText);
  }
  return true;
}
