// Precision and recall of the rules on the labelled sets in test/labelled/ (realistic files written for
// measurement, not the rule fixtures): core (written first, across all rules), config (written after the config
// rules, measured once) and python (in-process Python and a notebook). test/labelled/api is scored line-exactly
// by labelled-api.test.ts. Targets of issue 2: precision ≥ 0.85, recall ≥ 0.7 on each set and overall.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './fixtures';
import { formatScores, scoreLabelledSet, type RuleScore } from './labelled';

const total = (scores: RuleScore[]) => scores.reduce((a, s) => ({ tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });

describe('labelled sets: precision and recall', () => {
  const all: RuleScore[] = [];
  for (const [set, minLabels] of [['core', 20], ['config', 10], ['python', 15]] as const) {
    it(`precision ≥ 0.85 and recall ≥ 0.7 on test/labelled/${set}`, function () {
      const dir = join(repoRoot, 'test', 'labelled', set);
      if (!existsSync(dir)) this.skip();
      const { scores, details } = scoreLabelledSet(dir);
      all.push(...scores);
      console.log(`\ntest/labelled/${set}\n${formatScores(scores)}\n${details.map((d) => `  ${d}`).join('\n')}`);
      const t = total(scores);
      assert.ok(t.tp + t.fn >= minLabels, `the set has enough labels to measure (${t.tp + t.fn})`);
      assert.ok(t.tp / Math.max(1, t.tp + t.fp) >= 0.85, `precision ${t.tp}/${t.tp + t.fp}`);
      assert.ok(t.tp / Math.max(1, t.tp + t.fn) >= 0.7, `recall ${t.tp}/${t.tp + t.fn}`);
    });
  }
  it('overall, per rule', () => {
    const merged = new Map<string, RuleScore>();
    for (const s of all) {
      const m = merged.get(s.rule) ?? { rule: s.rule, tp: 0, fp: 0, fn: 0 };
      merged.set(s.rule, { rule: s.rule, tp: m.tp + s.tp, fp: m.fp + s.fp, fn: m.fn + s.fn });
    }
    const scores = [...merged.values()].sort((a, b) => a.rule.localeCompare(b.rule));
    console.log(`\nall three sets\n${formatScores(scores)}`);
    const t = total(scores);
    assert.ok(t.tp / Math.max(1, t.tp + t.fp) >= 0.85 && t.tp / Math.max(1, t.tp + t.fn) >= 0.7);
  });
});
