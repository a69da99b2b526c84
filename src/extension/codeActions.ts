// Code actions for Wattlint's diagnostics: the finding's own fix, fix all of a rule in the file (safe fixes),
// `source.fixAll.wattlint` (safe fixes only; usable in editor.codeActionsOnSave), ignore on this line / in this
// file (a suppression comment in the file's syntax), and show documentation. Unsafe fixes are offered one by one
// and never applied by a fix-all. Every fix-all is the core's fixText (fix-all.ts, as `wattlint fix` runs it):
// fixes that share an inserted import merge, it reaches the fixed point, and nothing that fails the pre-write
// syntax check is applied. Nothing is computed here but positions.
import * as vscode from 'vscode';
import { ruleById } from '../core/rules';
import { commentPrefix } from '../core/suppress';
import { fixEdits, fixText } from '../core/fix-all';
import { nonOverlappingFixes } from '../core/text/edits';
import type { Finding, Fix } from '../core/types';
import { addEdits, documentUri } from './convert';
import { findingRange, findingUri, SOURCE } from './diagnostics';
import type { Linter } from './lint';
import type { LintResult } from './store';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('wattlint');

function ruleOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== SOURCE) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : d.code !== undefined ? String(d.code) : undefined;
}

/** The findings a diagnostic stands for (matched by document, rule and range: diagnostics come back as copies). */
export function findingsFor(result: LintResult, uri: vscode.Uri, d: vscode.Diagnostic): Finding[] {
  const rule = ruleOf(d);
  return result.analysis.findings.filter(
    (f) => f.rule === rule && findingUri(result, f).toString() === uri.toString() && findingRange(result, f).isEqual(d.range),
  );
}

/** Safe fixes of the file's findings (optionally of one rule), without overlaps. */
export function safeFixes(result: LintResult, rule?: string): Fix[] {
  const fixes = result.analysis.findings
    .filter((f) => f.fix && f.fix.safety === 'safe' && f.fix.edits.length > 0 && (!rule || f.rule === rule))
    .map((f) => f.fix!);
  return nonOverlappingFixes(fixes);
}

/** The core's fix-all of this file (safe fixes; one rule's only when given) as a WorkspaceEdit, with what it rejected. */
export function fixAllEdit(linter: Linter, result: LintResult, rule?: string): { edit?: vscode.WorkspaceEdit; applied: number; rejected: number } {
  const r = fixText(result.where.path, result.text, {
    settings: result.settings,
    workspace: linter.reader(result.where, result.uri),
    rules: rule ? [rule] : undefined,
  });
  const edits = fixEdits(result.where.path, result.text, r.text);
  if (edits.length === 0) return { applied: 0, rejected: r.rejected.length };
  const we = new vscode.WorkspaceEdit();
  if (!addEdits(we, result, edits)) return { applied: 0, rejected: r.rejected.length };
  return { edit: we, applied: r.applied.length, rejected: r.rejected.length };
}

export function fixesEdit(result: LintResult, fixes: readonly Fix[]): vscode.WorkspaceEdit | undefined {
  const we = new vscode.WorkspaceEdit();
  for (const fix of fixes) if (!addEdits(we, result, fix.edits)) return undefined;
  return we.size ? we : undefined;
}

/** Where to insert a suppression comment, in the finding's document. */
function suppressionEdit(result: LintResult, f: Finding, kind: 'ignore' | 'file-ignore'): vscode.WorkspaceEdit | undefined {
  const lang = result.analysis.language;
  const prefix = lang && commentPrefix(lang);
  if (!prefix) return undefined;
  const uri = findingUri(result, f);
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!doc) return undefined;
  const we = new vscode.WorkspaceEdit();
  if (kind === 'ignore') {
    if (!f.range) return undefined;
    // A directive alone on the line above covers the next line; it never lands inside a string on the line.
    const line = doc.lineAt(f.range.startLine - 1);
    const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
    we.insert(uri, line.range.start, `${indent}${prefix} wattlint: ignore[${f.rule}]\n`);
  } else {
    const first = doc.lineCount > 0 ? doc.lineAt(0).text : '';
    const at = first.startsWith('#!') || first.startsWith('# -*-') ? new vscode.Position(1, 0) : new vscode.Position(0, 0);
    we.insert(uri, at, `${prefix} wattlint: file-ignore[${f.rule}]\n`);
  }
  return we;
}

export class WattlintCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(private readonly linter: Linter) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, ctx: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const result = await this.linter.current(doc);
    if (!result) return [];
    if (ctx.only) {
      // source.fixAll / source.fixAll.wattlint (e.g. editor.codeActionsOnSave): safe fixes only.
      if (ctx.only.contains(FIX_ALL_KIND)) return this.fixAll(result, FIX_ALL_KIND);
      if (!ctx.only.contains(vscode.CodeActionKind.QuickFix) && !vscode.CodeActionKind.QuickFix.contains(ctx.only)) return [];
    }
    const actions: vscode.CodeAction[] = [];
    const seenRules = new Set<string>();
    for (const d of ctx.diagnostics) {
      for (const f of findingsFor(result, doc.uri, d)) {
        actions.push(...this.forFinding(result, f, d, seenRules));
      }
    }
    // Ctrl+. also offers the file's fix-all when there is more than one safe fix.
    if (actions.length && safeFixes(result).length > 1) actions.push(...this.fixAll(result, vscode.CodeActionKind.QuickFix));
    return actions;
  }

  private fixAll(result: LintResult, kind: vscode.CodeActionKind): vscode.CodeAction[] {
    if (safeFixes(result).length === 0) return [];
    const { edit } = fixAllEdit(this.linter, result);
    if (!edit) return [];
    const a = new vscode.CodeAction('Fix all safe Wattlint problems in this file', kind);
    a.edit = edit;
    return [a];
  }

  private forFinding(result: LintResult, f: Finding, d: vscode.Diagnostic, seenRules: Set<string>): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    if (f.fix && f.fix.edits.length > 0) {
      const edit = fixesEdit(result, [f.fix]);
      if (edit) {
        const title = f.fix.safety === 'safe' ? f.fix.title : `${f.fix.title} (${f.fix.safety}: review the change)`;
        const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        a.edit = edit;
        a.diagnostics = [d];
        a.isPreferred = f.fix.safety === 'safe';
        out.push(a);
      }
    }
    if (seenRules.has(f.rule)) return out;
    seenRules.add(f.rule);
    const sameRule = safeFixes(result, f.rule);
    if (sameRule.length > 1) {
      const { edit } = fixAllEdit(this.linter, result, f.rule);
      if (edit) {
        const a = new vscode.CodeAction(`Fix all ${f.rule} problems in this file (safe fixes)`, vscode.CodeActionKind.QuickFix);
        a.edit = edit;
        out.push(a);
      }
    }
    const line = suppressionEdit(result, f, 'ignore');
    if (line) {
      const a = new vscode.CodeAction(`Ignore ${f.rule} on this line`, vscode.CodeActionKind.QuickFix);
      a.edit = line;
      a.diagnostics = [d];
      out.push(a);
    }
    const file = suppressionEdit(result, f, 'file-ignore');
    if (file) {
      const a = new vscode.CodeAction(`Ignore ${f.rule} in this file`, vscode.CodeActionKind.QuickFix);
      a.edit = file;
      out.push(a);
    }
    if (ruleById(f.rule)) {
      const a = new vscode.CodeAction(`Show documentation for ${f.rule}`, vscode.CodeActionKind.QuickFix);
      a.command = { command: 'wattlint.showRuleDocs', title: 'Show documentation', arguments: [f.rule] };
      out.push(a);
    }
    return out;
  }
}

/** Applies the safe fixes of the document's file (the command behind "Wattlint: Fix all safe problems"). */
export async function fixAllSafe(linter: Linter, doc: vscode.TextDocument): Promise<number> {
  const result = await linter.current(doc);
  if (!result) return 0;
  const { edit, applied, rejected } = fixAllEdit(linter, result);
  if (rejected) void vscode.window.showWarningMessage(`Wattlint: ${rejected} fix${rejected === 1 ? ' was' : 'es were'} not applied: the fixed text would not pass the syntax check (run \`wattlint fix\` to see why).`);
  if (!edit || !(await vscode.workspace.applyEdit(edit))) return 0;
  return applied;
}

export { documentUri };
