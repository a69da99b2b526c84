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

/** A small seeded generator (mulberry32): the engine's draws, and tests that must replay a failing sequence. */
export function mulberry32(seed: number): () => number {
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

/** FNV-1a of a string: each named input gets its own stream of draws. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const streams = new Map<string, Float64Array>();

export const DEFAULT_SEED = 20240611;

/**
 * The stratified draws of one named input: the same name and seed always give the same order. Two estimates that
 * share an input name therefore share its draws sample by sample — a saving is the paired difference of two runs
 * of the model on the same draws, whatever other inputs either run has.
 */
export function stream(name: string, seed = DEFAULT_SEED): Float64Array {
  const key = `${seed}:${name}`;
  let z = streams.get(key);
  if (!z) {
    const rand = mulberry32(seed ^ hash32(name));
    const a = Float64Array.from(strata);
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    z = a;
    streams.set(key, z);
  }
  return z;
}

export interface Sampled<O extends string> {
  /** The model at every input's mid. */
  point: Record<O, number>;
  /** The model at each of the SAMPLES draws, in draw order (paired across models by input name). */
  samples: Record<O, Float64Array>;
}

/** Runs `model` at the mids and at SAMPLES stratified draws of the uncertain inputs. */
export function sample<I extends Record<string, Uncertain>, O extends Record<string, number>>(
  inputs: I,
  model: (x: { [K in keyof I]: number }) => O,
  seed = DEFAULT_SEED,
): Sampled<keyof O & string> {
  const keys = Object.keys(inputs) as (keyof I & string)[];
  const mids = Object.fromEntries(keys.map((k) => [k, inputs[k].mid])) as { [K in keyof I]: number };
  const point = model(mids);
  const outKeys = Object.keys(point) as (keyof O & string)[];
  const samples = Object.fromEntries(outKeys.map((k) => [k, new Float64Array(SAMPLES)])) as Record<keyof O & string, Float64Array>;
  // One input object, refilled for every sample (the model reads it and keeps nothing).
  const x = { ...mids };
  const varying = keys.filter((k) => inputs[k].low !== inputs[k].high).map((k) => ({ k, u: inputs[k], z: stream(k, seed) }));
  for (let i = 0; i < SAMPLES; i++) {
    for (const v of varying) x[v.k] = draw(v.u, v.z[i]) as never;
    const y = model(x);
    for (const k of outKeys) samples[k][i] = y[k];
  }
  return { point: point as Record<keyof O & string, number>, samples };
}

/**
 * The finite samples in ascending order: what `Array.from(samples).filter(Number.isFinite).sort((a, b) => a - b)`
 * gives, without stepping an iterator over a typed array (a boxed number and a result object per sample, a few
 * times per estimate and saving).
 */
function finiteSorted(samples: ArrayLike<number>): number[] {
  const s: number[] = [];
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (Number.isFinite(v)) s.push(v);
  }
  // the order `a - b` gives (equal signs for finite numbers), without a boxed difference per comparison
  return s.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** P10 and P90 of samples, with `mid` kept inside them. */
export function summarise(samples: ArrayLike<number>, mid: number): Range3 {
  const s = finiteSorted(samples);
  if (!s.length) return fixed(mid);
  return range(quantile(s, 0.1), mid, quantile(s, 0.9));
}

/** P10, P50 and P90 of samples (a paired difference: its median, not a difference of medians). */
export function quantiles(samples: ArrayLike<number>): Range3 {
  const s = finiteSorted(samples);
  if (!s.length) return fixed(0);
  return { low: quantile(s, 0.1), mid: quantile(s, 0.5), high: quantile(s, 0.9) };
}

/**
 * Propagates independent uncertain inputs through `model` and returns each output as a Range3
 * (mid from the mid inputs; low/high the P10/P90 of the sampled outputs).
 */
export function propagate<I extends Record<string, Uncertain>, O extends Record<string, number>>(
  inputs: I,
  model: (x: { [K in keyof I]: number }) => O,
  seed = DEFAULT_SEED,
): { [K in keyof O]: Range3 } {
  const s = sample(inputs, model, seed);
  const out = {} as { [K in keyof O]: Range3 };
  for (const k of Object.keys(s.point) as (keyof O & string)[]) out[k] = summarise(s.samples[k], s.point[k]);
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
