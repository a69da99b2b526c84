// The precision rules read the shared library-defaults table at the version the project declares: the same load
// or config is fp32 (a warning), half precision (nothing) or version-dependent (an info that says so).
import { strict as assert } from 'node:assert';
import { analyzeText } from '../../src/core/analyze';
import { defaultSettings } from '../../src/core/settings';
import { memoryWorkspace } from '../../src/node/workspace';

const LOAD = [
  'from transformers import AutoModelForCausalLM, AutoTokenizer',
  'tok = AutoTokenizer.from_pretrained("Qwen/Qwen2.5-7B-Instruct")',
  'model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-7B-Instruct", device_map="auto")',
  'for line in open("prompts.txt"):',
  '    print(model.generate(**tok(line, return_tensors="pt").to("cuda"), max_new_tokens=64))',
  '',
].join('\n');

const CONFIG = ['from trl import SFTConfig', 'args = SFTConfig(output_dir="out")', ''].join('\n');

// The rules at the severity their authors gave them (the measured default may be lower: rule-precision.json), so
// that the per-finding cap (info where the premise depends on an unpinned version) is what is tested.
function run(file: string, text: string, deps: Record<string, string>, rule: string) {
  const ws = memoryWorkspace({ [file]: text, ...deps });
  const settings = { ...defaultSettings, rules: { ...defaultSettings.rules, [rule]: 'warning' as const } };
  return analyzeText(file, text, { settings, workspace: ws, estimates: false, onlyRules: [rule] }).findings;
}

describe('precision rules read the library-defaults table', () => {
  it('transformers: a warning where <5 is declared, silence where >=5 is, an info that says so where it is not pinned', () => {
    const v4 = run('app/infer.py', LOAD, { 'app/requirements.txt': 'transformers==4.46.3\n' }, 'precision/fp32-inference');
    assert.equal(v4.length, 1);
    assert.equal(v4[0].severity, 'warning');
    assert.match(v4[0].message, /requirements\.txt` declares transformers `==4\.46\.3`/);
    assert.equal(run('app/infer.py', LOAD, { 'app/pyproject.toml': '[project]\nname="a"\nversion="1"\ndependencies=["transformers>=5.1"]\n' }, 'precision/fp32-inference').length, 0);
    const open = run('app/infer.py', LOAD, {}, 'precision/fp32-inference');
    assert.equal(open.length, 1);
    assert.equal(open[0].severity, 'info');
    assert.match(open[0].message, /transformers 4\.x then loads fp32 weights \(v5 loads the checkpoint's dtype/);
    const wide = run('app/infer.py', LOAD, { 'app/requirements.txt': 'transformers>=4.56\n' }, 'precision/fp32-inference');
    assert.equal(wide[0].severity, 'info');
    assert.match(wide[0].message, /`app\/requirements\.txt` allows both/);
    assert.ok(wide[0].fix?.edits.some((e) => e.newText.includes('dtype=torch.bfloat16') && !e.newText.includes('torch_dtype')), 'dtype= where every allowed version reads it');
  });

  it('transformers before 4.9 (no torch_dtype= yet): the advice is a cast after loading, with no keyword edit', () => {
    const old = run('app/infer.py', LOAD, { 'app/requirements.txt': 'transformers==4.4.2\n' }, 'precision/fp32-inference');
    assert.equal(old.length, 1);
    assert.equal(old[0].fix?.safety, 'manual');
    assert.deepEqual(old[0].fix?.edits, []);
    assert.match(old[0].message, /has no `torch_dtype=` \(added in 4\.9\): cast the model after loading with `\.half\(\)`/);
    const newer = run('app/infer.py', LOAD, { 'app/requirements.txt': 'transformers==4.9.0\n' }, 'precision/fp32-inference');
    assert.equal(newer[0].fix?.safety, 'safe');
    assert.ok(newer[0].fix?.edits.some((e) => e.newText.includes('torch_dtype=torch.bfloat16')));
  });

  it('a rule capped at info never becomes a warning, and a configured error is capped too', () => {
    const text = LOAD;
    const ws = memoryWorkspace({ 'infer.py': text });
    const settings = { ...defaultSettings, rules: { 'precision/fp32-inference': 'error' as const } };
    const f = analyzeText('infer.py', text, { settings, workspace: ws, estimates: false }).findings.filter((x) => x.rule === 'precision/fp32-inference');
    assert.deepEqual(f.map((x) => x.severity), ['info']);
  });

  it('TRL configs: fp32 where a TRL before 0.19 is pinned, bf16 (silence) where 0.19+ or nothing is declared', () => {
    const old = run('t/sft.py', CONFIG, { 't/requirements.txt': 'trl==0.8.6\n' }, 'precision/fp32-training');
    assert.equal(old.length, 1);
    assert.match(old[0].message, /set `bf16=True`/);
    assert.equal(run('t/sft.py', CONFIG, { 't/requirements.txt': 'trl>=0.19\n' }, 'precision/fp32-training').length, 0);
    assert.equal(run('t/sft.py', CONFIG, {}, 'precision/fp32-training').length, 0);
    assert.equal(run('t/sft.py', CONFIG, { 't/requirements.txt': 'trl>=0.7\n' }, 'precision/fp32-training').length, 0, 'a range that admits 0.19+: a fresh install gets bf16');
  });
});
