// Real-code accuracy in `npm test`: today's analyser scored against the judgements in test/corpus/labels/ (made by
// reading public ML repositories in ../shared/corpus; test/corpus/README.md). Skipped, saying so, without the corpus.
import assert from 'node:assert/strict';
import { corpusPresent, scoreCorpus, type CorpusScore } from '../corpus/run';
import { precision, recall, scoreTables } from '../corpus/score';

// Floors the figures must not fall below (docs/accuracy-rules.md gives the measured values).
const FLOOR = { precision: 0, warningPrecision: 0, perRulePrecision: 0, perRuleMinJudged: 10, recall: 0 };

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
});
