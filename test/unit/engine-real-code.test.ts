// The engine's figures on real code (issue 10), as a property over every job and finding a scan of a fixed sample
// of ../shared/corpus returns: no range out of order (estimates, rates and savings), no warning whose paired saving
// is not above zero, and at least 80 % of jobs with an estimate or a rate. `node out/bench/real-code.js` runs the
// same check over the whole corpus (docs/accuracy.md). Skipped, saying so, without the corpus.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realCodeFigures } from '../../bench/accuracy/real-code';
import { scanPaths } from '../../src/cli/scan';
import { toJsonReport } from '../../src/core/report/json';
import { CORPUS, corpusPresent } from '../corpus/run';

/** Every 40th file of the corpus manifest, in path order: a fixed sample across all 23 repositories. */
function sample(): string[] {
  const rows = JSON.parse(readFileSync(join(CORPUS, 'MANIFEST.json'), 'utf8')) as { repo: string; path: string }[];
  return rows
    .map((r) => `${r.repo.replace('/', '+')}/${r.path}`)
    .sort()
    .filter((_, i) => i % 40 === 0);
}

describe('engine on real code (a fixed sample of ../shared/corpus)', function () {
  let figures: ReturnType<typeof realCodeFigures>;
  before(function () {
    if (!corpusPresent()) {
      console.log('    (skipped: ../shared/corpus is absent; set WATTLINT_CORPUS to check the engine on real code)');
      this.skip();
    }
    this.timeout(600_000);
    const io = { cwd: CORPUS, out: () => undefined, err: () => undefined };
    const { report } = scanPaths(io, { paths: sample(), format: 'json', estimates: true });
    figures = realCodeFigures(toJsonReport(report));
  });

  it('orders every range of every estimate, rate and saving', () => {
    assert.ok(figures.rangesChecked > 50, `only ${figures.rangesChecked} ranges`);
    assert.deepEqual(figures.outOfOrder, []);
  });

  it('warns only where the paired saving is above zero', () => {
    assert.deepEqual(figures.warningsWithoutSaving, []);
  });

  it('gives most jobs an estimate or a rate, and names what each lacks', () => {
    assert.ok(figures.jobs > 10, `only ${figures.jobs} jobs`);
    assert.ok(figures.coverage >= 0.8, `coverage ${figures.coverage}`);
    assert.ok(Object.keys(figures.missing).length > 0);
  });
});
