// Number and place formatting shared by the text and Markdown reports.
import type { JobEstimate } from '../engine';
import type { Finding, Range3, Saving } from '../types';

/** Three significant figures, thousands separated: 1234.5 → "1,230", 0.01234 → "0.0123". */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(Number(x.toPrecision(3))).toLocaleString('en-US');
  return String(Number(x.toPrecision(3)));
}

export function range3(r: Range3, unit: string, prefix = ''): string {
  const u = unit ? ` ${unit}` : '';
  const v = (x: number) => `${prefix}${num(x)}`;
  return num(r.low) === num(r.high) ? `${v(r.mid)}${u}` : `${v(r.mid)}${u} (${v(r.low)}–${v(r.high)})`;
}

export function percent(r: Range3): string {
  const p = (x: number) => Math.round(x * 100);
  return p(r.low) === p(r.high) ? `${p(r.mid)}%` : `${p(r.low)}–${p(r.high)}%`;
}

/**
 * A saving in words. A fix can cost energy (gradient checkpointing recomputes activations to free memory):
 * then it says "costs ~X% more energy" instead of printing a negative saving.
 */
export function savingPhrase(s: Saving): string {
  const p = percent(savingMagnitude(s, s.energyFraction));
  return savingCosts(s) ? `costs ~${p} more energy` : `saves ~${p} energy`;
}

/** Whether the fix costs energy rather than saving it. */
export function savingCosts(s: Saving): boolean {
  return s.energyFraction.mid < 0;
}

/** One of a saving's ranges as a positive amount: negated (low and high swapped) when the fix costs energy. */
export function savingMagnitude(s: Saving, r: Range3): Range3 {
  return savingCosts(s) ? { low: -r.high, mid: -r.mid, high: -r.low } : r;
}

export function savingText(s: Saving): string {
  const costs = savingCosts(s);
  const mag = (r: Range3): Range3 => savingMagnitude(s, r);
  const parts = [savingPhrase(s)];
  if (s.energyKWh) parts.push(`≈${range3(mag(s.energyKWh), 'kWh')}${costs ? ' more' : ''}`);
  if (s.costUSD) parts.push(`≈$${num(mag(s.costUSD).mid)}${costs ? ' more' : ''}`);
  const conditions = s.conditions?.length ? ` (${s.conditions.join('; ')})` : '';
  return `${parts.join(', ')} — ${s.basis}${conditions}`;
}

/** The engine's figures for a job: per run for training, per day at the request rate for inference/serving. */
export function estimateText(e: JobEstimate): string {
  const parts: string[] = [];
  if (e.energyKWh) parts.push(range3(e.energyKWh, 'kWh'));
  if (e.co2Kg) parts.push(range3(e.co2Kg, 'kg CO2e'));
  if (e.costUSD) parts.push(range3(e.costUSD, '', '$'));
  if (!parts.length) return 'no estimate';
  const requests = e.perDay?.requests;
  let text = parts.join(', ') + (e.phase === 'training' ? ' per run' : requests !== undefined ? ` per day (${num(requests)} requests)` : ' per day');
  if (e.energyPerRequestJ) text += `; ${range3(e.energyPerRequestJ, 'J')} per request`;
  if (e.label) text += `; label ${e.label}`;
  return text;
}

/** `file:line:col` (`file` alone for a file-level finding; notebooks name the cell, 1-based as editors show it). */
export function place(f: Pick<Finding, 'file' | 'cell' | 'range'>): string {
  const file = f.cell !== undefined ? `${f.file}[cell ${f.cell + 1}]` : f.file;
  return f.range ? `${file}:${f.range.startLine}:${f.range.startColumn}` : file;
}
