// Code actions for Wattlint's diagnostics: the finding's fix, fix all of this rule in the file (safe fixes), the
// file's safe fixes (`source.fixAll.wattlint`, usable on save), ignore on this line / in this file (a suppression
// comment in the file's syntax) and show the rule's documentation. Actions are listed cheaply and their edits built
// on codeAction/resolve (or at once for clients that cannot resolve). Unsafe fixes are offered one by one and never
// applied by a fix-all. Every fix-all is the core's fixText (src/core/fix-all.ts, what `wattlint fix` runs): fixes that
// share an inserted import merge, it reaches the fixed point, nothing that fails the pre-write check is applied.
// Every edit is the core's; this module only places it.
import { CodeAction, CodeActionKind, type Diagnostic, type Range, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { applyFixes } from '../core/fix';
import { fixEdits, fixText } from '../core/fix-all';
import type { WorkspaceReader } from '../core/settings';
import { ruleById } from '../core/rules';
import { commentPrefix } from '../core/suppress';
import { LineIndex } from '../core/text/lines';
import { nonOverlappingFixes } from '../core/text/edits';
import type { Finding, Fix } from '../core/types';
import type { Analysed } from './analyse';
import { docText, docUri, findingPlace, spanRange, SOURCE, toRange } from './convert';
import { Commands, type ActionData, type DiagnosticData } from './protocol';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.wattlint`;

/** Reads another workspace file (open editor first, then disk) by its root-relative path. */
export type ReadFile = (a: Analysed, file: string) => string | undefined;

/** The findings a diagnostic stands for: by its data when current, else by rule and range. */
export function findingsFor(a: Analysed, uri: string, d: Diagnostic): { finding: Finding; index: number }[] {
  const findings = a.analysis?.findings ?? [];
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (data && data.key === a.stamp && typeof data.index === 'number' && findings[data.index]?.rule === data.rule) {
    return [{ finding: findings[data.index], index: data.index }];
  }
  const rule = typeof d.code === 'string' ? d.code : undefined;
  if (d.source !== SOURCE || !rule) return [];
  const out: { finding: Finding; index: number }[] = [];
  findings.forEach((f, index) => {
    if (f.rule !== rule) return;
    const p = findingPlace(a, f);
    if (p.uri === uri && sameRange(p.range, d.range)) out.push({ finding: f, index });
  });
  return out;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Safe fixes of the file's findings (optionally of one rule), without overlaps. */
export function safeFixes(a: Analysed, rule?: string): Fix[] {
  const fixes = (a.analysis?.findings ?? []).filter((f) => f.fix && f.fix.safety === 'safe' && f.fix.edits.length > 0 && (!rule || f.rule === rule)).map((f) => f.fix!);
  return nonOverlappingFixes(fixes);
}

/** The core's edits as a WorkspaceEdit, or undefined when a place cannot be found. */
export function fixesEdit(a: Analysed, fixes: readonly Fix[], read: ReadFile): WorkspaceEdit | undefined {
  if (fixes.length === 0) return undefined;
  const changes: Record<string, LspTextEdit[]> = {};
  const add = (uri: string, e: LspTextEdit) => (changes[uri] ??= []).push(e);
  const edits = fixes.flatMap((f) => f.edits);
  if (!a.cells && edits.some((e) => e.file === a.fs.path && e.cell !== undefined)) {
    // A notebook open as its JSON text: the core writes the cells' new sources into the JSON; replace the text.
    const next = applyFixes(a.fs.path, a.text, fixes).text;
    add(a.uri, { range: toRange(new LineIndex(a.text).range({ start: 0, end: a.text.length })), newText: next });
  }
  for (const e of edits) {
    if (e.file === a.fs.path && e.cell !== undefined && !a.cells) continue;
    const range = e.file === a.fs.path && e.range ? toRange(e.range) : spanRange(a, e.file, e.cell, e.span, (p) => read(a, p));
    if (!range) return undefined;
    add(docUri(a, e.file, e.cell), { range, newText: e.newText });
  }
  return Object.keys(changes).length ? { changes } : undefined;
}

/** A suppression comment for a finding: on the line above it, or at the top of its document. */
export function suppressionEdit(a: Analysed, f: Finding, where: 'line' | 'file'): WorkspaceEdit | undefined {
  const lang = a.analysis?.language;
  const prefix = lang && commentPrefix(lang);
  if (!prefix) return undefined;
  if (f.cell !== undefined && !a.cells) return undefined; // a notebook's JSON text: edit the notebook in a notebook editor
  const cell = a.cells ? (f.cell ?? a.cells.findIndex((c) => c.kind === 'code')) : undefined;
  const text = docText(a, f.file, cell);
  if (text === undefined) return undefined;
  const lines = new LineIndex(text);
  const uri = docUri(a, f.file, cell);
  if (where === 'line') {
    if (!f.range) return undefined;
    // A directive alone on the line above covers the next line; it never lands inside a string on the line.
    const line = lines.lineText(f.range.startLine);
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    const at = { line: f.range.startLine - 1, character: 0 };
    return { changes: { [uri]: [{ range: { start: at, end: at }, newText: `${indent}${prefix} wattlint: ignore[${f.rule}]\n` }] } };
  }
  const first = text.split('\n', 1)[0];
  const line = first.startsWith('#!') || first.startsWith('# -*-') ? 1 : 0;
  const at = { line, character: 0 };
  return { changes: { [uri]: [{ range: { start: at, end: at }, newText: `${prefix} wattlint: file-ignore[${f.rule}]\n` }] } };
}

export interface ActionOptions {
  /** The client resolves code actions' edits lazily (codeAction/resolve with `edit`). */
  resolve: boolean;
  read: ReadFile;
  /** The reader a fix-all's re-analyses use (open documents, then the disk). */
  workspace: (a: Analysed) => WorkspaceReader;
  /** Told how many fixes a fix-all could not apply (they failed the pre-write check). */
  rejected?: (n: number) => void;
}

/** The core's fix-all of the file (safe fixes; one rule's only when given) as a WorkspaceEdit. */
export function fixAllEdit(a: Analysed, opts: Pick<ActionOptions, 'read' | 'workspace' | 'rejected'>, rule?: string): WorkspaceEdit | undefined {
  const r = fixText(a.fs.path, a.text, { settings: a.fs.settings, workspace: opts.workspace(a), rules: rule ? [rule] : undefined });
  if (r.rejected.length) opts.rejected?.(r.rejected.length);
  if (r.text === a.text) return undefined;
  if (!a.cells && a.analysis?.language === 'notebook') {
    // A notebook open as its JSON text: replace the text with the fixed notebook.
    return { changes: { [a.uri]: [{ range: toRange(new LineIndex(a.text).range({ start: 0, end: a.text.length })), newText: r.text }] } };
  }
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of fixEdits(a.fs.path, a.text, r.text)) {
    const range = spanRange(a, e.file, e.cell, e.span);
    if (!range) return undefined;
    (changes[docUri(a, e.file, e.cell)] ??= []).push({ range, newText: e.newText });
  }
  return Object.keys(changes).length ? { changes } : undefined;
}

function action(title: string, kind: string, data: ActionData, a: Analysed, opts: ActionOptions, diagnostics?: Diagnostic[], preferred?: boolean): CodeAction | undefined {
  const ca: CodeAction = { title, kind, data };
  if (diagnostics) ca.diagnostics = diagnostics;
  if (preferred !== undefined) ca.isPreferred = preferred;
  if (!opts.resolve) {
    const edit = resolveEdit(a, data, opts);
    if (!edit) return undefined;
    ca.edit = edit;
  }
  return ca;
}

/** The edit an action's data stands for, built from the current analysis. */
export function resolveEdit(a: Analysed, data: ActionData, opts: Pick<ActionOptions, 'read' | 'workspace' | 'rejected'>): WorkspaceEdit | undefined {
  const findings = a.analysis?.findings ?? [];
  switch (data.kind) {
    case 'fix': {
      const f = data.key === a.stamp ? findings[data.index] : undefined;
      return f?.fix && f.rule === data.rule ? fixesEdit(a, [f.fix], opts.read) : undefined;
    }
    case 'fixAll':
      return fixAllEdit(a, opts);
    case 'fixAllOfRule':
      return fixAllEdit(a, opts, data.rule);
    case 'ignore': {
      const f = findings.find((x) => x.rule === data.rule && (data.where === 'file' || x.range?.startLine === data.line)) ?? findings.find((x) => x.rule === data.rule);
      return f ? suppressionEdit(a, f, data.where) : undefined;
    }
  }
}

function fixAllAction(a: Analysed, kind: string, opts: ActionOptions): CodeAction[] {
  if (safeFixes(a).length === 0) return [];
  const ca = action('Fix all safe Wattlint problems in this file', kind, { kind: 'fixAll', uri: a.uri }, a, opts);
  return ca ? [ca] : [];
}

/** Whether a requested `only` kind asks for `kind` (an `only` of `source.fixAll` covers `source.fixAll.wattlint`). */
function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export function codeActions(a: Analysed, uri: string, diagnostics: readonly Diagnostic[], only: readonly string[] | undefined, opts: ActionOptions): CodeAction[] {
  if (only && wants(only, FIX_ALL_KIND) && !wants(only, CodeActionKind.QuickFix)) return fixAllAction(a, FIX_ALL_KIND, opts);
  if (!wants(only, CodeActionKind.QuickFix)) return [];
  const out: CodeAction[] = [];
  const seenRules = new Set<string>();
  const push = (ca: CodeAction | undefined) => ca && out.push(ca);
  for (const d of diagnostics) {
    for (const { finding: f, index } of findingsFor(a, uri, d)) {
      if (f.fix && f.fix.edits.length > 0) {
        const title = f.fix.safety === 'safe' ? f.fix.title : `${f.fix.title} (${f.fix.safety}: review the change)`;
        push(action(title, CodeActionKind.QuickFix, { kind: 'fix', uri: a.uri, rule: f.rule, index, key: a.stamp }, a, opts, [d], f.fix.safety === 'safe'));
      }
      if (seenRules.has(f.rule)) continue;
      seenRules.add(f.rule);
      if (safeFixes(a, f.rule).length > 1) push(action(`Fix all ${f.rule} problems in this file (safe fixes)`, CodeActionKind.QuickFix, { kind: 'fixAllOfRule', uri: a.uri, rule: f.rule }, a, opts));
      const prefix = a.analysis?.language && commentPrefix(a.analysis.language);
      if (prefix && (f.cell === undefined || a.cells)) {
        if (f.range) push(action(`Ignore ${f.rule} on this line`, CodeActionKind.QuickFix, { kind: 'ignore', uri: a.uri, rule: f.rule, where: 'line', line: f.range.startLine }, a, opts, [d]));
        push(action(`Ignore ${f.rule} in this file`, CodeActionKind.QuickFix, { kind: 'ignore', uri: a.uri, rule: f.rule, where: 'file' }, a, opts));
      }
      if (ruleById(f.rule)) out.push({ title: `Show documentation for ${f.rule}`, kind: CodeActionKind.QuickFix, command: { title: 'Show documentation', command: Commands.showRuleDocs, arguments: [f.rule] } });
    }
  }
  // Ctrl+. also offers the file's fix-all when there is more than one safe fix.
  if (out.length && safeFixes(a).length > 1) out.push(...fixAllAction(a, CodeActionKind.QuickFix, opts));
  return out;
}
