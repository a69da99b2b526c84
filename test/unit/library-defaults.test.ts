// The shared library-defaults table, the version ranges it is keyed by, and the reader of a project's declared
// dependency versions: the table validates, every row is sourced, a name resolves to the rows that are about it,
// and the declared range picks one value (or says it depends on the installed version).
import { strict as assert } from 'node:assert';
import table from '../../src/core/data/library-defaults.json';
import { appliesTo, libraryDefault, libraryDefaults, LibraryDefaultsTableSchema, nameMatches, newestRow, precisionOf, resolveDefault } from '../../src/core/data/library-defaults';
import { parseRange, parseVersion, rangesIntersect, rangeWithin, versionInRange } from '../../src/core/data/versions';
import { declaredVersion, parseRequirement } from '../../src/core/extract/deps';
import { memoryWorkspace } from '../../src/node/workspace';

const range = (s: string) => {
  const r = parseRange(s);
  assert.ok(r, `range ${s}`);
  return r;
};
const admits = (spec: string, v: string) => versionInRange(parseVersion(v)!, range(spec));

describe('version ranges', () => {
  it('reads PEP 440, Poetry and conda specifiers', () => {
    assert.ok(admits('>=4.51.3,!=4.52.0,<=5.5.0', '5.5.0'));
    assert.ok(!admits('>=4.51.3,<=5.5.0', '5.5.1'));
    assert.ok(admits('>=v4.51.0,<4.52', '4.51.9') && !admits('>=v4.51.0,<4.52', '4.52.0'));
    assert.ok(admits('~=0.19.0', '0.19.4') && !admits('~=0.19.0', '0.20.0'));
    assert.ok(admits('==4.*', '4.99') && !admits('==4.*', '5.0'));
    assert.ok(admits('^4.52.4', '4.99.0') && !admits('^4.52.4', '5.0.0'));
    assert.ok(admits('^0.19.1', '0.19.9') && !admits('^0.19.1', '0.20.0'));
    assert.ok(admits('~1.2.3', '1.2.9') && !admits('~1.2.3', '1.3.0'));
    assert.ok(admits('=1.9.0', '1.9.0.post1') && !admits('=1.9', '1.10'));
    assert.ok(admits('4.4.2', '4.4.2') && !admits('4.4.2', '4.4.3'));
    assert.ok(admits('', '123') && admits('*', '0.1'));
    assert.equal(parseRange('>=banana'), undefined);
    assert.deepEqual(parseVersion('0.19.0rc1'), [0, 19, 0]);
    assert.deepEqual(parseVersion('2.7.0+cu121'), [2, 7, 0]);
  });

  it('intersects and contains', () => {
    assert.ok(rangesIntersect(range('>=4.56.2'), range('>=5')));
    assert.ok(rangesIntersect(range('>=4.56.2'), range('<5')));
    assert.ok(!rangesIntersect(range('>=4.51,<4.57'), range('>=5')));
    assert.ok(!rangesIntersect(range('<5'), range('>=5')));
    assert.ok(rangesIntersect(range('<=5'), range('>=5')));
    assert.ok(rangeWithin(range('>=5.1,<6'), range('>=5')));
    assert.ok(!rangeWithin(range('>=4.9'), range('>=5')));
  });
});

describe('library defaults table', () => {
  it('validates, has unique ids and a source and check on every row', () => {
    assert.ok(libraryDefaults().length >= 8);
    for (const r of libraryDefaults()) {
      assert.ok(r.source.length > 0 && r.checked.length > 8, r.id);
      assert.ok(parseRange(r.versions), r.id);
    }
  });

  it('rejects a row without a source, a bad range or a duplicate id', () => {
    const t = structuredClone(table) as { defaults: Record<string, unknown>[] };
    const noSource = structuredClone(t);
    noSource.defaults[0].source = [];
    assert.equal(LibraryDefaultsTableSchema.safeParse(noSource).success, false);
    const badRange = structuredClone(t);
    badRange.defaults[0].versions = '>=soon';
    assert.equal(LibraryDefaultsTableSchema.safeParse(badRange).success, false);
    const dup = structuredClone(t);
    dup.defaults.push(dup.defaults[0]);
    assert.equal(LibraryDefaultsTableSchema.safeParse(dup).success, false);
  });

  it('matches qualified names by pattern, with exceptions', () => {
    assert.ok(nameMatches('trl.**.*Config', 'trl.SFTConfig'));
    assert.ok(nameMatches('trl.**.*Config', 'trl.experimental.gkd.GKDConfig'));
    assert.ok(!nameMatches('trl.**.*Config', 'trl.SFTTrainer'));
    assert.ok(!nameMatches('trl.**.*Config', 'mytrl.SFTConfig'));
    assert.ok(nameMatches('transformers.**.from_pretrained', 'transformers.AutoModelForCausalLM.from_pretrained'));
    assert.ok(!nameMatches('transformers.**.from_pretrained', 'GPT.from_pretrained'));
    const trl = libraryDefault('trl/trainer-config-bf16');
    assert.ok(appliesTo(trl, 'trl.GRPOConfig'));
    assert.ok(!appliesTo(trl, 'trl.ModelConfig'));
  });

  it('resolves TRL configs by the declared TRL version', () => {
    assert.equal(precisionOf(resolveDefault('trl.SFTConfig', 'bf16', range('>=0.20'))), 'bf16');
    assert.equal(precisionOf(resolveDefault('trl.SFTConfig', 'bf16', range('==0.8.6'))), 'fp32');
    const open = resolveDefault('trl.SFTConfig', 'bf16', range('>=0.8'));
    assert.equal(open.kind, 'depends');
    assert.equal(open.kind === 'depends' && newestRow(open.rows)?.precision, 'bf16');
    assert.equal(resolveDefault('trl.SFTConfig', 'bf16').kind, 'depends');
    assert.equal(resolveDefault('trl.ModelConfig', 'bf16').kind, 'none');
  });

  it('resolves the from_pretrained dtype by library and version', () => {
    assert.equal(precisionOf(resolveDefault('transformers.AutoModel.from_pretrained', 'dtype', range('==4.4.2'))), 'fp32');
    assert.equal(precisionOf(resolveDefault('transformers.AutoModel.from_pretrained', 'dtype', range('>=5.0'))), 'auto');
    assert.equal(resolveDefault('transformers.AutoModel.from_pretrained', 'dtype', range('>=4.56.2')).kind, 'depends');
    assert.equal(precisionOf(resolveDefault('diffusers.StableDiffusionPipeline.from_pretrained', 'dtype')), 'fp32');
    assert.equal(resolveDefault('mingpt.model.GPT.from_pretrained', 'dtype').kind, 'none');
  });
});

describe('declared dependency versions', () => {
  it('reads requirement strings', () => {
    assert.deepEqual(parseRequirement('transformers[torch]>=4.40,<5 ; python_version>"3.8"  # pinned'), ['transformers', '>=4.40,<5']);
    assert.deepEqual(parseRequirement('Auto_GPTQ==0.7.1'), ['auto-gptq', '==0.7.1']);
    assert.deepEqual(parseRequirement('trl @ git+https://github.com/huggingface/trl'), ['trl', '']);
    assert.equal(parseRequirement('-r base.txt'), undefined);
    assert.equal(parseRequirement('# comment'), undefined);
  });

  const ws = memoryWorkspace({
    'proj/pyproject.toml': '[project]\nname = "proj"\nversion = "1.0"\ndependencies = ["transformers>=4.56.2", "torch"]\n[project.optional-dependencies]\ndev = ["transformers!=5.1.0"]\n',
    'proj/sub/requirements.txt': '# pinned for the demo\ntrl==0.8.6\n',
    'poetry/pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.10"\ntransformers = "^4.52.4"\ntrl = { version = "~0.12" }\n',
    'fork/setup.py': 'from setuptools import setup\n_deps = ["torch>=1.0", "tokenizers==0.10.1"]\nsetup(name="transformers", version="4.4.2", install_requires=_deps, keywords=["transformers"])\n',
    'conda/environment.yml': 'dependencies:\n  - python=3.8\n  - pytorch=1.9.0\n  - pip:\n    - transformers==4.30.0\n',
  });

  it('finds the nearest declaration, walking up, and narrows by every clause there', () => {
    const t = declaredVersion(ws, 'proj/sub/train.py', 'transformers');
    assert.ok(t);
    assert.deepEqual(t.files, ['proj/pyproject.toml']);
    assert.ok(versionInRange([4, 57], t.range) && versionInRange([5, 2], t.range));
    const trl = declaredVersion(ws, 'proj/sub/train.py', 'trl');
    assert.ok(trl && versionInRange([0, 8, 6], trl.range) && !versionInRange([0, 19], trl.range));
    assert.equal(declaredVersion(ws, 'proj/train.py', 'trl'), undefined);
    assert.equal(declaredVersion(ws, 'other/train.py', 'transformers'), undefined);
  });

  it('reads Poetry, a setup.py that is the library itself, and conda environments', () => {
    const p = declaredVersion(ws, 'poetry/x.py', 'transformers');
    assert.ok(p && !versionInRange([5, 0], p.range) && versionInRange([4, 60], p.range));
    const trl = declaredVersion(ws, 'poetry/x.py', 'trl');
    assert.ok(trl && versionInRange([0, 12, 2], trl.range) && !versionInRange([0, 13], trl.range));
    const fork = declaredVersion(ws, 'fork/examples/run.py', 'transformers');
    assert.ok(fork && versionInRange([4, 4, 2], fork.range) && !versionInRange([4, 5], fork.range));
    const torch = declaredVersion(ws, 'conda/a.py', 'torch');
    assert.ok(torch && versionInRange([1, 9, 0], torch.range) && !versionInRange([2, 0], torch.range));
    const tf = declaredVersion(ws, 'conda/a.py', 'transformers');
    assert.ok(tf && versionInRange([4, 30, 0], tf.range) && !versionInRange([4, 31], tf.range));
  });
});
