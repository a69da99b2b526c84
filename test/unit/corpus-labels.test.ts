// Real-code accuracy in `npm test`: today's analyser scored against the judgements in test/corpus/labels/ (made by
// reading public ML repositories in ../shared/corpus; test/corpus/README.md). Skipped, saying so, without the corpus.
import assert from 'node:assert/strict';
import { corpusPresent, OTHER_CORPORA, scoreCorpus, type CorpusScore } from '../corpus/run';
import { precision, recall, scoreTables } from '../corpus/score';
import { rulePrecisionTable } from '../../src/core/data/rule-precision';
import { allRules } from '../../src/core/rules';

// Floors the figures must not fall below (docs/accuracy-rules.md gives the measured values).
// Measured 2026-12-02, session 4 (all samples): precision 0.85 (83/98), no warning judged, lowest rule with >= 10
// judged 0.62 (fp32-inference), recall 0.91. The floors sit a little below, so a change that loses ground fails.
// The held-out samples of the other corpora (docs/accuracy-rules.md): corpus2 s10 was 6/89 = 0.07 when fresh (session 3)
// and is 6/11 after session 4 tuned on it; corpus3 s11 was 19/54 = 0.35, recall 1/3, when fresh (session 4), 19/36
// after session 5 tuned on it; corpus4 s13 was 20/70 = 0.29, recall 2/6, when fresh (session 5), 20/49 after
// session 6; corpus5 s14 was 4/22 = 0.18, recall 0/7, when fresh (session 6), 4/5, recall 3/7, after session 6 tuned
// on it; corpus6 s15 was 11/52 = 0.21, recall 0/5, when fresh (the last measurement of session 6), 9/24 after session 7
// tuned on it; corpus7 s16 was 31/109 = 0.28, recall 1/8, when fresh (session 7, analyser at 9e5cbb6), 31/68 after
// session 7 tuned on it; corpus8 s17 (batch X only) was 2/21, recall 0/5, when fresh (session 7, fe83c07), 2/16 after
// two no-grad mechanisms from it; corpus8 s18 (batches V and W, drawn afresh in session 9) was 7/26, recall 0/3, when
// fresh (analyser at 1279eb0). After session 9: corpus7 31/65, recall 4/8; corpus8 (s17 + s18) 9/39, recall 2/8.
// corpus9 s19 (session 11, drawn and judged before any change on it, analyser at 7933562) was 8/30, recall 5/7;
// 9/21 after session 11 tuned on it (one more judged true positive: a second branch's generate). corpus10 s20
// (session 13, drawn and judged before any change on it, analyser with that session's narrow-layer change) was
// 5/14, recall 3/4. corpus11 s21 (session 14, drawn and judged before any change on it, analyser at 3cd0a58) was
// 8/33, recall 1/2 (api/unbounded-output 0/12). Session 14 made api/unbounded-output opt-in (0 of 13 right on the
// fresh corpora 10 and 11): its 3 positives in the shared corpus's read files are misses in the default
// configuration, so the shared recall floor is 0.8 (0.82 measured; 0.91 with the rule on). corpus12 s22 (session 14,
// drawn and judged after that session's tuning on corpus11, analyser at aee57a6, nothing tuned on it) was 5/21,
// recall 0/8. corpus13 s23 (session 15, drawn and judged after that session's scale evidence for the raw-loop
// rules, analyser at 84ec2ce, nothing tuned on it) was 2/16, recall 0/3; corpus14 s24 (session 15, after tuning on
// corpus13, analyser at 451c5f9, nothing tuned on it) 0/3, recall 0/4; corpus15 s25 (session 17, analyser at 00eae62,
// nothing tuned on it) 2/11, recall 0/2.
// Floors just below today's, so a change that loses ground fails.
const HELD_OUT_FLOOR: Record<string, { precision: number; recall: number }> = {
  corpus2: { precision: 0.5, recall: 0.4 },
  corpus3: { precision: 0.33, recall: 0.3 },
  corpus4: { precision: 0.38, recall: 0.45 },
  corpus5: { precision: 0.75, recall: 0.4 },
  corpus6: { precision: 0.36, recall: 0 },
  corpus7: { precision: 0.46, recall: 0.45 },
  corpus8: { precision: 0.2, recall: 0.2 },
  corpus9: { precision: 0.4, recall: 0.7 },
  corpus10: { precision: 0.33, recall: 0.7 },
  corpus11: { precision: 0.33, recall: 0.45 },
  corpus12: { precision: 0.2, recall: 0 },
  corpus13: { precision: 0.1, recall: 0 },
  corpus14: { precision: 0, recall: 0 },
  corpus15: { precision: 0.15, recall: 0 },
};
const FLOOR = { precision: 0.82, warningPrecision: 0.85, perRulePrecision: 0.6, perRuleMinJudged: 10, recall: 0.8 };

describe('real-code accuracy (../shared/corpus labels)', function () {
  let r: CorpusScore;
  before(function () {
    if (!corpusPresent()) {
      console.log('    (skipped: ../shared/corpus is absent; set WATTLINT_CORPUS to score the labels)');
      this.skip();
    }
    this.timeout(300_000);
    r = scoreCorpus();
    console.log(scoreTables(r.score).replace(/^/gm, '    '));
  });

  it('every label parses and names the corpus file it was made on', function () {
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.stale.map((l) => `${l.repo} ${l.path}`), []);
    assert.ok(r.labels.length > 0, 'no labels');
  });

  it('judged findings: precision at or above the floor, overall, for warnings and per rule', function () {
    const all = r.score.judged.get('all');
    assert.ok(precision(all) >= FLOOR.precision, `precision ${precision(all)}`);
    assert.ok(precision(r.score.judgedWarnings) >= FLOOR.warningPrecision || r.score.judgedWarnings.tp + r.score.judgedWarnings.fp === 0);
    for (const [rule, t] of r.score.judged) {
      if (rule === 'all' || t.tp + t.fp < FLOOR.perRuleMinJudged) continue;
      assert.ok(precision(t) >= FLOOR.perRulePrecision, `${rule}: precision ${precision(t)}`);
    }
  });

  it('files read in full: recall at or above the floor', function () {
    assert.ok(recall(r.score.files.get('all')) >= FLOOR.recall || !r.score.files.get('all'), `recall ${recall(r.score.files.get('all'))}`);
  });

  it('the measured default severities (src/core/data/rule-precision.json) are today\'s judged figures', function () {
    const t = rulePrecisionTable();
    assert.deepEqual([...t.source.samples].sort(), [...new Set(r.labels.map((l) => l.sample))].sort(), 'the table is measured on every sample');
    const today = r.score.judged;
    const differ = t.rules
      .map((row) => ({ row, now: today.get(row.rule) ?? { tp: 0, fp: 0, fn: 0 } }))
      .filter(({ row, now }) => row.judged !== now.tp + now.fp || row.tp !== now.tp)
      .map(({ row, now }) => `${row.rule}: table ${row.tp}/${row.judged}, today ${now.tp}/${now.tp + now.fp}`);
    assert.deepEqual(differ, [], 'run `npm run compile && node out/test/corpus/report.js --write-precision` and `npm run docs`');
    assert.deepEqual(t.rules.map((r) => r.rule).sort(), allRules.map((r) => r.meta.id).sort());
  });

  it('no rule warns by default below the precision threshold', function () {
    for (const rule of allRules) {
      const m = rule.meta.measured;
      if (m && rule.meta.severity !== 'info') assert.ok(m.precision >= rulePrecisionTable().threshold, `${rule.meta.id}: ${m.tp}/${m.judged}`);
    }
  });
});

// The other corpora (test/corpus/corpus2/, corpus3/ README.md): their files are not in the project, so each runs only
// where $WATTLINT_CORPUS2 / $WATTLINT_CORPUS3 points at a copy; its held-out sample is the figure measured before anyone
// tuned the rules on it.
for (const other of OTHER_CORPORA) {
  describe(`other corpus ${other.name} ($${other.env})`, function () {
    let r: CorpusScore;
    before(function () {
      if (!corpusPresent(other.dir)) {
        console.log(`    (skipped: set ${other.env} to a copy of ${other.name}, test/corpus/${other.name}/repos.json)`);
        this.skip();
      }
      this.timeout(300_000);
      r = scoreCorpus(other.heldOut, { corpus: other.dir!, labels: other.labels });
      console.log(scoreTables(r.score).replace(/^/gm, '    '));
    });

    it('every label parses and names the file it was made on', function () {
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.stale.map((l) => `${l.repo} ${l.path}`), []);
      assert.ok(r.labels.some((l) => other.heldOut.includes(l.sample)), 'no held-out labels');
    });

    it(`the ${other.name} block of src/core/data/rule-precision.json is today's judged figures there`, function () {
      const all = scoreCorpus(undefined, { corpus: other.dir!, labels: other.labels });
      const t = rulePrecisionTable().corpora?.[other.name];
      const fix = `run \`node out/test/corpus/report.js --corpus ${other.name} --write-precision\` and \`npm run docs\``;
      assert.ok(t, `no ${other.name} block: ${fix}`);
      assert.deepEqual([...t.samples].sort(), [...new Set(all.labels.map((l) => l.sample))].sort());
      const differ = t.rules
        .map((row) => ({ row, now: all.score.judged.get(row.rule) ?? { tp: 0, fp: 0, fn: 0 } }))
        .filter(({ row, now }) => row.judged !== now.tp + now.fp || row.tp !== now.tp)
        .map(({ row, now }) => `${row.rule}: table ${row.tp}/${row.judged}, today ${now.tp}/${now.tp + now.fp}`);
      assert.deepEqual(differ, [], fix);
    });

    it('held-out figures at or above their floors', function () {
      const floor = HELD_OUT_FLOOR[other.name];
      const all = r.score.judged.get('all');
      assert.ok(precision(all) >= floor.precision, `precision ${precision(all)}`);
      assert.ok(recall(r.score.files.get('all')) >= floor.recall || !r.score.files.get('all'), `recall ${recall(r.score.files.get('all'))}`);
    });
  });
}
