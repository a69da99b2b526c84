// The config side's parsers and tree: pbtxt fields and errors, shell words with spans, YAML/JSON edits that keep
// formatting, and job extraction across referenced files (DeepSpeed from a launch line, Hydra defaults).
import { strict as assert } from 'node:assert';
import { extractJobs } from '../../src/core/extract';
import { ConfigTree } from '../../src/core/extract/config/tree';
import { parseDocument } from '../../src/core/parse';
import type { JsonDoc, YamlDoc } from '../../src/core/parse/document';
import { parsePbtxt, type PbMessage } from '../../src/core/parse/pbtxt';
import { splitShell } from '../../src/core/parse/shell';
import { defaultSettings } from '../../src/core/settings';
import { applyEdits } from '../../src/core/text/edits';
import { memoryWorkspace } from '../../src/node/workspace';

function tree(path: string, text: string): ConfigTree {
  const r = parseDocument(path, text);
  assert.ok(r.ok);
  const t = ConfigTree.of(r.doc as YamlDoc | JsonDoc);
  assert.ok(t);
  return t;
}

describe('pbtxt parser', () => {
  const text = 'name: "m\\"x" # c1\nmax_batch_size: 8\ninput [ { name: "a" dims: [ -1, 3 ] }, { name: "b" } ]\ndynamic_batching { max_queue_delay_microseconds: 100 }\n';
  it('keeps fields, lists as repeated fields, spans and comments', () => {
    const r = parsePbtxt('config.pbtxt', text);
    assert.ok(r.ok && r.doc.lang === 'pbtxt');
    const root = r.doc.root;
    assert.deepEqual(
      root.fields.map((f) => f.name),
      ['name', 'max_batch_size', 'input', 'input', 'dynamic_batching'],
    );
    assert.equal(root.fields[0].value, 'm"x');
    const mbs = root.fields[1];
    assert.equal(text.slice(mbs.span.start, mbs.span.end), 'max_batch_size: 8');
    const dims = (root.fields[2].value as PbMessage).fields.filter((f) => f.name === 'dims').map((f) => f.value);
    assert.deepEqual(dims, ['-1', '3']);
    assert.deepEqual(r.doc.comments.map((c) => c.text), ['# c1']);
  });
  it('reports a syntax error with line and column', () => {
    const r = parsePbtxt('config.pbtxt', 'name: "x"\ninstance_group [ { kind KIND_GPU } ]\n');
    assert.ok(!r.ok);
    assert.equal(r.error.line, 2);
    assert.equal(r.error.column, 25);
  });
});

describe('shell word splitter', () => {
  it('splits quotes, escapes, continuations and separators, with spans', () => {
    const text = "accelerate launch --mixed_precision 'no' \\\n  train.py --out \"a b\" x\\ y && echo $HOME # note\nfoo > log 2>&1; bar\n";
    const { commands, comments } = splitShell(text);
    assert.deepEqual(
      commands.map((c) => c.words.map((w) => w.value)),
      [['accelerate', 'launch', '--mixed_precision', 'no', 'train.py', '--out', 'a b', 'x y'], ['echo', '$HOME'], ['foo'], ['bar']],
    );
    const no = commands[0].words[3];
    assert.equal(text.slice(no.span.start, no.span.end), "'no'");
    assert.equal(commands[1].words[1].expands, true);
    assert.equal(commands[0].words[6].expands, undefined);
    assert.deepEqual(comments.map((c) => c.text), ['# note']);
  });
  it('skips here-document bodies', () => {
    const { commands } = splitShell("cat <<'EOF' > cfg.yaml\naccelerate launch --mixed_precision no\nEOF\ntorchrun a.py\n");
    assert.deepEqual(commands.map((c) => c.words[0].value), ['cat', 'torchrun']);
  });
  it('never fails on unterminated quotes', () => {
    const { commands } = splitShell('python train.py "--bf16 True');
    assert.equal(commands[0].words[2].value, '--bf16 True');
  });
});

describe('config tree edits', () => {
  it('YAML: inserts into a nested block map at its indentation, keeps comments and quote style', () => {
    const text = "trainer:\n    max_epochs: 3  # keep\n    devices: 2\nmixed_precision: 'no'\n";
    const t = tree('a.yaml', text);
    const edits = [...t.insert(['trainer'], 'precision', 'bf16-mixed')!, ...t.setValue(t.get(['mixed_precision'])!, 'bf16')];
    assert.equal(applyEdits(text, edits).text, "trainer:\n    max_epochs: 3  # keep\n    devices: 2\n    precision: bf16-mixed\nmixed_precision: 'bf16'\n");
  });
  it('YAML: quotes strings PyYAML would read as booleans, inserts into flow maps', () => {
    const text = 'a: {b: 1}\n';
    const t = tree('a.yaml', text);
    assert.equal(applyEdits(text, t.insert(['a'], 'c', 'no')!).text, "a: {b: 1, c: 'no'}\n");
  });
  it('JSON: inserts a block with the file indentation and leaves other members untouched', () => {
    const text = '{\n\t"fp16": {"enabled": false},\n\t"zero_optimization": {"stage": 2}\n}\n';
    const t = tree('ds.json', text);
    const out = applyEdits(text, t.insert([], 'bf16', { enabled: true })!).text;
    assert.equal(out, '{\n\t"fp16": {"enabled": false},\n\t"zero_optimization": {"stage": 2},\n\t"bf16": {\n\t\t"enabled": true\n\t}\n}\n');
    assert.deepEqual(JSON.parse(out).bf16, { enabled: true });
  });
});

describe('config job extraction', () => {
  const files: Record<string, string> = {
    'configs/ds.json': '{"train_micro_batch_size_per_gpu": 2, "fp16": {"enabled": true}}',
    'scripts/run.sh': 'deepspeed --num_gpus 8 train.py --deepspeed configs/ds.json --output_dir out\npython serve.py --port $PORT\n',
    'conf/config.yaml': 'defaults:\n  - trainer: gpu\n  - _self_\ntrainer:\n  max_epochs: 5\n',
    'conf/trainer/gpu.yaml': 'accelerator: gpu\ndevices: 4\nprecision: 16-mixed\n',
    'notes.yaml': 'title: not a config Wattlint knows\nitems: [1, 2]\n',
    'acc.yaml': 'compute_environment: LOCAL_MACHINE\ndistributed_type: DEEPSPEED\nmixed_precision: fp16\ndeepspeed_config:\n  deepspeed_config_file: configs/ds_bf16.json\nnum_processes: 4\n',
    'configs/ds_bf16.json': '{"train_micro_batch_size_per_gpu": "auto", "bf16": {"enabled": true}}',
  };
  const ws = memoryWorkspace(files);
  const jobsOf = (p: string) => {
    const r = parseDocument(p, files[p]);
    assert.ok(r.ok);
    return extractJobs(r.doc, { settings: defaultSettings, workspace: ws });
  };
  it('a launch line reads the DeepSpeed file it names, keeping that file as the source', () => {
    const jobs = jobsOf('scripts/run.sh');
    assert.equal(jobs.length, 1, 'the second line is not a training job');
    const j = jobs[0];
    assert.deepEqual(j.references, ['configs/ds.json']);
    assert.equal(j.facts.precision?.value, 'fp16');
    assert.equal(j.facts.precision?.source?.file, 'configs/ds.json');
    assert.equal(j.facts.microBatch?.value, 2);
    assert.equal(j.facts.devices?.value, 8);
  });
  it('Hydra defaults compose group files under their package', () => {
    const [j] = jobsOf('conf/config.yaml');
    assert.equal(j.flavour, 'hydra');
    assert.equal(j.facts.precision?.value, 'fp16');
    assert.equal(j.facts.precision?.source?.file, 'conf/trainer/gpu.yaml');
    assert.equal(j.facts.epochs?.value, 5);
    assert.equal(j.facts.epochs?.source?.file, 'conf/config.yaml');
  });
  it('an accelerate config reads its DeepSpeed file, whose explicit precision wins', () => {
    const [j] = jobsOf('acc.yaml');
    assert.equal(j.flavour, 'accelerate');
    assert.deepEqual(j.references, ['configs/ds_bf16.json']);
    assert.equal(j.facts.precision?.value, 'bf16');
    assert.equal(j.facts.devices?.value, 4);
    assert.equal(j.facts.microBatch, undefined, '"auto" defers to the trainer');
  });
  it('unknown YAML gives no job', () => {
    assert.deepEqual(jobsOf('notes.yaml'), []);
  });
});

describe('JSON with Python json literals', () => {
  it('reads NaN, Infinity and -Infinity (Python json, which DeepSpeed uses, writes them) with their offsets', () => {
    const text = '{"train_micro_batch_size_per_gpu": 4, "loss": NaN, "max": Infinity, "min": -Infinity, "s": "NaN"}';
    const r = parseDocument('ds.json', text);
    assert.ok(r.ok && r.doc.lang === 'json' && r.doc.root, r.ok ? '' : r.error.message);
    const values = (r.doc.root.children ?? []).map((p) => p.children?.[1]);
    assert.ok(Number.isNaN(values[1]?.value));
    assert.equal(values[2]?.value, Infinity);
    assert.equal(values[3]?.value, -Infinity);
    assert.equal(values[4]?.value, 'NaN', 'a string stays a string');
    assert.equal(text.slice(values[3]!.offset, values[3]!.offset + values[3]!.length), '-Infinity');
    const jobs = extractJobs(r.doc, { settings: defaultSettings, workspace: memoryWorkspace({}) });
    assert.equal(jobs[0]?.facts.microBatch?.value, 4, 'the rest of the config is read');
  });
  it('still rejects other bare words, with the position', () => {
    const r = parseDocument('x.json', '{"a": nan}');
    assert.ok(!r.ok);
    assert.equal(r.error.column, 7);
  });
});
