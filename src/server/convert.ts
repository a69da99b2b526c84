// The core's places (1-based lines and columns in UTF-16 units, notebook cells, workspace-relative paths) as LSP
// places (0-based positions, document URIs), and its findings as LSP diagnostics. No analysis here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver';
import { cellSource } from '../core/baseline';
import { LineIndex } from '../core/text/lines';
import type { Finding, Range as CoreRange, Severity, Span } from '../core/types';
import { notebookLine } from '../core/workspace-scan';
import type { Analysed } from './analyse';
import type { DiagnosticData } from './protocol';

export const SOURCE = 'wattlint';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toRange(r: CoreRange): Range {
  return Range.create(r.startLine - 1, r.startColumn - 1, r.endLine - 1, r.endColumn - 1);
}

export function firstLineRange(text: string): Range {
  const nl = text.search(/\r?\n/);
  return Range.create(0, 0, 0, nl < 0 ? text.length : nl);
}

/** The URI of a workspace-relative path seen from an analysed document. */
export function uriOfPath(a: Analysed, file: string): string {
  if (file === a.fs.path) return a.uri;
  return pathToFileURL(join(a.fs.root, file)).href;
}

/** The first code cell of an open notebook (file-level findings go there). */
function firstCodeCell(a: Analysed): number | undefined {
  const i = a.cells?.findIndex((c) => c.kind === 'code');
  return i === undefined || i < 0 ? undefined : i;
}

/** The document a place in the analysed file (optionally a cell) is in: the cell's URI for an open notebook. */
export function docUri(a: Analysed, file: string, cell: number | undefined): string {
  if (file === a.fs.path && a.cells) {
    const c = cell ?? firstCodeCell(a);
    if (c !== undefined && a.cells[c]) return a.cells[c].uri;
  }
  return uriOfPath(a, file);
}

/** Text of a place's document as the analysis saw it (a cell's source for notebooks), if known. */
export function docText(a: Analysed, file: string, cell: number | undefined, read?: (file: string) => string | undefined): string | undefined {
  const text = file === a.fs.path ? a.text : read?.(file);
  if (text === undefined) return undefined;
  return cell === undefined ? text : cellSource(text, cell);
}

export function spanRange(a: Analysed, file: string, cell: number | undefined, span: Span, read?: (file: string) => string | undefined): Range | undefined {
  const text = docText(a, file, cell, read);
  return text === undefined ? undefined : toRange(new LineIndex(text).range(span));
}

/** Where a finding's diagnostic goes: its URI and range. */
export function findingPlace(a: Analysed, f: Finding): { uri: string; range: Range; note?: string } {
  if (f.cell !== undefined && !a.cells) {
    // A notebook read as a file (closed, or opened as JSON text): the line of the .ipynb holding the cell's line.
    const line = notebookLine(a.text, f.cell, f.range?.startLine ?? 1);
    const lines = new LineIndex(a.text);
    const range = line !== undefined ? toRange(lines.range({ start: lines.lineStart(line), end: lines.lineEnd(line) })) : Range.create(0, 0, 0, 0);
    return { uri: a.uri, range, note: `cell ${f.cell + 1}, line ${f.range?.startLine ?? 1}: ` };
  }
  const uri = docUri(a, f.file, f.cell);
  if (f.range) return { uri, range: toRange(f.range) };
  const cell = a.cells ? (f.cell ?? firstCodeCell(a)) : undefined;
  return { uri, range: firstLineRange(docText(a, f.file, cell) ?? '') };
}

export function ruleDocHref(template: string, rule: string): string {
  return template.replace('{id}', encodeURIComponent(rule)).replace('{file}', `${rule.replace('/', '-')}.md`);
}

export function toDiagnostic(a: Analysed, f: Finding, index: number, docsTemplate: string): { uri: string; diagnostic: Diagnostic } {
  const place = findingPlace(a, f);
  const data: DiagnosticData = { rule: f.rule, index, key: a.stamp, ...(f.fix && f.fix.edits.length ? { fix: { safety: f.fix.safety, title: f.fix.title } } : {}) };
  const d: Diagnostic = {
    range: place.range,
    severity: severities[f.severity],
    source: SOURCE,
    code: f.rule,
    codeDescription: { href: ruleDocHref(docsTemplate, f.rule) },
    message: (place.note ?? '') + f.message,
    data,
  };
  if (f.related?.length) {
    d.relatedInformation = f.related.map((r) => ({
      location: { uri: docUri(a, r.ref.file, r.ref.cell), range: spanRange(a, r.ref.file, r.ref.cell, r.ref.span, (p) => readRelated(a, p)) ?? Range.create(0, 0, 0, 0) },
      message: r.message,
    }));
  }
  return { uri: place.uri, diagnostic: d };
}

/** Another file's text from disk (a related place in a referenced config). */
export function readRelated(a: Analysed, p: string): string | undefined {
  try {
    return readFileSync(join(a.fs.root, p), 'utf8');
  } catch {
    return undefined;
  }
}

/** Every diagnostic of an analysed file, by document URI (each cell of an open notebook gets its own list). */
export function diagnosticsOf(a: Analysed, docsTemplate: string): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  out.set(a.uri, []);
  for (const c of a.cells ?? []) if (c.kind === 'code') out.set(c.uri, []);
  a.analysis?.findings.forEach((f, i) => {
    const { uri, diagnostic } = toDiagnostic(a, f, i, docsTemplate);
    let list = out.get(uri);
    if (!list) out.set(uri, (list = []));
    list.push(diagnostic);
  });
  return out;
}
