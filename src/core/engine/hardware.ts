// What an accelerator delivers for a precision: the dense peak in use, and the MFU prior for a model on it.
import type { Accelerator, PrecisionKey } from '../data/schema';
import type { Precision } from '../types';
import { MFU_BY_GENERATION, MFU_CAP, MFU_LARGE_MODEL, MFU_PRECISION_FACTOR, MFU_SMALL_MODEL, type MfuTable } from './priors';

export interface PeakInUse {
  tflops: number;
  /** The peak column actually used (a V100 asked for bf16 runs fp16; a100 asked for fp8 runs bf16). */
  precision: PrecisionKey;
  note?: string;
}

const FALLBACK: Record<string, PrecisionKey[]> = {
  fp32: ['fp32'],
  tf32: ['tf32', 'fp32'],
  bf16: ['bf16', 'fp16', 'fp32'],
  fp16: ['fp16', 'bf16', 'fp32'],
  fp8: ['fp8', 'bf16', 'fp16', 'fp32'],
  int8: ['int8', 'fp8', 'bf16', 'fp16', 'fp32'],
  int4: ['int4', 'int8', 'fp8', 'bf16', 'fp16', 'fp32'],
};

export function normalisePrecision(p: Precision | undefined, fallback: Precision): Exclude<Precision, 'auto'> {
  if (!p || p === 'auto') return fallback === 'auto' ? 'bf16' : fallback;
  return p;
}

/** The dense peak for a precision, falling back along what the hardware has; undefined when it publishes none. */
export function peakFor(spec: Accelerator, precision: Exclude<Precision, 'auto'>): PeakInUse | undefined {
  for (const key of FALLBACK[precision]) {
    const tflops = spec.peakTFLOPs[key];
    if (tflops) {
      const note = key === precision ? undefined : `${spec.name} has no ${precision} peak: runs at its ${key} rate`;
      return { tflops, precision: key, note };
    }
  }
  return undefined;
}

/** Bandwidth per unit of bf16 compute: GB/s per TFLOP/s. */
export function bandwidthRatio(spec: Accelerator): number {
  const peak = spec.peakTFLOPs.bf16 ?? spec.peakTFLOPs.fp16 ?? spec.peakTFLOPs.fp32 ?? 1;
  return spec.bandwidthGBps / peak;
}

/** MFU of 6·N·D training for this hardware, model size and precision (mid value; spread in priors). */
export function mfuPrior(
  spec: Accelerator,
  activeParams: number,
  precision: PrecisionKey,
  table: MfuTable = MFU_BY_GENERATION,
): { mfu: number; basis: string } {
  let base = table[spec.generation]?.mfu;
  let basis = `${spec.generation} prior (calibrated)`;
  if (base === undefined) {
    // No calibrating run for this generation: every calibrated generation's MFU, scaled by the square root of this
    // device's bandwidth-to-compute ratio relative to its own, averaged geometrically.
    const gens = Object.values(table);
    const ratio = bandwidthRatio(spec);
    base = Math.exp(gens.reduce((a, g) => a + Math.log(g.mfu * Math.sqrt(ratio / g.bandwidthRatio)), 0) / gens.length);
    basis = `no calibrating run for ${spec.generation}: calibrated generations scaled by √(bandwidth/compute)`;
  }
  let size = 1;
  if (activeParams < MFU_SMALL_MODEL.belowParams) size = Math.pow(activeParams / MFU_SMALL_MODEL.belowParams, MFU_SMALL_MODEL.exponent);
  if (activeParams > MFU_LARGE_MODEL.aboveParams) size = Math.pow(MFU_LARGE_MODEL.aboveParams / activeParams, MFU_LARGE_MODEL.exponent);
  const factor = MFU_PRECISION_FACTOR[precision] ?? 1;
  return { mfu: Math.min(MFU_CAP, base * size * factor), basis };
}
