// The vendored-code policy: the rules stay silent in copies of other projects kept in a repository (Ruff-like
// default folders, and a published ML library's folder inside `dependencies/` / `deps/`), configurable like
// `test-files` (`vendored-files` replaces the list, `[]` turns the policy off, `extend-vendored-files` adds).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isVendoredPath } from '../../src/core/analyze';
import { parseConfigText } from '../../src/core/config/load';
import { config, findings } from './path-policy-fixture';
import { defaultSettings, DEFAULT_VENDORED_FILES } from '../../src/core/settings';

describe('vendored-code policy', () => {
  it('matches vendor folders and copied libraries in any folder, and the project\'s own code nowhere', () => {
    for (const p of [
      'vendor/x/train.py', 'pkg/_vendor/lib/train.py', 'third_party/repo/train.py', 'a/3rdparty/b.py', 'external/mod/run.py',
      'a/.venv/lib/python3.11/site-packages/m/train.py', 'site-packages/m.py', 'nb/.ipynb_checkpoints/train-checkpoint.ipynb',
      'bench/dependencies/lm_eval/models/gpt2.py', 'x/dependencies/suite/deps/transformers/trainer.py', 'deps/torch/nn/mod.py',
    ]) assert.ok(isVendoredPath(defaultSettings, p), p);
    for (const p of [
      'train.py', 'src/transformers/trainer.py', 'vendors.py', 'vendor_utils/train.py', 'externals.py', 'bench/dependencies/previous_version/run.py',
      'dependencies/my_eval/models/run.py', 'scripts/lm_eval/run.py', 'my_external/train.py',
    ]) assert.ok(!isVendoredPath(defaultSettings, p), p);
    assert.deepEqual(defaultSettings.vendoredFiles, [...DEFAULT_VENDORED_FILES]);
  });

  it('runs no rule on vendored code but still reads its jobs', () => {
    assert.ok(findings('train.py').findings.some((f) => f.rule === 'precision/fp32-training'), 'the same code in the project is flagged');
    const v = findings('third_party/repo/train.py');
    assert.deepEqual(v.findings, []);
    assert.equal(v.vendored, true);
    assert.ok(v.jobs.length > 0, 'jobs are still extracted');
    assert.equal(findings('train.py').vendored, undefined);
  });

  it('`vendored-files = []` lints vendored code; a custom list replaces the default; `extend-vendored-files` adds', () => {
    assert.ok(findings('vendor/x/train.py', config('vendored-files = []\n')).findings.length > 0);
    const custom = config('vendored-files = ["forks/**"]\n');
    assert.ok(findings('vendor/x/train.py', custom).findings.length > 0);
    assert.deepEqual(findings('forks/x/train.py', custom).findings, []);
    const ext = config('extend-vendored-files = ["examples/legacy/**"]\n');
    assert.deepEqual(findings('examples/legacy/train.py', ext).findings, []);
    assert.deepEqual(findings('vendor/x/train.py', ext).findings, []);
  });

  it('the editor setting `wattlint.vendoredFiles` defaults to the same list', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.configuration.properties['wattlint.vendoredFiles'].default, [...DEFAULT_VENDORED_FILES]);
  });

  it('rejects a vendored-files value that is not a list of globs, naming the key', () => {
    const r = parseConfigText('pyproject.toml', '[tool.wattlint]\nvendored-files = "vendor/**"\n');
    assert.ok(!r.ok);
    assert.equal(r.errors[0].key, 'tool.wattlint.vendored-files');
  });
});
