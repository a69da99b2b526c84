// `wattlint estimate`: the engine from the command line (contract: shared/docs/rules-and-contracts.md). Builds job
// facts from flags, runs the same resolve → estimate path the analyser uses, and prints JSON (--json) or text.
// Exit codes: 0 estimate printed, 2 usage error (unknown flag, bad number, unknown hardware or region).
import { parseArgs } from 'node:util';
import { closestHardwareNames, lookupRegion, matchHardware } from '../core/data/lookup';
import { defaultSettings } from '../core/settings';
import type { FactValues, Phase, Precision, Range3 } from '../core/types';
import { estimateResolved } from '../core/engine/estimate';
import { resolveJob } from '../core/engine/resolve';
import { fixed } from '../core/engine/range';
import type { JobEstimate } from '../core/engine';
import { assumptionSentences, quantityRange, rateText, year } from '../core/report/format';

export const ESTIMATE_HELP = `Usage: wattlint estimate [--json] --phase training|inference [options]

Training:
  --params N  [--active-params N]  --tokens N  --hardware NAME  --devices N
  [--precision bf16|fp16|fp32|tf32|fp8]  [--region KEY | --intensity G_PER_KWH]  [--pue X]
  [--peft lora|qlora] [--grad-checkpointing]
Inference:
  --params N  [--active-params N]  --hardware NAME  --devices N  --batch N
  --precision bf16|fp16|fp32|fp8|int8|int4  --output-tokens N  [--input-tokens N]
  [--requests-per-day N] [--model HF_ID] [--region KEY | --intensity G] [--pue X]
Common: [--price USD_PER_DEVICE_HOUR]

Numbers accept 7e9, 7B, 350M, 1.5T. Hardware names are matched loosely ("a100-80gb", "p4d.24xlarge").
`;

const PRECISIONS = ['bf16', 'fp16', 'fp32', 'tf32', 'fp8', 'int8', 'int4'];

export interface EstimateOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

class UsageError extends Error {}

function parseNumber(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*([kmbt]?)\s*$/i.exec(raw);
  const scale: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9, t: 1e12 };
  if (!m) throw new UsageError(`--${flag}: not a number: ${raw}`);
  const v = Number(m[1]) * scale[m[2].toLowerCase()];
  if (!Number.isFinite(v) || v < 0) throw new UsageError(`--${flag}: not a non-negative number: ${raw}`);
  return v;
}

function rangeText(r: Range3 | undefined, unit: string): string {
  if (!r) return 'n/a';
  const q = ({ kWh: 'kWh', J: 'J', 'kg CO2e': 'kgCO2e', USD: 'USD', h: 'h' } as const)[unit as 'kWh'];
  return q ? quantityRange(q, r) : `${r.mid} ${unit} (${r.low}–${r.high})`;
}

export function runEstimate(argv: string[]): EstimateOutput {
  try {
    return estimate(argv);
  } catch (e) {
    const msg = e instanceof UsageError ? e.message : `internal error: ${(e as Error).message}`;
    return { stdout: '', stderr: `wattlint estimate: ${msg}\n`, exitCode: 2 };
  }
}

function estimate(argv: string[]): EstimateOutput {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        phase: { type: 'string' },
        params: { type: 'string' },
        'active-params': { type: 'string' },
        tokens: { type: 'string' },
        hardware: { type: 'string' },
        devices: { type: 'string' },
        precision: { type: 'string' },
        region: { type: 'string' },
        intensity: { type: 'string' },
        pue: { type: 'string' },
        price: { type: 'string' },
        batch: { type: 'string' },
        'output-tokens': { type: 'string' },
        'input-tokens': { type: 'string' },
        'requests-per-day': { type: 'string' },
        model: { type: 'string' },
        peft: { type: 'string' },
        'grad-checkpointing': { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return { stdout: ESTIMATE_HELP, stderr: '', exitCode: 0 };
  const phase = (v.phase ?? 'training') as Phase;
  if (!['training', 'inference', 'serving'].includes(phase)) throw new UsageError(`--phase must be training or inference, not ${v.phase}`);
  const facts: Partial<FactValues> = {};
  const num = (flag: string) => parseNumber(flag, (v as Record<string, string | undefined>)[flag]);
  const params = num('params');
  if (params !== undefined) facts.params = params;
  const active = num('active-params');
  if (active !== undefined) facts.activeParams = active;
  if (v.model) facts.model = v.model;
  if (facts.params === undefined && !facts.model) throw new UsageError('--params (or --model) is required');
  if (v.hardware === undefined) throw new UsageError('--hardware is required');
  if (!matchHardware(v.hardware)) {
    throw new UsageError(`unknown hardware "${v.hardware}"; closest known: ${closestHardwareNames(v.hardware).join(', ')}`);
  }
  facts.hardware = v.hardware;
  const devices = num('devices');
  if (devices !== undefined) facts.devices = Math.max(1, Math.round(devices));
  if (v.precision !== undefined) {
    if (!PRECISIONS.includes(v.precision)) throw new UsageError(`--precision must be one of ${PRECISIONS.join(', ')}`);
    facts.precision = v.precision as Precision;
  }
  if (v.peft !== undefined) {
    if (!['none', 'lora', 'qlora'].includes(v.peft)) throw new UsageError('--peft must be none, lora or qlora');
    facts.peft = v.peft as FactValues['peft'];
  }
  if (v['grad-checkpointing']) facts.gradCheckpointing = true;
  const tokens = num('tokens');
  if (tokens !== undefined) facts.tokens = tokens;
  if (phase === 'training' && tokens === undefined) throw new UsageError('--tokens is required for training');
  const batch = num('batch');
  if (batch !== undefined) facts.inferenceBatch = Math.max(1, batch);
  const out = num('output-tokens');
  if (out !== undefined) facts.outputTokens = out;
  const inp = num('input-tokens');
  if (inp !== undefined) facts.inputTokens = inp;
  const rpd = num('requests-per-day');
  if (rpd !== undefined) facts.requestsPerDay = rpd;
  if (v.region !== undefined && v.intensity !== undefined) throw new UsageError('give --region or --intensity, not both');
  if (v.region !== undefined) {
    if (!lookupRegion(v.region)) throw new UsageError(`unknown region "${v.region}" (try gcp:us-central1, aws:us-east-1, azure:eastus, FR, world)`);
    facts.region = v.region;
  }
  const settings = { ...defaultSettings };
  const pue = num('pue');
  if (pue !== undefined) {
    if (pue < 1) throw new UsageError('--pue must be ≥ 1');
    settings.pue = pue;
  }
  const price = num('price');
  if (price !== undefined) settings.pricePerDeviceHour = price;

  const resolved = resolveJob(phase, facts, settings);
  if ('error' in resolved) throw new UsageError(resolved.error);
  const intensity = num('intensity');
  if (intensity !== undefined) {
    resolved.intensity = fixed(intensity);
    resolved.region = { key: 'custom', gCO2PerKWh: intensity, year: 0, source: '--intensity' };
    resolved.sources = resolved.sources.filter((s) => !s.startsWith('grid intensity') && !s.startsWith('intensity vintage'));
    resolved.sources.push(`grid intensity ${intensity} g/kWh: --intensity`);
    resolved.notes = resolved.notes.filter((n) => !n.startsWith('no region stated'));
  }
  const e = estimateResolved(resolved);
  if (!e) throw new UsageError(`cannot estimate this job on ${resolved.spec.name} (no published peak or power)`);
  const { compareEnergy: _c, ...rest } = e;
  const json = { ...rest, assumptions: { ...e.assumptions, sources: resolved.sources } };
  if (v.json) return { stdout: JSON.stringify(json, null, 2) + '\n', stderr: '', exitCode: 0 };
  const lines: string[] = [`${e.phase} on ${e.assumptions.devices} × ${e.assumptions.hardware}`];
  if (e.phase === 'training') {
    lines.push(`  device-hours   ${rangeText(e.deviceHours, 'h')}`);
    lines.push(`  energy         ${rangeText(e.energyKWh, 'kWh')} (facility; accelerators ${rangeText(e.acceleratorEnergyKWh, 'kWh')})`);
  } else {
    lines.push(`  per token      ${rangeText(e.energyPerTokenJ, 'J')}`);
    lines.push(`  per request    ${rangeText(e.energyPerRequestJ, 'J')}`);
    if (e.perDay) lines.push(`  per day        ${rangeText(e.perDay.energyKWh, 'kWh')} at ${e.perDay.requests.toLocaleString('en-US')} requests a day (idle share ${Math.round(e.perDay.idleShare * 100)} %)`);
  }
  if (e.rate) lines.push(`  rate           ${rateText(e.rate, e.costBasis)}`);
  const per = e.phase === 'training' ? '' : ' per day';
  if (e.co2Kg) lines.push(`  carbon         ${rangeText(e.co2Kg, 'kg CO2e')}${per} at ${e.audit.carbonIntensityGPerKWh} g/kWh (${e.audit.region}, ${year(e.audit.carbonIntensityYear)})`);
  if (e.costUSD) lines.push(`  cost           ${rangeText(e.costUSD, 'USD')}${per}${e.costBasis ? ` (${e.costBasis})` : ''}`);
  lines.push('', 'Assumptions:');
  for (const a of assumptionSentences({ ...rest, assumptions: json.assumptions } as JobEstimate)) lines.push(`  ${a}`);
  return { stdout: lines.join('\n') + '\n', stderr: '', exitCode: 0 };
}
