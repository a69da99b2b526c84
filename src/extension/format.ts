// Short human text for the engine's estimates in CodeLens, hovers and the status bar. Renders whichever fields
// the estimate has (the engine may add more) and says "no estimate" rather than inventing one.
import type { JobEstimate } from '../core/engine';
import { num, quantity, range3, savingCosts, savingMagnitude, savingPhrase } from '../core/report/format';
import type { AnalysisSettings } from '../core/settings';
import type { JobFacts, Range3, Saving } from '../core/types';

/** 1234 → "1.2k", 0.0123 → "0.0123" (two significant figures for big numbers). */
export function compact(x: number): string {
  const abs = Math.abs(x);
  if (abs >= 1e9) return `${Number((x / 1e9).toPrecision(2))}G`;
  if (abs >= 1e6) return `${Number((x / 1e6).toPrecision(2))}M`;
  if (abs >= 1e3) return `${Number((x / 1e3).toPrecision(2))}k`;
  return num(x);
}

function span(r: Range3, unit: string): string {
  const lo = compact(r.low);
  const hi = compact(r.high);
  return lo === hi ? `${compact(r.mid)} ${unit}` : `${lo}–${hi} ${unit}`;
}

function extra(e: JobEstimate, key: string): Range3 | undefined {
  const v = (e as unknown as Record<string, unknown>)[key];
  return v && typeof v === 'object' && 'mid' in v ? (v as Range3) : undefined;
}

export function periodOf(e: JobEstimate): string {
  return e.phase === 'training' ? 'per run' : 'per day'; // the engine gives inference and serving energy per day
}

/** "≈ 410–620 kWh · 160 kg CO2e · $1.9k per run — label D" */
export function lensText(e: JobEstimate | undefined, job: JobFacts, settings?: AnalysisSettings): string {
  if (!e) return `Wattlint: ${job.phase} job (${job.flavour}) — no estimate: ${missingFacts(job, settings)}`;
  const parts: string[] = [];
  if (e.energyKWh) parts.push(`≈ ${span(e.energyKWh, 'kWh')}`);
  if (e.audit?.energyPerQueryMJ) parts.push(`${quantity('J', e.audit.energyPerQueryMJ.mid / 1000)} per query`); // one unit scaler (core/report/units)
  if (e.co2Kg) parts.push(`${compact(e.co2Kg.mid)} kg CO2e`);
  if (e.costUSD) parts.push(`$${compact(e.costUSD.mid)}`);
  let text = parts.length ? `${parts.join(' · ')} ${periodOf(e)}` : `Wattlint: ${job.phase} job — no figures`;
  if (e.label) text += ` — label ${e.label}`;
  return text;
}

function missingFacts(job: JobFacts, settings?: AnalysisSettings): string {
  const wanted = job.phase === 'training' ? ['model', 'hardware', 'steps'] : ['model', 'hardware'];
  const missing = wanted.filter((k) => !(k in job.facts) && !(k === 'hardware' && settings?.hardware));
  return missing.length ? `unknown ${missing.join(', ')}` : 'the engine had too little to go on';
}

/** Markdown lines for a hover: estimate, then assumptions and notes. */
export function estimateMarkdown(e: JobEstimate): string[] {
  const lines: string[] = [];
  if (e.energyKWh) lines.push(`- Energy: ${range3(e.energyKWh, 'kWh')} ${periodOf(e)}`);
  if (e.audit?.energyPerQueryMJ) lines.push(`- Energy per query: ${range3(e.audit.energyPerQueryMJ, 'mJ')} (accelerator)`);
  const perToken = extra(e, 'energyPerTokenJ');
  if (perToken) lines.push(`- Energy per output token: ${range3(perToken, 'J')}`);
  if (e.audit) lines.push(`- Grid: ${num(e.audit.carbonIntensityGPerKWh)} gCO2e/kWh (${e.audit.region}, ${e.audit.carbonIntensityYear})`);
  if (e.co2Kg) lines.push(`- Carbon: ${range3(e.co2Kg, 'kg CO2e')}`);
  if (e.costUSD) lines.push(`- Cost: $${num(e.costUSD.mid)} ($${num(e.costUSD.low)}–$${num(e.costUSD.high)})`);
  if (e.label) lines.push(`- Label: **${e.label}**`);
  const assumptions = Object.entries(e.assumptions ?? {}).filter(([, v]) => v !== undefined && v !== null && typeof v !== 'object');
  if (assumptions.length) lines.push('', '*Assumptions:* ' + assumptions.map(([k, v]) => `${k} = ${typeof v === 'number' ? num(v) : String(v)}`).join(', '));
  if (e.notes?.length) lines.push('', ...e.notes.map((n) => `- _${n}_`));
  return lines;
}

export function savingMarkdown(s: Saving): string[] {
  // A fix can cost energy (recomputation): then the figures read as a cost, never as a negative saving.
  const costs = savingCosts(s);
  const mag = (r: Range3): Range3 => savingMagnitude(s, r);
  const lines = [`- ${costs ? 'Cost' : 'Saving'}: ${savingPhrase(s)} for the job`];
  if (s.energyKWh) lines.push(`- ≈ ${range3(mag(s.energyKWh), 'kWh')} ${costs ? 'more' : 'saved'}`);
  if (s.co2Kg) lines.push(`- ≈ ${range3(mag(s.co2Kg), 'kg CO2e')} ${costs ? 'more' : 'avoided'}`);
  if (s.costUSD) lines.push(`- ≈ $${num(mag(s.costUSD).mid)} ${costs ? 'more' : 'saved'}`);
  lines.push(`- Basis: ${s.basis}`);
  for (const c of s.conditions ?? []) lines.push(`- Holds when: ${c}`);
  return lines;
}
