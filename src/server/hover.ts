// Hovers and CodeLens with the engine's estimate. A finding's hover leads with what its fix saves (the diagnostic's
// message is already on screen, so it is not repeated), then the fix, the job's estimate and the assumptions in a
// sentence or two; a suppression comment's hover shows the documentation of the rules it names. A CodeLens sits
// above a job only when the engine has figures for it. Numbers are formatted by the core's report formatters.
import type { CodeLens, Hover, MarkupContent, Position, Range } from 'vscode-languageserver';
import type { JobEstimate } from '../core/engine';
import { estimateText, num, percent, range3, savingCosts, savingMagnitude } from '../core/report/format';
import { ruleDocMarkdown } from '../core/report/rule-docs';
import { ruleById } from '../core/rules';
import { LineIndex } from '../core/text/lines';
import type { Finding, JobFacts, Range3, Saving } from '../core/types';
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

function period(e: JobEstimate | undefined): string {
  return e?.phase === 'training' ? 'per run' : 'per day';
}

/** "The fix saves ~40–55% energy: ≈ 120 kWh (90–150) per run, ≈ 45 kg CO2e, ≈ $310." */
export function savingHeadline(s: Saving, e: JobEstimate | undefined): string {
  const costs = savingCosts(s);
  const mag = (r: Range3): Range3 => savingMagnitude(s, r);
  const parts: string[] = [];
  if (s.energyKWh) parts.push(`≈ ${range3(mag(s.energyKWh), 'kWh')} ${period(e)}`);
  if (s.co2Kg) parts.push(`≈ ${range3(mag(s.co2Kg), 'kg CO2e')}`);
  if (s.costUSD) parts.push(`≈ $${num(mag(s.costUSD).mid)}`);
  const head = `**The fix ${costs ? 'costs' : 'saves'} ~${percent(mag(s.energyFraction))} ${costs ? 'more ' : ''}energy**`;
  return parts.length ? `${head}: ${parts.join(', ')}${costs ? ' more' : ''}.` : `${head}.`;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const numv = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function params(n: number): string {
  return n >= 1e9 ? `${num(n / 1e9)}B` : n >= 1e6 ? `${num(n / 1e6)}M` : num(n);
}

/** The engine's main assumptions in a sentence or two (hardware, model size, work, efficiency, facility, grid). */
export function assumptionSentences(e: JobEstimate): string[] {
  const a = e.assumptions ?? {};
  const out: string[] = [];
  const hw = str(a.hardware);
  const devices = numv(a.devices);
  const p = numv(a.params);
  const what: string[] = [];
  if (hw) what.push(`${devices && devices > 1 ? `${num(devices)} × ` : ''}${hw}`);
  if (p) what.push(`a model of ${params(p)} parameters${str(a.precision) ? ` in ${a.precision}` : str(a.weightPrecision) ? ` with ${a.weightPrecision} weights` : ''}`);
  const tokens = numv(a.tokens);
  if (e.phase === 'training' && tokens) what.push(`${params(tokens)} training tokens${a.tokensKnown === false ? ' (assumed)' : ''}`);
  const reqs = numv(a.requestsPerDay);
  if (e.phase !== 'training' && reqs !== undefined) {
    const tin = numv(a.inputTokens);
    const tout = numv(a.outputTokens);
    const io = [tin ? `${num(tin)} tokens in` : '', tout ? `${num(tout)} out` : ''].filter(Boolean).join(' and ');
    what.push(`${num(reqs)} requests a day${io ? ` of ${io}` : ''}`);
  }
  if (what.length) out.push(`Assumes ${what.join(', ')}.`);
  const facility: string[] = [];
  const mfu = numv(a.mfu);
  if (mfu !== undefined) facility.push(`${num(mfu * 100)}% of peak compute`);
  const watts = numv(a.powerW);
  if (watts !== undefined) facility.push(`${num(watts)} W drawn`);
  const pue = numv(a.pue);
  if (pue !== undefined) facility.push(`PUE ${num(pue)}`);
  const intensity = numv(a.intensity);
  if (intensity !== undefined) facility.push(`a grid of ${num(intensity)} gCO2e/kWh${str(a.region) ? ` (${a.region}${numv(a.intensityYear) ? `, ${a.intensityYear}` : ''})` : ''}`);
  if (facility.length) out.push(`At ${facility.join(', ')}.`);
  return out;
}

function md(value: string): MarkupContent {
  return { kind: 'markdown', value };
}

export function findingHover(a: Analysed, f: Finding, docsTemplate: string): string {
  const est = f.jobId ? a.analysis?.estimates[f.jobId] : undefined;
  const lines: string[] = [];
  if (f.saving) lines.push(savingHeadline(f.saving, est));
  if (f.fix && f.fix.edits.length) lines.push(`Fix (${f.fix.safety}): ${f.fix.title}.${f.fix.safety === 'safe' ? '' : ' Review the change before keeping it.'}`);
  if (f.saving) {
    lines.push(`Basis: ${f.saving.basis}.`);
    for (const c of f.saving.conditions ?? []) lines.push(`_${c.replace(/\.$/, '')}._`);
  }
  if (est) {
    lines.push(`The job (${est.phase}) as written: ${estimateText(est)}.`);
    lines.push(...assumptionSentences(est));
  }
  lines.push(`[${f.rule}](${ruleDocHref(docsTemplate, f.rule)})`);
  return lines.join('\n\n');
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

/** "≈ 410–620 kWh · 160 kg CO2e · $1.9k per run — label D": the lens over a job the engine has figures for. */
export function lensTitle(e: JobEstimate): string | undefined {
  const parts: string[] = [];
  if (e.energyKWh) parts.push(`≈ ${range3(e.energyKWh, 'kWh')}`);
  if (e.audit?.energyPerQueryMJ) parts.push(`${num(e.audit.energyPerQueryMJ.mid)} mJ per query`);
  if (e.co2Kg) parts.push(`${num(e.co2Kg.mid)} kg CO2e`);
  if (e.costUSD) parts.push(`$${num(e.costUSD.mid)}`);
  if (!parts.length) return undefined;
  return `Wattlint: ${parts.join(' · ')} ${period(e)}${e.label ? ` — label ${e.label}` : ''}`;
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
