// The accuracy contract, asserted: publishers' accounting within 1 %; training device-hours (leave-one-run-out)
// median |error| ≤ 15 %, none worse than 2×, low–high coverage ≥ 80 %; inference J/token held-out median |error|
// ≤ 20 % with every model held out, no deployment beyond ±50 %, every batch pair ordered as measured. `npm run
// validate` prints the same figures.
import { strict as assert } from 'node:assert';
import { calibrateInference } from '../../bench/accuracy/calibrate';
import { crossValidateInference, inferenceRows, orderingCheck, summariseInference } from '../../bench/accuracy/inference';
import { publisherChecks } from '../../bench/accuracy/publishers';
import { servingCase } from '../../bench/accuracy/serving-case';
import { calibrateMfu, crossValidateTraining, summariseTraining, trainingRows } from '../../bench/accuracy/training';
import { THRESHOLDS } from '../../bench/validate';
import { INFERENCE, MFU_BY_GENERATION } from '../../src/core/engine/priors';

describe('engine accuracy', () => {
  it("reproduces the publishers' own accounting within 1 %", () => {
    const checks = publisherChecks();
    assert.ok(checks.length >= 12);
    for (const c of checks) assert.ok(Math.abs(c.error) <= THRESHOLDS.publisherError, `${c.name} ${c.quantity}: ${c.error}`);
  });

  it('predicts published training device-hours (leave-one-run-out)', () => {
    const rows = trainingRows();
    assert.ok(rows.length >= 10);
    const s = summariseTraining(crossValidateTraining(rows));
    assert.ok(s.medianAbsError <= THRESHOLDS.trainingMedianAbsError, `median ${s.medianAbsError}`);
    assert.ok(s.worstRatio <= THRESHOLDS.trainingWorstRatio, `worst ${s.worstRatio}`);
    assert.ok(s.coverage >= THRESHOLDS.trainingCoverage, `coverage ${s.coverage}`);
  });

  it('ships the MFU priors that calibration on all runs gives', () => {
    const fitted = calibrateMfu(trainingRows());
    for (const [gen, v] of Object.entries(fitted)) assert.ok(Math.abs(MFU_BY_GENERATION[gen].mfu / v.mfu - 1) < 0.01, gen);
    assert.deepEqual(Object.keys(fitted).sort(), Object.keys(MFU_BY_GENERATION).sort());
  });

  it('predicts ML.ENERGY energy per output token for models it was not fitted on, per deployment, and orders every batch pair', function () {
    this.timeout(120000);
    const rows = inferenceRows();
    const held = crossValidateInference(rows, calibrateInference);
    const s = summariseInference(rows, held);
    assert.ok(s.models >= 10 && s.rows > 300);
    assert.ok(s.medianAbsErrorHeldOut <= THRESHOLDS.inferenceMedianAbsError, `held-out median ${s.medianAbsErrorHeldOut}`);
    for (const d of s.deployments) assert.ok(Math.abs(d.medianError) <= THRESHOLDS.inferenceDeploymentError, `${d.task} ${d.deployment}: ${d.medianError}`);
    const o = orderingCheck(rows, undefined, held);
    assert.ok(o.batchPairs > 1000);
    assert.deepEqual(o.wrong.filter((w) => w.kind === 'batch').map((w) => `${w.a.deployment} ${w.a.maxNumSeqs}/${w.b.maxNumSeqs}`), []);
    const shipped = orderingCheck(rows);
    assert.ok(shipped.wrong.length <= THRESHOLDS.precisionPairsWrong && shipped.batchWrong === 0, JSON.stringify(shipped.wrong.map((w) => w.a.deployment)));
  });

  it('ships the inference constants that fitting on every row gives', function () {
    this.timeout(60000);
    const fitted = calibrateInference();
    for (const [k, v] of Object.entries(fitted)) {
      if (typeof v !== 'number') continue;
      const shipped = (INFERENCE as Record<string, unknown>)[k] as number;
      assert.ok(Math.abs(shipped - v) <= 0.02 * Math.abs(v) + 1e-9, `${k}: shipped ${shipped}, fitted ${v}`);
    }
  });

  it('the 300M / 100k-requests-a-day case is idle-dominated on every common serving GPU, and flagged', () => {
    const rows = servingCase();
    assert.equal(rows.length, 5);
    for (const r of rows) {
      assert.ok(r.idleShare > 0.9 && r.flagged, r.hardware);
      assert.ok(r.acceleratorKWhPerDay.mid > 0.2 && r.acceleratorKWhPerDay.mid < 2, `${r.hardware}: ${r.acceleratorKWhPerDay.mid}`);
    }
    // Inference-class cards land inside the rule of thumb's 0.8–1.2 kWh/day at facility level (host share, PUE).
    for (const r of rows.filter((x) => ['T4', 'L4', 'A10G'].includes(x.hardware))) {
      assert.ok(r.facilityKWhPerDay.low < 1.2 && r.facilityKWhPerDay.high > 0.8, `${r.hardware}: ${JSON.stringify(r.facilityKWhPerDay)}`);
    }
  });
});
