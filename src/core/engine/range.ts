// Ranges (low/mid/high ≈ P10/P50/P90) and their propagation through a model by seeded Monte Carlo.
// Invariant: deterministic (fixed seed), so the same job always gets the same range; mid is the point estimate
// computed from every input's mid, and low ≤ mid ≤ high always holds.
import type { Range3 } from '../types';

/** An uncertain input: its P10, P50 and P90. A fixed value has low = mid = high. */
export type Uncertain = Range3;

export function fixed(v: number): Uncertain {
  return { low: v, mid: v, high: v };
}

export function range(low: number, mid: number, high: number): Uncertain {
  return { low: Math.min(low, mid), mid, high: Math.max(high, mid) };
}

/** A multiplicative spread around mid: mid × lowFactor … mid × highFactor. */
export function spread(mid: number, lowFactor: number, highFactor: number): Uncertain {
  return range(mid * lowFactor, mid, mid * highFactor);
}

const Z90 = 1.2815515655446004;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A draw of u from a split log-normal whose P10/P50/P90 are the input's low/mid/high (normal if any ≤ 0). */
function draw(u: Uncertain, z: number): number {
  if (u.low === u.high) return u.mid;
  if (u.low > 0 && u.mid > 0) {
    const side = z < 0 ? Math.log(u.mid / u.low) : Math.log(u.high / u.mid);
    return u.mid * Math.exp((side / Z90) * z);
  }
  const side = z < 0 ? u.mid - u.low : u.high - u.mid;
  return u.mid + (side / Z90) * z;
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Latin-hypercube samples: each input's N draws sit one in each of N equal-probability strata, in an order
 * shuffled per input. The P10/P90 settle with far fewer model runs than plain random draws (the engine runs
 * on the editor's path, so this matters): 256 stratified samples vary less between seeds than 2000 random ones.
 */
export const SAMPLES = 256;

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lowP = 0.02425;
  if (p < lowP) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lowP) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

const strata: number[] = Array.from({ length: SAMPLES }, (_, i) => normalQuantile((i + 0.5) / SAMPLES));

function shuffled(rand: () => number): number[] {
  const z = strata.slice();
  for (let i = z.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [z[i], z[j]] = [z[j], z[i]];
  }
  return z;
}

/**
 * Propagates independent uncertain inputs through `model` and returns each output as a Range3
 * (mid from the mid inputs; low/high the P10/P90 of the sampled outputs).
 */
export function propagate<I extends Record<string, Uncertain>, O extends Record<string, number>>(
  inputs: I,
  model: (x: { [K in keyof I]: number }) => O,
  seed = 20240611,
): { [K in keyof O]: Range3 } {
  const keys = Object.keys(inputs) as (keyof I)[];
  const mids = Object.fromEntries(keys.map((k) => [k, inputs[k].mid])) as { [K in keyof I]: number };
  const point = model(mids);
  const rand = mulberry32(seed);
  const z = keys.map(() => shuffled(rand));
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(point).map((k) => [k, []]));
  // One input object, refilled for every sample (the model reads it and keeps nothing).
  const x = { ...mids };
  const outKeys = Object.keys(point);
  const varying = keys.map((k, j) => ({ k, u: inputs[k], z: z[j] })).filter((v) => v.u.low !== v.u.high);
  for (let i = 0; i < SAMPLES; i++) {
    for (const v of varying) x[v.k] = draw(v.u, v.z[i]) as never;
    const y = model(x);
    for (const k of outKeys) samples[k].push(y[k]);
  }
  const out = {} as { [K in keyof O]: Range3 };
  for (const k of Object.keys(point) as (keyof O & string)[]) {
    const s = samples[k].filter(Number.isFinite).sort((a, b) => a - b);
    const mid = point[k];
    out[k] = s.length ? range(quantile(s, 0.1), mid, quantile(s, 0.9)) : fixed(mid);
  }
  return out;
}

export function scale(r: Range3, f: number): Range3 {
  return { low: r.low * f, mid: r.mid * f, high: r.high * f };
}

/** Rounds to `digits` significant figures: what is displayed should not claim more precision than it has. */
export function sig(x: number, digits = 2): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}

export function sigRange(r: Range3, digits = 2): Range3 {
  return { low: sig(r.low, digits), mid: sig(r.mid, digits), high: sig(r.high, digits) };
}
