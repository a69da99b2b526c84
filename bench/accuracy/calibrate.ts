// Fits the inference priors (src/core/engine/priors.ts INFERENCE) on the calibration split of the ML.ENERGY table by
// coordinate descent on the mean absolute log error. Run: node out/bench/accuracy/calibrate.js — then copy the
// printed values into priors.ts; `npm run validate` reports the error on the held-out split.
import { INFERENCE } from '../../src/core/engine/priors';
import type { InferenceParams } from '../../src/core/engine/inference';
import { inferencePoint } from '../../src/core/engine/inference';
import { inferenceRows, orderingCheck, summariseInference } from './inference';

const BOUNDS: Partial<Record<keyof InferenceParams, [number, number]>> = {
  bandwidthEfficiency: [0.3, 0.95],
  decodeMfu: [0.1, 0.8],
  prefillMfu: [0.2, 0.8],
  stepOverheadS: [0, 0.01],
  commPerLayerS: [0, 300e-6],
  moeTokenLayerS: [0, 20e-6],
  fp8MoeLayerS: [0, 1000e-6],
  fp8MoeFadeBatch: [8, 128],
  overlapExponent: [1, 8],
  u0: [0.1, 0.9],
  uSlope: [0, 0.9],
};

export function calibrateInference(): InferenceParams {
  const rows = inferenceRows().filter((r) => r.split === 'calibrate');
  // Energy is what is scored; power and step time are fitted alongside so the decomposition stays physical.
  const loss = (p: InferenceParams) => {
    let sum = 0;
    for (const r of rows) {
      const x = inferencePoint(r.input, p)!;
      sum += Math.abs(Math.log(x.energyPerTokenJ / r.measuredJ));
      sum += 0.5 * Math.abs(Math.log(x.step.powerW / r.measuredW));
      sum += 0.5 * Math.abs(Math.log(x.step.stepS / r.measuredItlS));
    }
    return sum / rows.length;
  };
  // Several starting points (coordinate descent moves each constant at most ×1.3 per round).
  let best = { ...INFERENCE };
  let bestLoss = loss(best);
  for (const start of [{}, { moeTokenLayerS: 3e-6 }, { moeTokenLayerS: 7e-6, fp8MoeLayerS: 50e-6 }]) {
    const cand = { ...INFERENCE, ...start };
    const l = loss(cand);
    if (l < bestLoss) {
      best = cand;
      bestLoss = l;
    }
  }
  let step = 0.3;
  for (let round = 0; round < 12; round++) {
    for (const key of Object.keys(BOUNDS) as (keyof InferenceParams)[]) {
      const [lo, hi] = BOUNDS[key]!;
      for (const dir of [1 + step, 1 / (1 + step)]) {
        const cur = best[key] as number;
        const next = Math.min(hi, Math.max(lo, (cur === 0 ? (hi - lo) * 0.01 : cur) * dir));
        const cand = { ...best, [key]: next } as InferenceParams;
        const l = loss(cand);
        if (l < bestLoss) {
          best = cand;
          bestLoss = l;
        }
      }
    }
    step *= 0.7;
  }
  return best;
}

if (require.main === module) {
  const p = calibrateInference();
  const rows = inferenceRows();
  console.log(JSON.stringify(p, null, 2));
  console.log(summariseInference(rows, p));
  const o = orderingCheck(rows, p);
  console.log({ pairs: o.pairs, correct: o.correct, ties: o.ties, excluded: o.excluded, wrong: o.wrong.map((w) => `${w.kind} ${w.a.model} ${w.a.input.spec.name} ${w.a.maxNumSeqs}/${w.b.maxNumSeqs} ${w.a.precision}/${w.b.precision}`) });
}
