// Severity follows measured precision (issue 8): the default severity of each rule, from the judged figures of
// src/core/data/rule-precision.json. Runs without any corpus (the figures are bundled).
import assert from 'node:assert/strict';
import { measuredPrecision, measuredSeverity, rulePrecisionTable } from '../../src/core/data/rule-precision';
import { allRules } from '../../src/core/rules';
import { measuredText } from '../../src/core/report/rule-docs';

describe('default severity from measured precision', () => {
  const t = rulePrecisionTable();

  it('a rule warns by default only with enough judged findings at or above the threshold', () => {
    for (const rule of allRules) {
      const m = measuredPrecision(rule.meta.id);
      if (rule.meta.severity === 'info' || !m) continue;
      assert.ok(m.precision >= t.threshold, `${rule.meta.id}: ${m.tp}/${m.judged} below ${t.threshold}`);
      assert.ok(m.judged >= t.minJudgedToWarn, `${rule.meta.id}: only ${m.judged} judged`);
    }
  });

  it('lowers an authored warning to info when the judged findings are too few or too often wrong, and keeps it otherwise', () => {
    const measured = allRules.map((r) => ({ id: r.meta.id, m: measuredPrecision(r.meta.id) })).filter((x) => x.m);
    assert.ok(measured.length > 0, 'no measured rule');
    for (const { id, m } of measured) {
      const enough = m!.judged >= t.minJudgedToWarn && m!.precision >= t.threshold;
      assert.equal(measuredSeverity(id, 'warning'), enough ? 'warning' : 'info', `${id}: ${m!.tp}/${m!.judged}`);
      assert.equal(measuredSeverity(id, 'info'), 'info');
    }
    // a rule never judged keeps its author's severity
    assert.equal(measuredSeverity('no/such-rule', 'warning'), 'warning');
  });

  it('the rule docs say why a measured rule does not warn', () => {
    for (const rule of allRules) {
      const authored = rule.meta.authoredSeverity ?? rule.meta.severity;
      if (authored === rule.meta.severity) continue;
      const m = rule.meta.measured!;
      const why = m.precision < t.threshold ? `below ${t.threshold.toFixed(2)}` : 'too few judged findings';
      assert.ok(measuredText(rule).includes(why), `${rule.meta.id}: ${measuredText(rule)}`);
    }
  });
});
