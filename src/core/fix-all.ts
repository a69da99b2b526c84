// Fix-all, the one implementation behind `wattlint fix`, the editor's "Fix all" (Ctrl+., the command and
// `source.fixAll.wattlint` on save) and the language server: analyse → take the wanted fixes (safe, or safe and
// unsafe) → apply those that do not overlap (fixes that insert the same `import torch` share it) → check the
// result → analyse again, until no wanted fix is left (the fixed point), a text repeats, or MAX_PASSES.
//
// Nothing is applied that fails the pre-write check (check/syntax.ts, as strict as CPython for Python): when the
// fixes of a pass together fail it, each is tried alone and the ones that fail alone are rejected and reported
// with the check's message; a file that fails the check before fixing, or whose analysis is incomplete (it does
// not parse, a rule failed, the time budget ran out), is not fixed at all. A fix whose edits reach another file is
// left out (no rule makes one today; `fixFiles` would need to coordinate both files). Pure: text in, text out.
import { findNodeAtLocation, getNodeValue, parseTree } from 'jsonc-parser';
import { analyzeText, type FileAnalysis } from './analyze';
import { languageOf } from './parse/document';
import { checkFixedText, type LocatedProblem } from './check/syntax';
import { applyFixes } from './fix';
import type { AnalysisSettings, WorkspaceReader } from './settings';
import { nonOverlappingFixes } from './text/edits';
import type { Finding, Fix, FixSafety, ParseError, TextEdit } from './types';

export const MAX_PASSES = 10;

export interface FixAllOptions {
  settings: AnalysisSettings;
  /** Reads the files the analysed one references (as the scan does). */
  workspace?: WorkspaceReader;
  /** Apply `unsafe` fixes too (default: `safe` only). `manual` fixes are never applied. */
  unsafe?: boolean;
  /** Only the fixes of these rule ids. */
  rules?: readonly string[];
  maxPasses?: number;
  /** Per-analysis time budget (analyze.ts's default when absent). */
  timeBudgetMs?: number;
  /** Called after each pass that changed the text, with the fixes it applied (the round-trip test checks them). */
  onPass?: (path: string, before: string, after: string, fixes: readonly Fix[]) => void;
}

export interface FixEntry {
  rule: string;
  title: string;
  safety: FixSafety;
  /** 1-based line of the finding when the fix was chosen (in its cell for notebooks). */
  line?: number;
  cell?: number;
}

export interface RejectedFix extends FixEntry {
  /** Why it was not applied: the check's message with its position in the fixed text. */
  reason: string;
}

export interface FixReport {
  applied: FixEntry[];
  rejected: RejectedFix[];
  passes: number;
  /** No wanted fix is left (false: stopped at maxPasses or because the fixes kept undoing each other). */
  converged: boolean;
  /** The findings of the final text. */
  remaining: Finding[];
  /** The findings of the text as given (before any fix). */
  initial: Finding[];
  /** Analysis errors of the final text (an incomplete analysis stops fixing). */
  errors: ParseError[];
}

export interface FixTextResult extends FixReport {
  /** The fixed text (the input when nothing applied). */
  text: string;
}

/** Whether a fix is one `fix` applies under these options. */
export function isWanted(f: Fix | undefined, opts: Pick<FixAllOptions, 'unsafe'>): f is Fix {
  return !!f && f.edits.length > 0 && (f.safety === 'safe' || (!!opts.unsafe && f.safety === 'unsafe'));
}

function fixKey(rule: string, f: Fix): string {
  return `${rule}\0${f.title}\0${f.edits.map((e) => e.newText).join('\0')}`;
}

function entry(finding: Finding): FixEntry {
  const e: FixEntry = { rule: finding.rule, title: finding.fix!.title, safety: finding.fix!.safety };
  if (finding.range) e.line = finding.range.startLine;
  if (finding.cell !== undefined) e.cell = finding.cell;
  return e;
}

function problemText(p: LocatedProblem): string {
  return `the fixed text would not pass the syntax check (${p.cell !== undefined ? `cell ${p.cell + 1}, ` : ''}line ${p.line}, column ${p.column}: ${p.message})`;
}

/** Fixes one file to its fixed point. */
export function fixText(path: string, text: string, opts: FixAllOptions): FixTextResult {
  const maxPasses = opts.maxPasses ?? MAX_PASSES;
  const report: FixTextResult = { text, applied: [], rejected: [], passes: 0, converged: false, remaining: [], initial: [], errors: [] };
  const rejectedKeys = new Set<string>();
  const seen = new Set<string>([text]);
  let cur = text;
  // one reader for every pass (readers key caches, such as parsed modules); it sees this file's current text
  const ws = opts.workspace;
  const workspace: WorkspaceReader | undefined = ws && {
    read: (p) => (p === path ? cur : ws.read(p)),
    list: ws.list ? () => ws.list!() : undefined,
    whyNot: ws.whyNot ? (p) => ws.whyNot!(p) : undefined,
  };
  const analyse = (t: string): FileAnalysis => analyzeText(path, t, { settings: opts.settings, workspace, estimates: false, timeBudgetMs: opts.timeBudgetMs });
  const wantedOf = (a: FileAnalysis) =>
    a.findings.filter(
      (f) =>
        isWanted(f.fix, opts) &&
        (!opts.rules || opts.rules.includes(f.rule)) &&
        f.fix.edits.every((e) => e.file === path) &&
        !rejectedKeys.has(fixKey(f.rule, f.fix)),
    );

  const before = checkFixedText(path, text, text);
  for (;;) {
    const a = analyse(cur);
    if (cur === text) report.initial = a.findings;
    report.remaining = a.findings;
    report.errors = a.errors;
    if (a.incomplete) break;
    const wanted = wantedOf(a);
    if (wanted.length === 0) {
      report.converged = true;
      break;
    }
    if (before) {
      for (const f of wanted) report.rejected.push({ ...entry(f), reason: `the file does not pass the syntax check before fixing (line ${before.line}: ${before.message}); it is left as it is` });
      report.converged = true;
      break;
    }
    if (report.passes >= maxPasses) break;
    const chosen = nonOverlappingFixes(wanted.map((f) => ({ finding: f, edits: f.fix!.edits, fix: f.fix! })));
    let next = applyFixes(path, cur, chosen.map((c) => c.fix)).text;
    let accepted = chosen;
    const problem = next !== cur ? checkFixedText(path, cur, next) : undefined;
    if (problem) {
      // find the fixes that fail on their own; apply the others (together if they pass together, else the first)
      accepted = [];
      for (const c of chosen) {
        const alone = applyFixes(path, cur, [c.fix]).text;
        const p = alone === cur ? { line: 1, column: 1, message: 'the fix changes nothing' } : checkFixedText(path, cur, alone);
        if (p) {
          rejectedKeys.add(fixKey(c.finding.rule, c.fix));
          report.rejected.push({ ...entry(c.finding), reason: problemText(p) });
        } else accepted.push(c);
      }
      next = applyFixes(path, cur, accepted.map((c) => c.fix)).text;
      if (accepted.length > 1 && checkFixedText(path, cur, next)) {
        accepted = accepted.slice(0, 1);
        next = applyFixes(path, cur, accepted.map((c) => c.fix)).text;
      }
    }
    if (accepted.length === 0) continue; // all rejected: analyse again without them (same text: no new findings)
    if (next === cur) {
      for (const c of accepted) rejectedKeys.add(fixKey(c.finding.rule, c.fix));
      continue;
    }
    if (seen.has(next)) break; // the fixes undo each other: not converging
    seen.add(next);
    opts.onPass?.(path, cur, next, accepted.map((c) => c.fix));
    report.applied.push(...accepted.map((c) => entry(c.finding)));
    report.passes++;
    cur = next;
  }
  report.text = cur;
  return report;
}

/** Fixes several files, each to its fixed point; a file's references see the fixed texts of the files before it. */
export function fixFiles(files: readonly { path: string; text: string }[], opts: FixAllOptions): Map<string, FixTextResult> {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const workspace: WorkspaceReader = {
    read: (p) => texts.get(p) ?? opts.workspace?.read(p),
    list: () => [...new Set([...texts.keys(), ...(opts.workspace?.list?.() ?? [])])],
    whyNot: (p) => opts.workspace?.whyNot?.(p),
  };
  const out = new Map<string, FixTextResult>();
  for (const f of files) {
    const r = fixText(f.path, f.text, { ...opts, workspace });
    texts.set(f.path, r.text);
    out.set(f.path, r);
  }
  return out;
}

/**
 * The edits that turn `before` into `after` (a fixed text), for an editor that applies edits rather than whole
 * texts: one edit over the changed middle of a plain file; for a notebook, one edit per changed code cell, on the
 * cell's source (`cell` set), as the editor holds cells as documents of their own.
 */
export function fixEdits(path: string, before: string, after: string): TextEdit[] {
  if (before === after) return [];
  if (languageOf(path) === 'notebook') {
    const was = cellSources(before);
    const now = cellSources(after);
    if (was && now && was.length === now.length) {
      const out: TextEdit[] = [];
      now.forEach((src, cell) => {
        if (src !== was[cell]) out.push({ ...diffEdit(path, was[cell], src), cell });
      });
      return out;
    }
  }
  return [diffEdit(path, before, after)];
}

/** Each cell's source (as one string) of a notebook text, by cell index. */
function cellSources(text: string): string[] | undefined {
  const root = parseTree(text);
  const cells = root && findNodeAtLocation(root, ['cells']);
  if (!cells || cells.type !== 'array') return undefined;
  return (cells.children ?? []).map((c) => {
    const v: unknown = getNodeValue(findNodeAtLocation(c, ['source']) ?? c);
    return Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : '';
  });
}

function diffEdit(file: string, a: string, b: string): TextEdit {
  let head = 0;
  const max = Math.min(a.length, b.length);
  while (head < max && a.charCodeAt(head) === b.charCodeAt(head)) head++;
  // never split a surrogate pair
  if (head > 0 && head < a.length && a.charCodeAt(head - 1) >= 0xd800 && a.charCodeAt(head - 1) <= 0xdbff) head--;
  let tail = 0;
  while (tail < max - head && a.charCodeAt(a.length - 1 - tail) === b.charCodeAt(b.length - 1 - tail)) tail++;
  if (tail > 0 && a.charCodeAt(a.length - tail) >= 0xdc00 && a.charCodeAt(a.length - tail) <= 0xdfff) tail--;
  return { file, span: { start: head, end: a.length - tail }, newText: b.slice(head, b.length - tail) };
}
