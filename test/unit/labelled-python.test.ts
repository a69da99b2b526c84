// Precision and recall of the in-process Python checks on test/labelled/python (realistic scripts and a notebook
// written for measurement, not the rule fixtures). Same scoring as labelled.test.ts.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './fixtures';
import { formatScores, scoreLabelledSet } from './labelled.test';

describe('labelled set: in-process Python', () => {
  const dir = join(repoRoot, 'test', 'labelled', 'python');
  it('overall precision ≥ 0.85 and recall ≥ 0.7 on test/labelled/python', function () {
    if (!existsSync(dir)) this.skip();
    const { scores, details } = scoreLabelledSet(dir);
    console.log(`\n${formatScores(scores)}\n${details.map((d) => `  ${d}`).join('\n')}`);
    const t = scores.reduce((a, s) => ({ tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });
    assert.ok(t.tp + t.fn >= 15, 'the set has enough labels to measure');
    assert.ok(t.tp / Math.max(1, t.tp + t.fp) >= 0.85, `precision ${t.tp}/${t.tp + t.fp}`);
    assert.ok(t.tp / Math.max(1, t.tp + t.fn) >= 0.7, `recall ${t.tp}/${t.tp + t.fn}`);
  });
});
