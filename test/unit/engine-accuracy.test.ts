// The accuracy contract, asserted: publishers' accounting within 1 %; training device-hours (leave-one-run-out)
// median |error| ≤ 15 %, none worse than 2×, low–high coverage ≥ 80 %; inference J/token held-out median |error|
// ≤ 25 % and every batch/precision pair ordered as measured. `npm run validate` prints the same figures.
import { strict as assert } from 'node:assert';
import { inferenceRows, orderingCheck, summariseInference } from '../../bench/accuracy/inference';
import { publisherChecks } from '../../bench/accuracy/publishers';
import { servingCase } from '../../bench/accuracy/serving-case';
import { calibrateMfu, crossValidateTraining, summariseTraining, trainingRows } from '../../bench/accuracy/training';
import { THRESHOLDS } from '../../bench/validate';
import { MFU_BY_GENERATION } from '../../src/core/engine/priors';

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

  it('predicts ML.ENERGY energy per output token on held-out rows and orders every pair', () => {
    const rows = inferenceRows();
    const s = summariseInference(rows);
    assert.ok(s.holdoutRows > 100);
    assert.ok(s.medianAbsErrorHoldout <= THRESHOLDS.inferenceMedianAbsError, `held-out median ${s.medianAbsErrorHoldout}`);
    const o = orderingCheck(rows);
    assert.ok(o.correct > 1000);
    assert.deepEqual(o.wrong.map((w) => `${w.a.model} ${w.a.maxNumSeqs}/${w.b.maxNumSeqs}`), []);
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
