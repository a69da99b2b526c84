// Every fix kind's saving against what was measured (issue 10): the engine's paired estimate of each fix compared
// with a published measured range, the source named next to its numbers. Inference ratios are scored with constants
// fitted without the model under test (leave-one-architecture-out), so no saving is checked against rows it was
// fitted to.
import { strict as assert } from 'node:assert';
import { calibrateInference } from '../../bench/accuracy/calibrate';
import { inferenceRows, type InferenceRow } from '../../bench/accuracy/inference';
import { estimateSaving } from '../../src/core/engine';
import { inferencePoint, type InferenceParams } from '../../src/core/engine/inference';
import { RATIO_ERROR } from '../../src/core/engine/savings';
import { defaultSettings } from '../../src/core/settings';
import type { FactPatch, FactValues, JobFacts, Phase } from '../../src/core/types';

function job(phase: Phase, values: Partial<FactValues>): JobFacts {
  const facts: JobFacts['facts'] = {};
  for (const [k, v] of Object.entries(values)) (facts as Record<string, unknown>)[k] = { value: v, origin: 'explicit' };
  return { id: 'v#0', file: 'v', flavour: phase === 'training' ? 'hf-trainer' : 'vllm', phase, anchor: null, facts, dynamic: [], references: [] };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  return s[Math.floor(i)] + (s[Math.ceil(i)] - s[Math.floor(i)]) * (i - Math.floor(i));
};

/**
 * NVIDIA DeepLearningExamples (github.com/NVIDIA/DeepLearningExamples at 729963dd), PyTorch, single-GPU training
 * throughput, mixed precision over FP32 (V100, DGX-1) and over TF32 (A100, DGX A100), each model's README
 * "Training performance" table.
 */
const AMP_MEASURED = {
  v100Fp32: { 'BERT-large seq128': 4.48, 'BERT-large seq512': 3.94, Transformer: 3.77, 'ResNet-50': 3.26, WaveGlow: 3.14, SSD: 2.76, FastPitch: 2.63, Jasper: 2.6, NCF: 2.1, 'Transformer-XL': 1.905, 'Tacotron 2': 1.73, 'Mask R-CNN': 1.33 },
  a100Tf32: { 'ResNet-50': 2.63, WaveGlow: 2.21, 'SSD bs128': 1.92, 'BERT seq512': 1.9, 'BERT seq128': 1.83, 'SSD bs64': 1.81, 'BART seq512': 1.68, 'BART seq128': 1.61, Transformer: 1.6, Jasper: 1.52, NCF: 1.51, 'Transformer-XL': 1.444, wav2vec2: 1.34, FastPitch: 1.05, 'Mask R-CNN': 1.04, 'Tacotron 2': 0.84 },
};

describe('savings validated against measurements', () => {
  const base = { params: 1.3e9, tokens: 1e10, microBatch: 8, seqLen: 2048, devices: 1 };

  it('mixed precision: the saving per GPU generation sits in the range measured end-to-end speedups give', () => {
    const cases: [string, 'fp32' | 'tf32', 'bf16' | 'fp16', number[]][] = [
      ['V100', 'fp32', 'fp16', Object.values(AMP_MEASURED.v100Fp32)],
      ['T4', 'fp32', 'fp16', Object.values(AMP_MEASURED.v100Fp32)],
      ['A100 80GB SXM', 'tf32', 'bf16', Object.values(AMP_MEASURED.a100Tf32)],
      // fp32 on Ampere+: convolutions in TF32, matmuls in fp32 — between the two tables
      ['A100 80GB SXM', 'fp32', 'bf16', [...Object.values(AMP_MEASURED.v100Fp32), ...Object.values(AMP_MEASURED.a100Tf32)]],
      ['H100 SXM', 'fp32', 'bf16', [...Object.values(AMP_MEASURED.v100Fp32), ...Object.values(AMP_MEASURED.a100Tf32)]],
    ];
    for (const [hw, from, to, speedups] of cases) {
      const s = estimateSaving(job('training', { ...base, hardware: hw, precision: from }), { precision: to }, defaultSettings)!;
      // time saved is 1 − 1/speedup; energy saved a little less (fp32 draws up to 15 % less power than AMP)
      const lo = 1 - 1 / quantile(speedups, 0.1) - 0.15;
      const hi = 1 - 1 / quantile(speedups, 0.9);
      assert.ok(s.energyFraction.mid >= lo && s.energyFraction.mid <= hi, `${hw} ${from}: ${JSON.stringify(s.energyFraction)} vs ${lo.toFixed(2)}–${hi.toFixed(2)}`);
      assert.ok(s.energyFraction.low >= lo - 0.05 && s.energyFraction.high <= hi + 0.02, `${hw} ${from} range ${JSON.stringify(s.energyFraction)}`);
    }
    // the fp32 → bf16 saving a user sees on current hardware: within the measured 25–70 % band (issue 10)
    for (const hw of ['A100 80GB SXM', 'H100 SXM', 'L4', 'B200']) {
      const s = estimateSaving(job('training', { ...base, hardware: hw, precision: 'fp32' }), { precision: 'bf16' }, defaultSettings)!;
      assert.ok(s.energyFraction.mid >= 0.25 && s.energyFraction.mid <= 0.7, `${hw} ${JSON.stringify(s.energyFraction)}`);
    }
  });

  it('torch.compile: the saving matches PyTorch 2’s measured training speedups', () => {
    // Ansel et al., "PyTorch 2", ASPLOS 2024: 1.41× training geomean on A100 over 180+ models; PyTorch 2.0 release
    // notes: 1.21× in fp32, 1.51× with AMP (163 models). Energy saved ≈ 1 − 1/speedup at about the same power.
    const s = estimateSaving(job('training', { ...base, hardware: 'A100', precision: 'bf16', compile: false }), { compile: true }, defaultSettings)!;
    assert.ok(s.energyFraction.mid >= 1 - 1 / 1.21 && s.energyFraction.mid <= 1 - 1 / 1.51, JSON.stringify(s.energyFraction));
    assert.ok(s.energyFraction.low > 0, 'compiling saves energy at the P10 too');
    assert.ok(s.energyFraction.high <= 1 - 1 / 2, 'no more than the best suites’ 2×');
  });

  it('gradient checkpointing: costs about a third more compute, never a saving by itself', () => {
    // 8·N vs 6·N FLOPs per token (one extra forward); Hugging Face performance docs: training ~20 % slower.
    for (const hw of ['A100', 'H100 SXM', 'V100']) {
      const s = estimateSaving(job('training', { ...base, hardware: hw, precision: hw === 'V100' ? 'fp16' : 'bf16' }), { gradCheckpointing: true }, defaultSettings)!;
      assert.ok(-s.energyFraction.mid >= 0.15 && -s.energyFraction.mid <= 0.38, `${hw} ${JSON.stringify(s.energyFraction)}`);
      assert.ok(s.energyFraction.high < 0, 'it costs energy over the whole range');
      assert.match(s.trades!, /compute for memory/);
    }
  });

  it('DataLoader workers and no_grad: positive, bounded savings that follow their mechanism (engine priors)', () => {
    // No published end-to-end measurement of either was found to validate against: the engine's priors
    // (priors.ts DATA_STALL, AUTOGRAD_LAYER_S) are checked for their mechanism, and their docs say so.
    const d = estimateSaving(job('training', { ...base, hardware: 'A100', precision: 'bf16' }), { dataWorkers: 4 }, defaultSettings, { dataWorkers: 0, perItemWork: 'heavy' })!;
    assert.ok(d.energyFraction.low > 0.02 && d.energyFraction.high < 0.5, JSON.stringify(d.energyFraction));
    const small = estimateSaving(job('inference', { params: 1.25e8, hardware: 'T4', inferenceBatch: 1, outputTokens: 0 }), { gradDisabled: true }, defaultSettings, { gradDisabled: false })!;
    const large = estimateSaving(job('inference', { params: 7e9, hardware: 'A100', inferenceBatch: 32, outputTokens: 0 }), { gradDisabled: true }, defaultSettings, { gradDisabled: false })!;
    assert.ok(small.energyFraction.low > 0 && small.energyFraction.high < 0.4);
    assert.ok(large.energyFraction.mid < small.energyFraction.mid, 'launch-bound passes gain the most');
  });

  describe('inference fixes against ML.ENERGY v3 (shared/data/mlenergy_llm_inference.csv), each model held out', () => {
    const rows = inferenceRows();
    const heldOut = new Map<string, InferenceParams>();
    const paramsFor = (r: InferenceRow) => {
      let p = heldOut.get(r.group);
      if (!p) {
        p = calibrateInference(rows.filter((x) => x.group !== r.group));
        heldOut.set(r.group, p);
      }
      return p;
    };
    const z90 = 1.2816;

    /** Measured and predicted saving of going from row a to row b, and the saving's P10–P90 from RATIO_ERROR. */
    function pair(a: InferenceRow, b: InferenceRow, sigma: number) {
      const p = paramsFor(a);
      const ratio = inferencePoint(b.input, p)!.energyPerTokenJ / inferencePoint(a.input, p)!.energyPerTokenJ;
      const measured = 1 - b.measuredJ / a.measuredJ;
      const lo = 1 - ratio * Math.exp(z90 * sigma);
      const hi = 1 - ratio * Math.exp(-z90 * sigma);
      return { measured, predicted: 1 - ratio, lo, hi };
    }

    it('batching: the paired saving’s P10–P90 covers the measured batch curves', function () {
      this.timeout(120000);
      const out: ReturnType<typeof pair>[] = [];
      const bySeries = new Map<string, InferenceRow[]>();
      for (const r of rows.filter((x) => x.reachedBatch)) bySeries.set(r.series, [...(bySeries.get(r.series) ?? []), r]);
      for (const list of bySeries.values()) {
        list.sort((x, y) => x.maxNumSeqs - y.maxNumSeqs);
        for (const b of list.slice(1)) out.push(pair(list[0], b, RATIO_ERROR.batch.sigma));
      }
      assert.ok(out.length > 150);
      const covered = out.filter((x) => x.lo <= x.measured && x.measured <= x.hi).length / out.length;
      const mae = quantile(out.map((x) => Math.abs(x.predicted - x.measured)), 0.5);
      assert.ok(covered >= 0.75, `covered ${covered}`);
      assert.ok(mae <= 0.06, `median |predicted − measured| saving ${mae}`);
    });

    it('fp8 weights: the saving’s sign and size against the measured FP8 vs BF16 rows', function () {
      this.timeout(120000);
      // One fp8 MoE model is in the data, so its fp8 cost cannot be held out: the shipped constants are scored here.
      const byKey = new Map(rows.map((r) => [`${r.config}|${r.maxNumSeqs}|${r.precision}`, r]));
      const pairs = rows.filter((r) => r.precision === 'fp8').map((r) => [byKey.get(`${r.config}|${r.maxNumSeqs}|bf16`), r] as const).filter((x): x is readonly [InferenceRow, InferenceRow] => !!x[0] && x[0].reachedBatch && x[1].reachedBatch);
      assert.ok(pairs.length >= 10);
      let covered = 0;
      let signs = 0;
      for (const [a, b] of pairs) {
        const ratio = inferencePoint(b.input)!.energyPerTokenJ / inferencePoint(a.input)!.energyPerTokenJ;
        const measured = 1 - b.measuredJ / a.measuredJ;
        const lo = 1 - ratio * Math.exp(z90 * RATIO_ERROR.precision.sigma);
        const hi = 1 - ratio * Math.exp(-z90 * RATIO_ERROR.precision.sigma);
        if (lo <= measured && measured <= hi) covered++;
        if (Math.sign(measured) === Math.sign(1 - ratio) || Math.abs(measured) < 0.05) signs++;
      }
      assert.ok(covered / pairs.length >= 0.7, `covered ${covered} of ${pairs.length}`);
      assert.ok(signs / pairs.length >= 0.85, `sign right ${signs} of ${pairs.length}`);
      // and the finding carries the condition that fp8 can cost more on MoE at small batch
      const s = estimateSaving(job('serving', { model: 'Qwen/Qwen3-235B-A22B-Instruct-2507', hardware: 'H100', devices: 8, inferenceBatch: 8 }), { quantization: 'fp8' } as FactPatch, defaultSettings)!;
      assert.ok(s.conditions!.some((c) => /cost more than bf16 on large MoE/.test(c)));
      assert.ok(s.energyFraction.low < 0, 'at batch 8 the range admits that fp8 costs more');
    });
  });
});
