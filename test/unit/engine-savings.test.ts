// Savings and ranges that hold: every range the engine gives is ordered (a property over random jobs and fixes),
// a saving is the paired difference of two estimates on the same draws, "no saving, no warning" decides severity,
// and every figure reads through one unit scaler.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { analyzeText } from '../../src/core/analyze';
import { estimateJob, estimateSaving } from '../../src/core/engine';
import { gateSeverity } from '../../src/core/engine/severity';
import { assumptionSentences, estimateText, savingText } from '../../src/core/report/format';
import { percentRange, quantity, quantityRange, year } from '../../src/core/report/units';
import { defaultSettings } from '../../src/core/settings';
import type { FactPatch, FactValues, Finding, JobFacts, Phase, Range3 } from '../../src/core/types';

function job(phase: Phase, values: Partial<FactValues>): JobFacts {
  const facts: JobFacts['facts'] = {};
  for (const [k, v] of Object.entries(values)) (facts as Record<string, unknown>)[k] = { value: v, origin: 'explicit' };
  return { id: 'f#0', file: 'f', flavour: phase === 'training' ? 'hf-trainer' : 'transformers', phase, anchor: null, facts, dynamic: [], references: [] };
}

function ranges(v: unknown, out: Range3[] = []): Range3[] {
  if (Array.isArray(v)) v.forEach((x) => ranges(x, out));
  else if (v && typeof v === 'object') {
    const r = v as Range3;
    if (typeof r.low === 'number' && typeof r.mid === 'number' && typeof r.high === 'number') out.push(r);
    else Object.values(v).forEach((x) => ranges(x, out));
  }
  return out;
}

const ordered = (r: Range3) => r.low <= r.mid && r.mid <= r.high;

const hardware = fc.constantFrom('A100 80GB SXM', 'H100 SXM', 'V100', 'T4', 'L4', 'B200', 'A10G', 'K80');
const trainingFacts = fc.record(
  {
    params: fc.constantFrom(1.25e8, 1e9, 7e9, 70e9),
    hardware,
    devices: fc.constantFrom(1, 8, 64),
    precision: fc.constantFrom('fp32', 'tf32', 'bf16', 'fp16'),
    microBatch: fc.constantFrom(1, 2, 8, 32),
    gradAccum: fc.constantFrom(1, 4),
    seqLen: fc.constantFrom(512, 2048),
    tokens: fc.constantFrom(1e8, 1e10),
    compile: fc.boolean(),
    gradCheckpointing: fc.boolean(),
    region: fc.constantFrom('FR', 'PL', 'gcp:us-central1', 'world'),
  },
  { requiredKeys: ['hardware'] },
) as fc.Arbitrary<Partial<FactValues>>;
const trainingPatch = fc.constantFrom<FactPatch>(
  { precision: 'bf16' },
  { microBatch: 8, gradAccum: 1 },
  { gradAccum: 8 },
  { compile: true },
  { gradCheckpointing: true },
  { gradCheckpointing: true, microBatch: 4 },
  { hardware: 'A100 80GB SXM' },
  { region: 'FR' },
  { dataWorkers: 4 },
);
const inferenceFacts = fc.record(
  {
    params: fc.constantFrom(1.25e8, 8e9, 70e9),
    hardware,
    devices: fc.constantFrom(1, 2, 8),
    precision: fc.constantFrom('fp32', 'bf16'),
    inferenceBatch: fc.constantFrom(1, 8, 64),
    outputTokens: fc.constantFrom(0, 256),
    requestsPerDay: fc.constantFrom(1000, 1e6),
  },
  { requiredKeys: ['hardware'] },
) as fc.Arbitrary<Partial<FactValues>>;
const inferencePatch = fc.constantFrom<FactPatch>(
  { inferenceBatch: 32 },
  { precision: 'bf16' },
  { quantization: 'fp8' },
  { quantization: 'int4' },
  { gradDisabled: true },
  { reloadPerCall: false },
  { hardware: 'L4' },
);

describe('engine: every range is ordered (property)', () => {
  it('training estimates, rates and paired savings', () => {
    fc.assert(
      fc.property(trainingFacts, trainingPatch, fc.boolean(), (facts, patch, dropTokens) => {
        const f = { ...facts };
        if (dropTokens) delete f.tokens;
        const j = job('training', f);
        const e = estimateJob(j, defaultSettings);
        for (const r of ranges(e)) assert.ok(ordered(r), `estimate ${JSON.stringify(r)} for ${JSON.stringify(f)}`);
        const s = estimateSaving(j, patch, defaultSettings, patch.dataWorkers ? { dataWorkers: 0, perItemWork: 'heavy' } : {});
        for (const r of ranges(s)) assert.ok(ordered(r), `saving ${JSON.stringify(r)} for ${JSON.stringify(f)} with ${JSON.stringify(patch)}`);
      }),
      { numRuns: 120, seed: 10 },
    );
  });

  it('inference and serving estimates, rates and paired savings', () => {
    fc.assert(
      fc.property(inferenceFacts, inferencePatch, fc.constantFrom<Phase>('inference', 'serving'), (facts, patch, phase) => {
        const given: FactPatch = patch.gradDisabled ? { gradDisabled: false } : patch.reloadPerCall === false ? { reloadPerCall: true } : {};
        const j = job(phase, facts);
        for (const r of ranges(estimateJob(j, defaultSettings))) assert.ok(ordered(r), `estimate ${JSON.stringify(r)}`);
        const s = estimateSaving(j, patch, defaultSettings, given);
        for (const r of ranges(s)) assert.ok(ordered(r), `saving ${JSON.stringify(r)} for ${JSON.stringify(facts)} with ${JSON.stringify(patch)}`);
      }),
      { numRuns: 120, seed: 11 },
    );
  });
});

describe('engine: paired savings', () => {
  const base = job('training', { params: 7e9, tokens: 1e10, hardware: 'A100', precision: 'bf16', microBatch: 4, seqLen: 2048 });

  it('a saving is the quantiles of the paired difference, not a difference of quantiles', () => {
    const eager = job('training', { params: 7e9, tokens: 1e10, hardware: 'A100', precision: 'bf16', microBatch: 4, seqLen: 2048, compile: false });
    const compiled = job('training', { params: 7e9, tokens: 1e10, hardware: 'A100', precision: 'bf16', microBatch: 4, seqLen: 2048, compile: true });
    const before = estimateJob(eager, defaultSettings)!.energyKWh!;
    const after = estimateJob(compiled, defaultSettings)!.energyKWh!;
    const s = estimateSaving(eager, { compile: true }, defaultSettings)!;
    // differences of quantiles would say the fix might cost energy (the estimates' own spreads overlap) …
    assert.ok(before.low - after.high < 0, `${JSON.stringify(before)} vs ${JSON.stringify(after)}`);
    // … the paired difference knows the shared draws (MFU, power, PUE) cancel: only torch.compile's spread remains
    assert.ok(s.energyKWh!.low > 0);
  });

  it('gradient checkpointing costs energy and says what it trades; with a larger micro-batch it can pay for itself', () => {
    const tiny = job('training', { params: 7e9, tokens: 1e10, hardware: 'A100', precision: 'bf16', microBatch: 1, seqLen: 2048 });
    const c = estimateSaving(tiny, { gradCheckpointing: true }, defaultSettings)!;
    // 8·N vs 6·N FLOPs; HF docs: about 20 % slower
    assert.ok(c.energyFraction.mid < -0.15 && c.energyFraction.mid > -0.4, JSON.stringify(c.energyFraction));
    assert.match(c.trades!, /compute for memory/);
    assert.match(savingText(c), /^costs ~\d+–\d+% more energy/);
    const spent = estimateSaving(tiny, { gradCheckpointing: true, microBatch: 4 }, defaultSettings)!;
    assert.ok(spent.energyFraction.mid > c.energyFraction.mid);
  });

  it('a fix priced on a job with no total gives its saving per unit of the rate', () => {
    const noTokens = job('training', { params: 7e9, hardware: 'A100', precision: 'fp32', microBatch: 4, seqLen: 2048 });
    const s = estimateSaving(noTokens, { precision: 'bf16' }, defaultSettings)!;
    assert.equal(s.energyKWh, undefined);
    assert.equal(s.rate?.per, '1000 steps');
    assert.ok(s.rate!.energyKWh.low > 0);
    const unknown = estimateSaving(job('training', { hardware: 'A100', precision: 'fp32' }), { precision: 'bf16' }, defaultSettings)!;
    assert.equal(unknown.rate?.per, 'hour');
    assert.ok(unknown.energyFraction.low > 0.2);
  });

  it('prices no_grad, DataLoader workers and a reload per request from what the rule found', () => {
    const inf = job('inference', { params: 1.25e8, hardware: 'T4', inferenceBatch: 1, outputTokens: 0 });
    const g = estimateSaving(inf, { gradDisabled: true }, defaultSettings, { gradDisabled: false })!;
    assert.ok(g.energyFraction.low > 0 && g.energyFraction.high < 0.4, JSON.stringify(g.energyFraction));
    const big = estimateSaving(job('inference', { params: 70e9, hardware: 'H100', devices: 4, inferenceBatch: 64, outputTokens: 0 }), { gradDisabled: true }, defaultSettings, { gradDisabled: false })!;
    assert.ok(big.energyFraction.mid < g.energyFraction.mid, 'the gain is largest where the pass is launch-bound');
    const d = estimateSaving(base, { dataWorkers: 4 }, defaultSettings, { dataWorkers: 0, perItemWork: 'heavy' })!;
    assert.ok(d.energyFraction.low > 0.02 && d.energyFraction.high < 0.5, JSON.stringify(d.energyFraction));
    assert.deepEqual(estimateSaving(base, { dataWorkers: 4 }, defaultSettings)!.energyFraction, { low: 0, mid: 0, high: 0 }, 'no stall without heavy per-item work');
    const r = estimateSaving(job('inference', { params: 7e9, hardware: 'A100', inferenceBatch: 1 }), { reloadPerCall: false }, defaultSettings, { reloadPerCall: true })!;
    assert.ok(r.energyFraction.mid > 0.5, JSON.stringify(r.energyFraction));
  });
});

describe('engine: evaluation batch', () => {
  it("prices a training job's evaluation at a larger batch as its forward passes, and says it is the eval share", () => {
    // a 1,024-token forward pass of an 8B model already fills the GPU: batching it saves little
    const long = estimateSaving(job('training', { model: 'meta-llama/Llama-3.1-8B-Instruct', hardware: 'A100', precision: 'bf16', evalBatch: 1, seqLen: 1024 }), { evalBatch: 8 }, defaultSettings)!;
    assert.ok(long.energyFraction.mid < 0.15, JSON.stringify(long.energyFraction));
    // short sequences of a small model are launch-bound at batch 1
    const s = estimateSaving(job('training', { params: 1.25e8, hardware: 'A100', precision: 'bf16', evalBatch: 1, seqLen: 128 }), { evalBatch: 8 }, defaultSettings)!;
    assert.ok(s.energyFraction.mid > 0.3 && s.energyFraction.low > 0, JSON.stringify(s.energyFraction));
    assert.match(s.basis, /^evaluation forward passes/);
    assert.ok(s.conditions!.some((c) => c.includes("evaluation passes' energy")));
  });
});

describe('no saving, no warning', () => {
  const finding = (saving?: Finding['saving'], patch?: FactPatch): Finding => ({ rule: 'x/y', severity: 'warning', message: 'Do it.', file: 'f', span: null, range: null, ...(saving ? { saving } : {}), ...(patch ? { patch } : {}) });
  const s = (low: number, mid: number, high: number, extra: Partial<NonNullable<Finding['saving']>> = {}) => ({ energyFraction: { low, mid, high }, basis: 'b', ...extra });

  it('keeps a warning whose P10 saving is above zero', () => {
    const f = finding(s(0.2, 0.4, 0.6), { precision: 'bf16' });
    gateSeverity(f);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'Do it.');
  });

  it('makes info of a fix that costs energy, saves nothing, is unsure, or cannot be priced — and says which', () => {
    const costs = finding(s(-0.33, -0.25, -0.2, { trades: 'trades compute for memory' }), { gradCheckpointing: true });
    gateSeverity(costs);
    assert.equal(costs.severity, 'info');
    assert.match(costs.message, /costs 20–33 % more energy; it trades compute for memory/);
    const none = finding(s(0, 0, 0), { gradAccum: 8 });
    gateSeverity(none);
    assert.match(none.message, /finds no energy saving/);
    const unsure = finding(s(-0.1, 0.05, 0.2), { inferenceBatch: 8 });
    gateSeverity(unsure);
    assert.match(unsure.message, /not sure it saves energy/);
    const unpriced = finding(undefined, { task: 'x' });
    gateSeverity(unpriced);
    assert.equal(unpriced.severity, 'info');
  });

  it('a carbon-only fix (region) keeps its severity when its carbon saving is sure', () => {
    const f = finding(s(0, 0, 0, { co2Kg: { low: 10, mid: 20, high: 30 } }), { region: 'FR' });
    gateSeverity(f);
    assert.equal(f.severity, 'warning');
  });

  it('in the pipeline: a tiny-batch finding whose accumulation fix saves nothing is info', () => {
    const r = analyzeText('args.yaml', 'per_device_train_batch_size: 1\nlearning_rate: 2.0e-5\nbf16: true\nmodel_name_or_path: trl-internal-testing/tiny-Qwen2ForCausalLM-2.5\n', { settings: defaultSettings });
    for (const f of r.findings) {
      if (f.severity === 'warning') assert.ok(f.saving && f.saving.energyFraction.low > 0, `${f.rule}: warning without a saving`);
    }
  });
});

describe('units: one scaler', () => {
  it('scales energy from mJ to MJ and Wh to MWh, power, carbon and money', () => {
    assert.equal(quantity('J', 30000), '30 kJ');
    assert.equal(quantity('J', 0.03), '30 mJ');
    assert.equal(quantity('J', 3e7), '30 MJ');
    assert.equal(quantity('kWh', 0.25), '250 Wh');
    assert.equal(quantity('kWh', 30000), '30 MWh');
    assert.equal(quantity('W', 700), '700 W');
    assert.equal(quantity('kgCO2e', 0.012), '12 g CO2e');
    assert.equal(quantity('kgCO2e', 4500), '4.5 t CO2e');
    assert.equal(quantity('USD', 9000), '$9,000');
    assert.equal(quantity('USD', 0.5), '$0.50');
  });

  it('shows a range in one unit, a degenerate range as one number, years as years', () => {
    assert.equal(quantityRange('kWh', { low: 900, mid: 1200, high: 1800 }), '1.2 MWh (0.9–1.8)');
    assert.equal(quantityRange('USD', { low: 9000, mid: 9000, high: 9000 }), '$9,000');
    assert.equal(quantityRange('J', { low: 0.03, mid: 0.03, high: 0.031 }), '30 mJ (30–31)');
    assert.equal(year(2020), '2020');
    assert.equal(year(0), 'year not stated');
    assert.equal(percentRange({ low: 0.29, mid: 0.56, high: 0.73 }), '29–73 %');
  });

  it('an estimate reads with its basis and its assumptions as sentences', () => {
    const e = estimateJob(job('training', { model: 'meta-llama/Llama-2-7b-hf', tokens: 1e10, hardware: 'A100', devices: 8, precision: 'bf16' }), defaultSettings)!;
    assert.match(estimateText(e), /MWh|kWh/);
    assert.match(estimateText(e), /device-hours × \$5\.07 per A100 80GB SXM-hour/);
    const a = assumptionSentences(e);
    assert.ok(a.some((x) => /^The grid emits 475 gCO2e\/kWh \(world, 2019\)\.$/.test(x)), a.join('\n'));
    assert.ok(a.some((x) => x.startsWith('Source — hardware:')));
    assert.ok(a.every((x) => /[.)]$/.test(x)), 'sentences end as sentences');
  });
});
