// How estimates and savings read, for every surface: the CLI's text and Markdown reports, the editor's hover,
// CodeLens and report view, the language server. One place, so the same numbers read the same everywhere.
// Headline numbers first; the assumptions behind them folded underneath as sentences with their sources.
// Every unit goes through report/units.ts (one scaler for energy, power, carbon and money; years as years).
import type { JobEstimate, Rate } from '../engine';
import type { Finding, Range3, Saving } from '../types';
import { num, percentRange, quantity, quantityRange, year, type Quantity } from './units';

export { num, quantity, quantityRange, year } from './units';

const UNIT_QUANTITY: Record<string, { q: Quantity; factor: number }> = {
  kWh: { q: 'kWh', factor: 1 },
  Wh: { q: 'kWh', factor: 1e-3 },
  MWh: { q: 'kWh', factor: 1e3 },
  J: { q: 'J', factor: 1 },
  mJ: { q: 'J', factor: 1e-3 },
  kJ: { q: 'J', factor: 1e3 },
  W: { q: 'W', factor: 1 },
  'kg CO2e': { q: 'kgCO2e', factor: 1 },
  h: { q: 'h', factor: 1 },
};

/** A range with its unit, scaled ("kWh" → Wh / kWh / MWh; "$" prefix → money); one number when degenerate. */
export function range3(r: Range3, unit: string, prefix = ''): string {
  if (prefix === '$') return quantityRange('USD', r);
  const u = UNIT_QUANTITY[unit];
  if (u) return quantityRange(u.q, { low: r.low * u.factor, mid: r.mid * u.factor, high: r.high * u.factor });
  const tail = unit ? ` ${unit}` : '';
  const v = (x: number) => `${prefix}${num(x)}`;
  return num(r.low) === num(r.high) ? `${v(r.mid)}${tail}` : `${v(r.mid)}${tail} (${v(r.low)}–${v(r.high)}${tail})`;
}

export function percent(r: Range3): string {
  return percentRange(r).replace(' %', '%');
}

/** Whether the fix costs energy rather than saving it. */
export function savingCosts(s: Saving): boolean {
  return s.energyFraction.mid < 0;
}

/** One of a saving's ranges as a positive amount: negated (low and high swapped) when the fix costs energy. */
export function savingMagnitude(s: Saving, r: Range3): Range3 {
  return savingCosts(s) ? { low: -r.high, mid: -r.mid, high: -r.low } : r;
}

/**
 * A saving in words. A fix can cost energy (gradient checkpointing recomputes activations to free memory): then it
 * says "costs ~X% more energy" instead of printing a negative saving; "no energy saving" when it saves nothing.
 */
export function savingPhrase(s: Saving): string {
  const f = s.energyFraction;
  if (f.low === 0 && f.mid === 0 && f.high === 0) return 'no energy saving';
  const p = percent(savingMagnitude(s, f));
  return savingCosts(s) ? `costs ~${p} more energy` : `saves ~${p} energy`;
}

const RATE_UNIT: Record<Rate['per'], string> = { hour: 'per hour', '1000 steps': 'per 1,000 steps', '1000 requests': 'per 1,000 requests' };

function amounts(s: Saving): string[] {
  const costs = savingCosts(s);
  const mag = (r: Range3): Range3 => savingMagnitude(s, r);
  const more = costs ? ' more' : '';
  const out: string[] = [];
  const per = s.per === 'day' ? ' per day' : s.energyKWh ? ' per run' : '';
  if (s.energyKWh) out.push(`≈${range3(mag(s.energyKWh), 'kWh')}${more}${per}`);
  if (s.co2Kg && s.energyKWh) out.push(`${range3(mag(s.co2Kg), 'kg CO2e')}${more}`);
  if (s.costUSD) out.push(`${quantityRange('USD', mag(s.costUSD))}${more}${s.costBasis ? ` (${s.costBasis})` : ''}`);
  if (!s.energyKWh && s.rate) {
    out.push(`≈${range3(mag(s.rate.energyKWh), 'kWh')}${more} ${RATE_UNIT[s.rate.per]}`);
    if (s.rate.costUSD) out.push(`${quantityRange('USD', mag(s.rate.costUSD))}${more} ${RATE_UNIT[s.rate.per]}${s.rate.costBasis ? ` (${s.rate.costBasis})` : ''}`);
  }
  return out;
}

/** The saving on one line: phrase, amounts, basis, then conditions in parentheses. */
export function savingText(s: Saving): string {
  const parts = [savingPhrase(s), ...amounts(s)];
  const trade = s.trades ? `; ${s.trades}` : '';
  const conditions = s.conditions?.length ? ` (${s.conditions.join('; ')})` : '';
  return `${parts.join(', ')} — ${s.basis}${trade}${conditions}`;
}

/** The saving as Markdown list lines (hover, report): headline first, then basis, trades and conditions. */
export function savingLines(s: Saving): string[] {
  const costs = savingCosts(s);
  const lines = [`- ${costs ? 'Cost' : 'Saving'}: ${savingPhrase(s)} for the job${amounts(s).length ? ` — ${amounts(s).join(', ')}` : ''}`];
  if (s.trades) lines.push(`- Trades: ${s.trades}`);
  lines.push(`- Basis: ${s.basis}`);
  for (const c of s.conditions ?? []) lines.push(`- Holds when: ${c}`);
  return lines;
}

/** A rate in words: "≈ 2.1 kWh (1.4–3.3 kWh), 1 kg CO2e, $33 per hour — × the run's wall-clock hours …". */
export function rateText(r: Rate, costBasis?: string): string {
  const parts = [`≈${range3(r.energyKWh, 'kWh')}`, range3(r.co2Kg, 'kg CO2e')];
  if (r.costUSD) parts.push(`${quantityRange('USD', r.costUSD)}${costBasis ? ` (${costBasis})` : ''}`);
  return `${parts.join(', ')} ${RATE_UNIT[r.per]} (${r.toTotal})`;
}

/** The period a job's totals cover. */
export function periodOf(e: JobEstimate): string {
  if (!e.energyKWh && e.rate) return RATE_UNIT[e.rate.per];
  return e.phase === 'training' ? 'per run' : 'per day';
}

/** The headline: energy, carbon and cost of the job (or its rate), with the dollar figure's basis. */
export function estimateHeadline(e: JobEstimate): string {
  if (!e.energyKWh) return e.rate ? rateText(e.rate, e.costBasis) : 'no estimate';
  const parts: string[] = [range3(e.energyKWh, 'kWh')];
  if (e.co2Kg) parts.push(range3(e.co2Kg, 'kg CO2e'));
  if (e.costUSD) parts.push(`${quantityRange('USD', e.costUSD)}${e.costBasis ? ` (${e.costBasis})` : ''}`);
  const requests = e.perDay?.requests;
  return `${parts.join(', ')} ${e.phase === 'training' ? 'per run' : requests !== undefined ? `per day (${requests.toLocaleString('en-US')} requests)` : 'per day'}`;
}

/** The engine's figures for a job: per run for training, per day for serving, else its rate; then the label. */
export function estimateText(e: JobEstimate): string {
  let text = estimateHeadline(e);
  if (text === 'no estimate') return text;
  if (e.energyPerRequestJ) text += `; ${range3(e.energyPerRequestJ, 'J')} per request`;
  if (e.label) text += `; label ${e.label}`;
  return text;
}

const ASSUMPTION_SENTENCES: Record<string, (v: unknown, e: JobEstimate) => string | undefined> = {
  hardware: (v, e) => `Runs on ${e.assumptions.devices ?? 1} × ${String(v)}.`,
  params: (v, e) => `The model has ${paramsText(Number(v))} parameters${e.assumptions.activeParams !== undefined && e.assumptions.activeParams !== v ? `, ${paramsText(Number(e.assumptions.activeParams))} active per token` : ''}.`,
  tokens: (v) => `The run sees ${num(Number(v))} tokens.`,
  precision: (v) => `Trains in ${String(v)}.`,
  weightPrecision: (v) => `Weights in ${String(v)}.`,
  batch: (v) => `Batches ${String(v)} request${v === 1 ? '' : 's'} at a time.`,
  outputTokens: (v, e) => `Each request reads ${num(Number(e.assumptions.inputTokens ?? 0))} tokens and writes ${num(Number(v))}.`,
  mfu: (v, e) => `Uses ${Math.round(Number(v) * 100)} % of the ${num(Number(e.assumptions.peakTFLOPs))} TFLOP/s ${String(e.assumptions.peakPrecision ?? '')} dense peak (${String(e.assumptions.mfuBasis ?? 'engine prior')}).`,
  powerW: (v, e) => `Draws ${quantity('W', Number(v))}${e.assumptions.powerFraction !== undefined ? ` (${Math.round(Number(e.assumptions.powerFraction) * 100)} % of TDP)` : ''} while busy.`,
  hostOverhead: (v) => `Host (CPU, memory, network) adds ${Math.round(Number(v) * 100)} % to the accelerators' energy.`,
  pue: (v) => `The data centre's PUE is ${String(v)}.`,
  intensity: (v, e) => `The grid emits ${num(Number(v))} gCO2e/kWh (${String(e.assumptions.region ?? '')}, ${year(Number(e.assumptions.intensityYear))}).`,
  requestsPerDay: (v) => `Serves ${num(Number(v))} requests a day.`,
  pricePerDeviceHour: (v, e) => `An accelerator-hour costs $${num(Number(v))}${e.costBasis ? ` (${e.costBasis})` : ''}.`,
};

function paramsText(n: number): string {
  return n >= 1e9 ? `${num(n / 1e9)}B` : `${num(n / 1e6)}M`;
}

/**
 * The assumptions behind an estimate as sentences, each with its source where it has one: what the job was
 * assumed to be (the engine's notes), then the figures it used, then the sources of its data.
 */
export function assumptionSentences(e: JobEstimate): string[] {
  const out: string[] = [];
  for (const n of e.notes ?? []) out.push(sentence(n));
  for (const [k, f] of Object.entries(ASSUMPTION_SENTENCES)) {
    const v = e.assumptions?.[k];
    if (v === undefined || v === null || typeof v === 'object') continue;
    const s = f(v, e);
    if (s) out.push(s);
  }
  const sources = e.assumptions?.sources;
  if (Array.isArray(sources)) for (const s of sources) out.push(`Source — ${String(s)}.`.replace(/\.\.$/, '.'));
  return out;
}

function sentence(s: string): string {
  const t = s.trim();
  // "fp32 training …", "bf16 …": a technical token keeps its case
  const first = /^[a-z]+\b/.test(t) && !/^[a-z]+\d/.test(t) ? t.charAt(0).toUpperCase() + t.slice(1) : t;
  return /[.!?)]$/.test(first) ? first : `${first}.`;
}

/** Markdown for an estimate: headline lines, then the assumptions folded (hover, report). */
export function estimateMarkdown(e: JobEstimate): string[] {
  const lines: string[] = [];
  if (e.energyKWh) lines.push(`- Energy: ${range3(e.energyKWh, 'kWh')} ${periodOf(e)}`);
  else if (e.rate) lines.push(`- Energy: ${range3(e.rate.energyKWh, 'kWh')} ${RATE_UNIT[e.rate.per]} — ${e.rate.toTotal}`);
  if (e.audit?.energyPerQueryMJ) lines.push(`- Energy per query: ${range3(e.audit.energyPerQueryMJ, 'mJ')} (accelerator)`);
  if (e.energyPerTokenJ) lines.push(`- Energy per output token: ${range3(e.energyPerTokenJ, 'J')}`);
  const co2 = e.co2Kg ?? e.rate?.co2Kg;
  if (co2) lines.push(`- Carbon: ${range3(co2, 'kg CO2e')} ${periodOf(e)}`);
  const cost = e.costUSD ?? e.rate?.costUSD;
  if (cost) lines.push(`- Cost: ${quantityRange('USD', cost)} ${periodOf(e)}${e.costBasis ? ` (${e.costBasis})` : ''}`);
  if (e.audit) lines.push(`- Grid: ${num(e.audit.carbonIntensityGPerKWh)} gCO2e/kWh (${e.audit.region}, ${year(e.audit.carbonIntensityYear)})`);
  if (e.label) lines.push(`- Label: **${e.label}**${e.labelBasis ? ` (${e.labelBasis})` : ''}`);
  if (e.missing?.length) lines.push(`- Not stated in the job: ${e.missing.join(', ')}`);
  const a = assumptionSentences(e);
  if (a.length) lines.push('', '<details><summary>Assumptions</summary>', '', ...a.map((x) => `- ${x}`), '', '</details>');
  return lines;
}

/** Plain-text lines for an estimate (CLI): headline, then the assumptions indented. */
export function estimatePlainLines(e: JobEstimate, indent = '  '): string[] {
  const lines = [estimateText(e)];
  if (e.missing?.length) lines.push(`${indent}not stated: ${e.missing.join(', ')}`);
  for (const a of assumptionSentences(e)) lines.push(`${indent}${a}`);
  return lines;
}

/** `file:line:col` (`file` alone for a file-level finding; notebooks name the cell, 1-based as editors show it). */
export function place(f: Pick<Finding, 'file' | 'cell' | 'range'>): string {
  const file = f.cell !== undefined ? `${f.file}[cell ${f.cell + 1}]` : f.file;
  return f.range ? `${file}:${f.range.startLine}:${f.range.startColumn}` : file;
}
