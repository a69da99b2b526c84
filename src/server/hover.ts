// Hovers and CodeLens with the engine's estimate. A finding's hover leads with what its fix saves (the diagnostic's
// message is already on screen, so it is not repeated), then the fix, the job's estimate and the assumptions in a
// sentence or two; a suppression comment's hover shows the documentation of the rules it names. A CodeLens sits
// above a job only when the engine has figures for it. Every number and sentence is the core's report formatting.
import type { CodeLens, Hover, MarkupContent, Position, Range } from 'vscode-languageserver';
import type { JobEstimate } from '../core/engine';
import { assumptionSentences, estimateHeadline, estimateText, savingLines } from '../core/report/format';
import { ruleDocMarkdown } from '../core/report/rule-docs';
import { ruleById } from '../core/rules';
import { LineIndex } from '../core/text/lines';
import type { Finding, JobFacts } from '../core/types';
import type { Analysed } from './analyse';
import { docUri, findingPlace, ruleDocHref, spanRange, toRange } from './convert';

function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

function union(a: Range, b: Range): Range {
  const min = (x: Position, y: Position) => (x.line < y.line || (x.line === y.line && x.character <= y.character) ? x : y);
  const max = (x: Position, y: Position) => (min(x, y) === x ? y : x);
  return { start: min(a.start, b.start), end: max(a.end, b.end) };
}

function md(value: string): MarkupContent {
  return { kind: 'markdown', value };
}

/**
 * A finding's hover: what the fix saves (the engine's words), the fix, the basis and conditions, the job's estimate as
 * written, and the assumptions in one paragraph of sentences. The diagnostic's own message is already on screen.
 */
export function findingHover(a: Analysed, f: Finding, docsTemplate: string): string {
  const est = f.jobId ? a.analysis?.estimates[f.jobId] : undefined;
  const out: string[] = [];
  const saving = f.saving ? savingLines(f.saving).map((l) => l.replace(/^- /, '')) : [];
  if (saving.length) out.push(`**${saving[0]}**`);
  if (f.fix && f.fix.edits.length) out.push(`Fix (${f.fix.safety}): ${f.fix.title}.${f.fix.safety === 'safe' ? '' : ' Review the change before keeping it.'}`);
  if (saving.length > 1) out.push(saving.slice(1).map((l) => `- ${l}`).join('\n'));
  if (est && estimateHeadline(est) !== 'no estimate') out.push(`The job (${est.phase}) as written: ${estimateText(est)}.`);
  if (est) {
    const sentences = assumptionSentences(est).filter((x) => !x.startsWith('Source —'));
    if (sentences.length) out.push(`_${sentences.join(' ')}_`);
  }
  out.push(`[${f.rule}](${ruleDocHref(docsTemplate, f.rule)})`);
  return out.join('\n\n');
}

export function hover(a: Analysed, uri: string, pos: Position, docsTemplate: string): Hover | undefined {
  const parts: string[] = [];
  let range: Range | undefined;
  for (const f of a.analysis?.findings ?? []) {
    if (!f.range) continue;
    const p = findingPlace(a, f);
    if (p.uri !== uri || p.note || !contains(p.range, pos)) continue;
    range = range ? union(range, p.range) : p.range;
    parts.push(findingHover(a, f, docsTemplate));
  }
  if (range) return { contents: md(parts.join('\n\n---\n\n')), range };
  return directiveHover(a, uri, pos);
}

/** A `wattlint: ignore[...]` comment: the documentation of the rules it silences. */
function directiveHover(a: Analysed, uri: string, pos: Position): Hover | undefined {
  if (a.cells || uri !== a.uri) return undefined; // notebook directives are in the joined cells' coordinates
  const li = new LineIndex(a.text);
  for (const d of a.analysis?.directives ?? []) {
    const r = toRange(li.range(d.span));
    if (!contains(r, pos)) continue;
    const ids = d.rules.length ? d.rules : ['(every rule)'];
    const out = [`**Wattlint ${d.kind}** for ${ids.map((i) => `\`${i}\``).join(', ')}${d.reason ? ` — ${d.reason}` : ''}`];
    for (const id of d.rules) {
      const rule = ruleById(id);
      out.push(rule ? ruleDocMarkdown(rule) : `_Unknown rule id \`${id}\`: it silences nothing._`);
    }
    return { contents: md(out.join('\n\n---\n\n')), range: r };
  }
  return undefined;
}

/** The lens over a job the engine has figures for (its totals, or its rate when a total cannot be known). */
export function lensTitle(e: JobEstimate): string | undefined {
  const head = estimateHeadline(e);
  if (head === 'no estimate') return undefined;
  return `Wattlint: ${head}${e.label ? ` — label ${e.label}` : ''}`;
}

/** CodeLenses of one document: one per job of the file that has an estimate, at the job's anchor. */
export function codeLenses(a: Analysed, uri: string, job: (j: JobFacts) => string | undefined = () => undefined): CodeLens[] {
  const out: CodeLens[] = [];
  for (const j of a.analysis?.jobs ?? []) {
    if (j.file !== a.fs.path) continue;
    const e = a.analysis?.estimates[j.id];
    const title = e && lensTitle(e);
    if (!title) continue;
    let range: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (j.anchor) {
      if (docUri(a, j.anchor.file, j.anchor.cell) !== uri) continue;
      range = spanRange(a, j.anchor.file, j.anchor.cell, j.anchor.span) ?? range;
    } else if (docUri(a, a.fs.path, undefined) !== uri) continue;
    const at = { start: range.start, end: range.start };
    out.push({ range: at, command: { title, command: job(j) ?? '', arguments: [j.id] } });
  }
  return out;
}
