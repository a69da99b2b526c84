// The dead-code policy (extract/python/dead.ts): a finding in a branch that never runs as the file stands — under
// `if SWITCH:` where the file sets `SWITCH = False` once at module level and nowhere else, or in the `else` of one
// it sets to True — is dropped; a name the file may set anywhere else is no switch, and its branches keep theirs.
import { strict as assert } from 'node:assert';
import { analyzeText } from '../../src/core/analyze';
import { defaultSettings } from '../../src/core/settings';

const head = [
  'import json',
  'import torch',
  'from transformers import AutoModelForSequenceClassification, AutoTokenizer',
  '',
];
const load = [
  'tokenizer = AutoTokenizer.from_pretrained("roberta-large")',
  'model = AutoModelForSequenceClassification.from_pretrained("roberta-large").cuda()',
  'rows = [json.loads(l) for l in open("reviews.jsonl")]',
  'scores = []',
  'for row in rows:',
  '    ids = tokenizer(row["text"], return_tensors="pt").to("cuda")',
];
const FORWARD = '        scores.append(model(**ids).logits.argmax(-1).item())';

function source(switchLines: string[], branch: string[], extra: string[] = []): string {
  return [...head, ...switchLines, ...extra, ...load, ...branch, ''].join('\n');
}

/** The rules flagging the forward's line (1-based), by rule id. */
function atForward(text: string, file = 'score.py'): string[] {
  const lines = text.split('\n');
  const line = lines.indexOf(FORWARD) + 1;
  assert.ok(line > 0, 'the forward is in the text');
  const r = analyzeText(file, text, { settings: defaultSettings, estimates: false });
  assert.deepEqual(r.errors, []);
  return r.findings.filter((f) => f.range?.startLine === line).map((f) => f.rule).sort();
}

const FLAGGED = ['batching/unbatched-inference', 'grad/no-grad-inference'];

describe('dead-code policy', () => {
  it('flags the per-item forward under a switch the file leaves on, and drops it under one it leaves off', () => {
    assert.deepEqual(atForward(source(['HF_MODE = True'], ['    if HF_MODE:', FORWARD])), FLAGGED);
    assert.deepEqual(atForward(source(['HF_MODE = False'], ['    if HF_MODE:', FORWARD])), []);
    assert.deepEqual(atForward(source(['HF_MODE = 0'], ['    if HF_MODE:', FORWARD])), []);
    assert.deepEqual(atForward(source(['HF_MODE = None'], ['    if (HF_MODE):', FORWARD])), []);
  });

  it('reads `not` and the alternatives of a switch left on', () => {
    assert.deepEqual(atForward(source(['HF_MODE = True'], ['    if not HF_MODE:', FORWARD])), []);
    assert.deepEqual(atForward(source(['HF_MODE = False'], ['    if not HF_MODE:', FORWARD])), FLAGGED);
    assert.deepEqual(atForward(source(['FAST = True'], ['    if FAST:', '        pass', '    else:', FORWARD])), []);
    assert.deepEqual(atForward(source(['FAST = True'], ['    if FAST:', '        pass', '    elif row:', FORWARD])), []);
    assert.deepEqual(atForward(source(['FAST = False'], ['    if FAST:', '        pass', '    else:', FORWARD])), FLAGGED);
  });

  it('keeps the findings of a name the file may set elsewhere', () => {
    const cases: [string, string[], string[]][] = [
      ['a function sets it through `global`', ['HF_MODE = False'], ['def enable():', '    global HF_MODE', '    HF_MODE = True', 'enable()']],
      ['a command-line branch sets it', ['import sys', 'HF_MODE = False', 'if "--hf" in sys.argv:', '    HF_MODE = True'], []],
      ['it is bound twice', ['HF_MODE = False', 'HF_MODE = True'], []],
      ['it is read from the command line', ['import sys', 'HF_MODE = "--hf" in sys.argv'], []],
      ['it is a loop target', ['HF_MODE = False', 'for HF_MODE in (False, True):', '    pass'], []],
      ['it is unpacked into', ['HF_MODE = False', 'HF_MODE, OTHER = True, 1'], []],
      ['it is imported', ['HF_MODE = False', 'from settings import HF_MODE'], []],
    ];
    for (const [why, sw, extra] of cases) {
      assert.deepEqual(atForward(source(sw, ['    if HF_MODE:', FORWARD], extra)), FLAGGED, why);
    }
  });

  it('keeps the findings of a branch on a parameter of the same name', () => {
    const text = [
      ...head,
      'HF_MODE = False',
      'def score(rows, HF_MODE=True):',
      '    tokenizer = AutoTokenizer.from_pretrained("roberta-large")',
      '    model = AutoModelForSequenceClassification.from_pretrained("roberta-large").cuda()',
      '    scores = []',
      '    for row in rows:',
      '        ids = tokenizer(row["text"], return_tensors="pt").to("cuda")',
      '        if HF_MODE:',
      '    ' + FORWARD,
      '    return scores',
      'score([json.loads(l) for l in open("reviews.jsonl")])',
      '',
    ].join('\n');
    const r = analyzeText('score.py', text, { settings: defaultSettings, estimates: false });
    assert.ok(r.findings.some((f) => f.rule === 'batching/unbatched-inference'), JSON.stringify(r.findings.map((f) => f.rule)));
  });

  it('resolves a name through its live bindings only', () => {
    // the model of the switched-off branch is not the one the loop runs (RWKV's MMLU script: the rwkv package's
    // model in the live branch, a transformers model in the `else` of `if not HF_MODE:`)
    const text = (value: string) =>
      [
        ...head,
        `HF_MODE = ${value}`,
        'if not HF_MODE:',
        '    from rwkv.model import RWKV',
        '    model = RWKV(model="/models/rwkv-7-world-1.5b", strategy="cuda fp16")',
        'else:',
        '    model = AutoModelForSequenceClassification.from_pretrained("roberta-large").cuda()',
        'tokenizer = AutoTokenizer.from_pretrained("roberta-large")',
        'rows = [json.loads(l) for l in open("reviews.jsonl")]',
        'scores = []',
        'for row in rows:',
        '    ids = tokenizer(row["text"], return_tensors="pt").to("cuda")',
        FORWARD.slice(4),
        '',
      ].join('\n');
    const line = (t: string) => t.split('\n').indexOf(FORWARD.slice(4)) + 1;
    const rules = (value: string) => {
      const t = text(value);
      return analyzeText('score.py', t, { settings: defaultSettings, estimates: false }).findings.filter((f) => f.range?.startLine === line(t)).map((f) => f.rule).sort();
    };
    assert.deepEqual(rules('True'), FLAGGED, 'the transformers model is the live one');
    assert.deepEqual(rules('False'), [], 'the rwkv model is the live one');
  });

  it('reads a switch set in an earlier notebook cell', () => {
    const nb = (value: string) =>
      JSON.stringify({
        cells: [
          { cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: [...head, `HF_MODE = ${value}`].join('\n') },
          { cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: [...load, '    if HF_MODE:', FORWARD].join('\n') },
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      });
    const rules = (value: string) => analyzeText('score.ipynb', nb(value), { settings: defaultSettings, estimates: false }).findings.filter((f) => f.cell === 1 && f.range?.startLine === load.length + 2).map((f) => f.rule).sort();
    assert.deepEqual(rules('True'), FLAGGED);
    assert.deepEqual(rules('False'), []);
  });
});
