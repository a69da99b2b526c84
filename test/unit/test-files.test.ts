// The test-file policy: the rules stay silent in test files (pytest / unittest naming by default), the list is
// configurable like Ruff's (`test-files` replaces it, `[]` turns the policy off, `extend-test-files` adds), and a
// test file is still parsed and its jobs read.
import { strict as assert } from 'node:assert';
import { isTestPath } from '../../src/core/analyze';
import { parseConfigText } from '../../src/core/config/load';
import { config, findings } from './path-policy-fixture';
import { defaultSettings, DEFAULT_TEST_FILES } from '../../src/core/settings';

describe('test-file policy', () => {
  it('matches pytest and unittest names in any folder, and nothing else', () => {
    for (const p of ['tests/test_train.py', 'pkg/tests/unit/helpers.py', 'test/x.py', 'a/test_loop.py', 'a/loop_test.py', 'conftest.py', 'a/b/conftest.py', 'test_fixtures/model/config.yaml', 'a/test_data/run.yaml', 'a/_test_examples.py', 'ch04/06_swa/tests.py', 'pkg/model_tests.py', 'unit_tests/helpers.py']) {
      assert.ok(isTestPath(defaultSettings, p), p);
    }
    for (const p of ['train.py', 'src/attest.py', 'latest/train.py', 'testing_utils.py', 'contest.py', 'scripts/run_tests.sh', 'testing/train.py', 'a/latest_fixtures/config.yaml', 'test.py', 'eval/test.py', 'contests.py', 'a/latests/x.py']) {
      assert.ok(!isTestPath(defaultSettings, p), p);
    }
    assert.deepEqual(defaultSettings.testFiles, [...DEFAULT_TEST_FILES]);
  });

  it('runs no rule on a test file but still reads its jobs', () => {
    const src = findings('train.py');
    assert.ok(src.findings.some((f) => f.rule === 'precision/fp32-training'), 'the same code outside tests is flagged');
    const t = findings('tests/test_train.py');
    assert.deepEqual(t.findings, []);
    assert.equal(t.testFile, true);
    assert.ok(t.jobs.length > 0, 'jobs are still extracted');
    assert.deepEqual(t.errors, []);
  });

  it('`test-files = []` lints tests; a custom list replaces the default; `extend-test-files` adds to it', () => {
    assert.ok(findings('tests/test_train.py', config('test-files = []\n')).findings.length > 0);
    const custom = config('test-files = ["unit/**"]\n');
    assert.ok(findings('tests/test_train.py', custom).findings.length > 0);
    assert.deepEqual(findings('unit/x.py', custom).findings, []);
    const ext = config('extend-test-files = ["benchmarks/**"]\n');
    assert.deepEqual(findings('benchmarks/bench_loop.py', ext).findings, []);
    assert.deepEqual(findings('tests/test_train.py', ext).findings, []);
  });

  it('rejects a test-files value that is not a list of globs, naming the key', () => {
    const r = parseConfigText('pyproject.toml', '[tool.wattlint]\ntest-files = "tests/**"\n');
    assert.ok(!r.ok);
    assert.equal(r.errors[0].key, 'tool.wattlint.test-files');
  });
});
