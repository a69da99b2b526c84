// Regression tests for issue 9's "corrupts code" items: each reproduces the original failure (the input that
// broke, the check that let it through) and asserts what must hold now. Item numbers are the issue's.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { resolveSettings } from '../../src/core/config/load';
import { checkFixedText, checkPythonSource } from '../../src/core/check/syntax';
import { fixEdits, fixText } from '../../src/core/fix-all';
import { allRules } from '../../src/core/rules';
import type { Rule } from '../../src/core/rules/rule';
import { applyEdits } from '../../src/core/text/edits';
import { decodeText, encodeText } from '../../src/node/fs-access';
import { runCli } from './cli.test';
import { makeTree } from './tmp-tree';

const settings = resolveSettings();

/** CPython's verdict on a Python source (compile(), as the interpreter would). */
function cpythonAccepts(src: string): boolean {
  const r = spawnSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "<fix>", "exec")'], { input: src });
  return r.status === 0;
}

describe('fix safety: a keyword added to a call whose `)` ends its line (item 1)', () => {
  const src = 'from transformers import TrainingArguments\n\nargs = TrainingArguments(output_dir="out",\n    report_to="none")\n';

  it('goes before the `)`, in one pass, and a second fix changes nothing', () => {
    const r = fixText('train.py', src, { settings });
    assert.equal(r.text, 'from transformers import TrainingArguments\n\nargs = TrainingArguments(output_dir="out",\n    report_to="none",\n    bf16=True)\n');
    assert.equal(r.passes, 1);
    assert.equal(r.converged, true);
    assert.ok(cpythonAccepts(r.text), 'CPython compiles the fixed file');
    assert.equal(fixText('train.py', r.text, { settings }).text, r.text, 'idempotent');
  });

  it('keeps a trailing comment and a trailing comma on the last line, in every layout', () => {
    const cases: [string, string][] = [
      ['a = TrainingArguments(\n    output_dir="o"  # where\n)\n', 'a = TrainingArguments(\n    output_dir="o",  # where\n    bf16=True\n)\n'],
      ['a = TrainingArguments(\n    output_dir="o",  # where\n)\n', 'a = TrainingArguments(\n    output_dir="o",  # where\n    bf16=True,\n)\n'],
      ['a = TrainingArguments(\n    output_dir="o",)\n', 'a = TrainingArguments(\n    output_dir="o",\n    bf16=True,)\n'],
      ['a = TrainingArguments(output_dir="o")\n', 'a = TrainingArguments(output_dir="o", bf16=True)\n'],
      ['a = TrainingArguments(\r\n    output_dir="o")\r\n', 'a = TrainingArguments(\r\n    output_dir="o",\r\n    bf16=True)\r\n'],
    ];
    for (const [input, want] of cases) {
      const nl = input.includes('\r\n') ? '\r\n' : '\n';
      const text = `from transformers import TrainingArguments${nl}${input}`;
      const r = fixText('t.py', text, { settings });
      assert.equal(r.text, `from transformers import TrainingArguments${nl}${want}`, JSON.stringify(input));
      assert.ok(cpythonAccepts(r.text), JSON.stringify(input));
    }
  });

  it('in a notebook cell too (the corpus notebook that broke)', () => {
    const nb = JSON.stringify({
      cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['from transformers import TrainingArguments\n', 'args = TrainingArguments(output_dir="out",\n', '    report_to="none")'] }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    }, null, 1);
    const r = fixText('nb.ipynb', nb, { settings });
    const cell = (JSON.parse(r.text) as { cells: { source: string[] }[] }).cells[0].source.join('');
    assert.equal(cell, 'from transformers import TrainingArguments\nargs = TrainingArguments(output_dir="out",\n    report_to="none",\n    bf16=True)');
    assert.equal(r.passes, 1);
  });
});

// A test-only rule whose fix breaks indentation the way tree-sitter does not notice: `x = 1` → `x = 1\n    y = 2`.
const BAD_INDENT: Rule = {
  meta: { id: 'test/bad-indent', title: 'test', severity: 'warning', fixSafety: 'safe', languages: ['python'] },
  docs: { whatItDoes: 'test', whyItCosts: 'test', example: { file: 'a.py', code: '' }, useInstead: { file: 'a.py', code: '' }, fixSafety: 'test', estimatedImpact: 'none' },
  check(ctx) {
    const at = ctx.doc.text.indexOf('x = 1');
    if (at < 0 || ctx.doc.text.includes('y = 2')) return [];
    const end = at + 'x = 1'.length;
    return [{ message: 'test finding with a breaking fix', span: { start: at, end }, fix: { safety: 'safe', title: 'break it', edits: [{ file: ctx.doc.path, span: { start: end, end }, newText: '\n    y = 2' }] } }];
  },
};

describe('fix safety: the pre-write check rejects what CPython rejects (item 2)', () => {
  before(() => void (allRules as Rule[]).push(BAD_INDENT));
  after(() => void (allRules as Rule[]).splice((allRules as Rule[]).indexOf(BAD_INDENT), 1));

  it('tree-sitter accepts `x = 1\\n    y = 2`; the check and CPython do not', () => {
    const bad = 'x = 1\n    y = 2\n';
    assert.equal(cpythonAccepts(bad), false);
    assert.match(checkPythonSource(bad)!.message, /unexpected indent/);
    assert.match(checkFixedText('a.py', 'x = 1\n', bad)!.message, /unexpected indent/);
  });

  it('a rejected fix is reported (text and JSON) and not written', async () => {
    const root = makeTree({ 'a.py': 'import torch\nx = 1\n' });
    try {
      const r = await runCli(['fix', '.'], root);
      assert.equal(r.code, 1);
      assert.match(r.out, /not applied: a\.py:2: test\/bad-indent "break it": the fixed text would not pass the syntax check \(line 3, column 5: IndentationError: unexpected indent\)/);
      assert.equal(readFileSync(join(root, 'a.py'), 'utf8'), 'import torch\nx = 1\n');
      const j = JSON.parse((await runCli(['fix', '.', '--format', 'json'], root)).out) as { rejected: { rule: string; reason: string }[] };
      assert.equal(j.rejected[0].rule, 'test/bad-indent');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('fix safety: every byte outside the edits is kept (item 3)', () => {
  const body = 'from transformers import TrainingArguments\nargs = TrainingArguments(output_dir="o")\n';

  it('a latin-1 comment in a file without an encoding declaration: refused, not turned into U+FFFD', async () => {
    const bytes = Buffer.concat([Buffer.from('# Auteur: Jos'), Buffer.from([0xe9]), Buffer.from(`\n${body}`)]);
    const root = makeTree({});
    writeFileSync(join(root, 'train.py'), bytes);
    try {
      const r = await runCli(['fix', '.'], root);
      assert.equal(r.code, 1);
      assert.match(r.out, /not written: train\.py: not valid UTF-8/);
      assert.ok(readFileSync(join(root, 'train.py')).equals(bytes), 'the file is untouched');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a file that declares latin-1 (PEP 263) is fixed and its other bytes stay latin-1', async () => {
    const head = Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\n# Auteur: Jos'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const root = makeTree({});
    writeFileSync(join(root, 'train.py'), Buffer.concat([head, Buffer.from(body)]));
    try {
      const r = await runCli(['fix', '.'], root);
      assert.equal(r.code, 0, r.out);
      const out = readFileSync(join(root, 'train.py'));
      assert.ok(out.subarray(0, head.length).equals(head), 'the latin-1 byte 0xE9 is still 0xE9');
      assert.equal(out.subarray(head.length).toString('latin1'), body.replace('output_dir="o")', 'output_dir="o", bf16=True)'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a UTF-8 byte-order mark, CRLF line ends and non-ASCII text round-trip exactly', async () => {
    const text = `# Modèle — entraînement\r\n${body.replace(/\n/g, '\r\n')}`;
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const d = decodeText(bytes);
    assert.ok(d.ok && d.bom && d.lossless);
    assert.ok(encodeText(d.ok ? d.text : '', true)!.equals(bytes));
    const root = makeTree({});
    writeFileSync(join(root, 'train.py'), bytes);
    try {
      await runCli(['fix', '.'], root);
      const out = readFileSync(join(root, 'train.py'));
      const want = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace('output_dir="o")', 'output_dir="o", bf16=True)'), 'utf8')]);
      assert.ok(out.equals(want), out.toString('utf8'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a notebook edit replaces only the changed source lines, keeping other lines\' escapes and layout', () => {
    // `\u00e9` escapes and 4-space indentation: a re-serialised cell would change them
    const nb = '{\n    "cells": [\n        {\n            "cell_type": "code",\n            "metadata": {},\n            "outputs": [],\n            "source": [\n                "# caf\\u00e9\\n",\n                "from transformers import TrainingArguments\\n",\n                "args = TrainingArguments(output_dir=\\"o\\")"\n            ]\n        }\n    ],\n    "metadata": {},\n    "nbformat": 4,\n    "nbformat_minor": 5\n}\n';
    const r = fixText('nb.ipynb', nb, { settings });
    assert.equal(r.text, nb.replace('output_dir=\\"o\\")', 'output_dir=\\"o\\", bf16=True)'));
  });
});

describe('fix safety: fix-all merges shared imports and reaches the fixed point (item 6)', () => {
  const src =
    'import os\n\nfrom transformers import AutoModelForCausalLM\n\n' +
    'model = AutoModelForCausalLM.from_pretrained("gpt2-large", device_map="cuda")\n' +
    'other = AutoModelForCausalLM.from_pretrained("gpt2-xl", device_map="cuda")\n' +
    'for ids in batches:\n    print(model.generate(ids), other.generate(ids))\n';

  it('two fixes that both need `import torch` apply in one pass with one import, where isort puts it', () => {
    const r = fixText('infer.py', src, { settings });
    assert.equal(r.applied.length, 2);
    assert.equal(r.passes, 1, 'one pass: the shared import does not make the second fix wait');
    assert.equal(
      r.text,
      'import os\n\nimport torch\nfrom transformers import AutoModelForCausalLM\n\n' +
        'model = AutoModelForCausalLM.from_pretrained("gpt2-large", device_map="cuda", torch_dtype=torch.bfloat16)\n' +
        'other = AutoModelForCausalLM.from_pretrained("gpt2-xl", device_map="cuda", torch_dtype=torch.bfloat16)\n' +
        'for ids in batches:\n    print(model.generate(ids), other.generate(ids))\n',
    );
    assert.equal(r.remaining.filter((f) => f.fix?.safety === 'safe').length, 0);
  });

  it('the editor gets the same result as edits of the original text', () => {
    const r = fixText('infer.py', src, { settings });
    const edits = fixEdits('infer.py', src, r.text);
    assert.equal(applyEdits(src, edits).text, r.text);
  });

  it('the CLI needs one run', async () => {
    const root = makeTree({ 'infer.py': src });
    try {
      const first = await runCli(['fix', '.'], root);
      assert.match(first.out, /Applied 2 fixes in 1 file \(1 pass\)/);
      const second = await runCli(['fix', '.'], root);
      assert.match(second.out, /No fixes to apply/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('isort placement: third-party straight imports in order, after the standard library, never before __future__', () => {
    const place = (head: string) => {
      const text = `${head}m = AutoModel.from_pretrained("gpt2-large", device_map="cuda")\nfor ids in batches:\n    print(m(ids))\n`;
      return fixText('p.py', text, { settings }).text.slice(0, -'m = AutoModel.from_pretrained("gpt2-large", device_map="cuda", torch_dtype=torch.bfloat16)\nfor ids in batches:\n    print(m(ids))\n'.length);
    };
    assert.equal(place('import numpy as np\nimport transformers\nfrom transformers import AutoModel\n\n'), 'import numpy as np\nimport torch\nimport transformers\nfrom transformers import AutoModel\n\n');
    assert.equal(place('from __future__ import annotations\n\nimport os\n\nfrom transformers import AutoModel\n'), 'from __future__ import annotations\n\nimport os\n\nimport torch\nfrom transformers import AutoModel\n');
    assert.equal(place('"""Doc."""\nimport sys\nfrom transformers import AutoModel\n'), '"""Doc."""\nimport sys\nimport torch\nfrom transformers import AutoModel\n');
  });
});

describe('fix safety: never writes through a symbolic link out of the root (item 8)', () => {
  it('root/ds.yaml -> ../outside/ds.yaml: the outside file is neither read nor rewritten', async function () {
    if (process.platform === 'win32') this.skip();
    const base = makeTree({ 'outside/train.py': 'from transformers import TrainingArguments\nargs = TrainingArguments(output_dir="o")\n' });
    const outside = join(base, 'outside', 'train.py');
    const before = readFileSync(outside);
    mkdirSync(join(base, 'root'));
    symlinkSync(outside, join(base, 'root', 'train.py'));
    try {
      const r = await runCli(['fix', '.', '--format', 'json'], join(base, 'root'));
      const j = JSON.parse(r.out) as { files: string[]; errors: { file: string; message: string }[] };
      assert.deepEqual(j.files, []);
      assert.deepEqual(j.errors.map((e) => [e.file, e.message]), [['train.py', 'a symbolic link to a file outside the scanned folder; not read']]);
      assert.ok(readFileSync(outside).equals(before), 'the outside file is untouched');
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('a link inside the root is fixed through its target only, once', async function () {
    if (process.platform === 'win32') this.skip();
    const root = makeTree({ 'real/train.py': 'from transformers import TrainingArguments\nargs = TrainingArguments(output_dir="o")\n' });
    symlinkSync(join(root, 'real', 'train.py'), join(root, 'link.py'));
    try {
      const r = await runCli(['fix', '.'], root);
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /Applied 1 fix in 1 file \(1 pass\): real\/train\.py/);
      assert.match(readFileSync(join(root, 'real', 'train.py'), 'utf8'), /bf16=True/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});


describe('fix safety: safe only for the resolved library API, never over an explicit choice (item 4)', () => {
  // one-call scripts: the saving floor (saving-floor.test.ts) would drop their findings, and these tests are about
  // which fixes are safe
  const oneShot = { ...settings, minSavingKWh: 0 };
  const fixOf = (path: string, src: string, rule: string, s = oneShot) => {
    const r = fixText(path, src, { settings: s });
    const f = r.remaining.find((x) => x.rule === rule) ?? r.initial.find((x) => x.rule === rule);
    return { r, fix: f?.fix };
  };

  it('a model with an EMA copy gets compile advice, not an edit (the EMA update reads state_dict keys that compiling renames)', () => {
    const loop = (ema: string) => `import torch\nfrom torch.utils.data import DataLoader\nfrom torchvision.datasets import ImageFolder\nfrom models import ResNet\nfrom utils import ModelEMA\n\nmodel = ResNet(depth=50).to("cuda")\n${ema}opt = torch.optim.SGD(model.parameters(), lr=0.1)\nloader = DataLoader(ImageFolder("/data/train"), batch_size=256, num_workers=8)\nfor epoch in range(90):\n    for x, y in loader:\n        loss = torch.nn.functional.cross_entropy(model(x.cuda()), y.cuda())\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n`;
    const withEma = fixOf('train.py', loop('ema = ModelEMA(model)\n'), 'compile/no-compile').fix;
    assert.equal(withEma?.safety, 'manual');
    assert.equal(withEma?.edits.length, 0);
    assert.match(withEma?.title ?? '', /_orig_mod/);
    const plain = fixOf('train.py', loop(''), 'compile/no-compile').fix;
    assert.equal(plain?.safety, 'unsafe', 'without the EMA copy the one-line compile edit is offered');
    assert.equal(plain?.edits.length, 1);
  });

  it("a project's own `GPT.from_pretrained` gets no safe torch_dtype (it would raise TypeError)", () => {
    const src = 'import torch\nfrom model import GPT\n\nmodel = GPT.from_pretrained("gpt2-large").to("cuda")\nmodel.eval()\nout = model.generate(torch.zeros(1, 1, dtype=torch.long), 10)\n';
    const { r, fix } = fixOf('sample.py', src, 'precision/fp32-inference');
    assert.equal(r.text, src, 'fix (safe only) leaves it alone');
    if (fix) {
      assert.equal(fix.safety, 'unsafe');
      assert.match(fix.title, /could not be resolved to a library|defined in this project/);
    }
  });

  it('the same call on transformers is safe', () => {
    const src = 'import torch\nfrom transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2-large").to("cuda")\nfor ids in batches:\n    out = model.generate(ids.cuda(), max_new_tokens=10)\n';
    const { r } = fixOf('sample.py', src, 'precision/fp32-inference');
    assert.match(r.text, /from_pretrained\("gpt2-large", torch_dtype=torch\.bfloat16\)/);
  });

  it('an explicit `torch_dtype=torch.float32` is the user\'s choice: the fix is unsafe', () => {
    const src = 'import torch\nfrom transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("gpt2-large", torch_dtype=torch.float32).to("cuda")\nfor ids in batches:\n    out = model.generate(ids.cuda(), max_new_tokens=10)\n';
    const { r, fix } = fixOf('sample.py', src, 'precision/fp32-inference');
    assert.equal(r.text, src);
    assert.equal(fix?.safety, 'unsafe');
    assert.match(fix!.title, /replaces the torch\.float32 you chose/);
  });

  it('bf16=True on a config class without that field in every version (TRL PPOConfig before 0.12, a project class): unsafe', () => {
    for (const [src, why] of [
      ['from trl import PPOConfig\nconfig = PPOConfig(learning_rate=1e-5)\n', /not the API this fix was written for/],
      ['from myproject.config import TrainingArguments\nargs = TrainingArguments(output_dir="o")\n', /could not be resolved|defined in this project/],
    ] as const) {
      const r = fixText('train.py', src, { settings });
      assert.equal(r.text, src, src);
      const f = r.initial.find((x) => x.rule === 'precision/fp32-training');
      if (f?.fix) {
        assert.equal(f.fix.safety, 'unsafe', src);
        assert.match(f.fix.title, why);
      }
    }
  });

  it('replacing a value the user wrote is never safe, in any rule or language (the central gate)', () => {
    const ds = '{\n  "train_micro_batch_size_per_gpu": 8,\n  "fp16": {"enabled": false}\n}\n';
    const r = fixText('ds_config.json', ds, { settings });
    assert.equal(r.text, ds);
    const f = r.initial.find((x) => x.rule === 'precision/fp32-training');
    assert.ok(f?.fix, 'the DeepSpeed finding has a fix');
    assert.equal(f.fix.safety, 'unsafe');
    assert.match(f.fix.title, /\(replaces `[^`]+`, a value set explicitly\)/);
    const unsafe = fixText('ds_config.json', ds, { settings, unsafe: true });
    assert.match(unsafe.text, /"bf16": \{\s*"enabled": true\s*\}|"enabled": true/);
  });

  it('in a test file (when rules run there) a precision fix is unsafe', () => {
    const s = resolveSettings({ 'test-files': [] });
    const src = 'from transformers import TrainingArguments\nargs = TrainingArguments(output_dir="o")\n';
    const r = fixText('tests/test_train.py', src, { settings: s });
    assert.equal(r.text, src);
    const f = r.initial.find((x) => x.rule === 'precision/fp32-training');
    assert.equal(f?.fix?.safety, 'unsafe');
    assert.match(f!.fix!.title, /in a test/);
  });
});

describe('fix safety: unsafe fixes that would break the program later say so or stay advice (item 5)', () => {
  const unsafeFix = (path: string, src: string, rule: string) => fixText(path, src, { settings, unsafe: true }).initial.find((f) => f.rule === rule)?.fix;

  it('inference_mode around a loop that yields: advice to decorate the generator, no `with` edit', () => {
    const src =
      'import torch\nfrom transformers import AutoModel\nmodel = AutoModel.from_pretrained("bert-base-uncased", torch_dtype=torch.bfloat16).cuda()\nmodel.eval()\n\n' +
      'def predict_stream(batches):\n    for x in batches:\n        yield model(x)\n';
    const fix = unsafeFix('serve.py', src, 'grad/no-grad-inference');
    assert.ok(fix, 'the finding has advice');
    assert.equal(fix.safety, 'manual');
    assert.equal(fix.edits.length, 0);
    assert.match(fix.title, /Decorate the generator function with `@torch\.inference_mode\(\)`/);
    assert.equal(fixText('serve.py', src, { settings, unsafe: true }).text.includes('with torch.inference_mode'), false);
  });

  it('torch.compile before a loop whose state_dict is saved: advice naming the `_orig_mod.` keys', () => {
    const src =
      'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\nmodel = torch.nn.Sequential(torch.nn.Linear(1024, 4096), torch.nn.GELU(), torch.nn.Linear(4096, 1024)).cuda()\nopt = torch.optim.AdamW(model.parameters())\nloader = DataLoader(TensorDataset(torch.randn(4096, 1024)), batch_size=128, shuffle=True)\n' +
      'for epoch in range(20):\n    for (x,) in loader:\n        with torch.autocast("cuda", dtype=torch.bfloat16):\n            loss = model(x.cuda()).pow(2).mean()\n        loss.backward()\n        opt.step()\n        opt.zero_grad()\n    torch.save(model.state_dict(), "ckpt.pt")\n';
    const fix = unsafeFix('train.py', src, 'compile/no-compile');
    assert.ok(fix);
    assert.equal(fix.safety, 'manual');
    assert.match(fix.title, /_orig_mod\./);
    assert.equal(fix.edits.length, 0);
    const noSave = unsafeFix('train.py', src.replace('    torch.save(model.state_dict(), "ckpt.pt")\n', ''), 'compile/no-compile');
    assert.equal(noSave?.safety, 'unsafe', 'without a saved state_dict the edit is offered');
    assert.ok(noSave!.edits.length > 0);
  });

  it('per-layer GaLore forbids gradient accumulation: no fix raises it', () => {
    const src = 'from transformers import TrainingArguments\nargs = TrainingArguments(output_dir="o", per_device_train_batch_size=1, optim="galore_adamw_layerwise", bf16=True)\n';
    const r = fixText('train.py', src, { settings, unsafe: true });
    assert.ok(!r.text.includes('gradient_accumulation_steps'), r.text);
  });
});

describe('fix safety: autocast wraps the forward and the loss only, on the device the script chose (item 7)', () => {
  const loop = (move: string, extra = '') =>
    'import torch\nfrom torch import nn\nfrom torch.utils.data import DataLoader\n\n' +
    `device = torch.device("cuda" if torch.cuda.is_available() else "cpu")\nmodel = nn.Linear(4096, 4096).to(device)\nopt = torch.optim.AdamW(model.parameters())\nloader = DataLoader(list(range(8)), batch_size=4)\n${extra}` +
    `for epoch in range(3):\n    for x, y in loader:\n        x, y = ${move}\n        out = model(x)\n        loss = nn.functional.cross_entropy(out, y)\n        acc = (out.argmax(-1) == y).float().mean()\n        opt.zero_grad()\n        print(acc)\n        loss.backward()\n        opt.step()\n`;

  it('twelve lines in the loop, two under autocast; device.type from the script', () => {
    const src = loop('x.to(device), y.to(device)');
    const r = fixText('train.py', src, { settings, unsafe: true, rules: ['precision/fp32-training'] });
    assert.ok(
      r.text.includes(
        '        with torch.autocast(torch.device(device).type, dtype=torch.bfloat16):\n            out = model(x)\n            loss = nn.functional.cross_entropy(out, y)\n        acc = (out.argmax(-1) == y).float().mean()\n        opt.zero_grad()\n',
      ),
      r.text,
    );
    assert.ok(cpythonAccepts(r.text));
  });

  it('"cuda" only when the script itself uses CUDA by name', () => {
    const r = fixText('train.py', loop('x.cuda(), y.cuda()'), { settings, unsafe: true, rules: ['precision/fp32-training'] });
    assert.match(r.text, /with torch\.autocast\("cuda", dtype=torch\.bfloat16\):/);
  });
});

describe('fix safety: output and analysis stay bounded on hostile Python (items 12, 13)', () => {
  it('a loop of forward passes: one no-grad fix for the loop, output linear in the file', () => {
    const run = (n: number) => {
      const body = Array.from({ length: n }, (_, i) => `        y${i} = model(x)`).join('\n');
      const src = `import torch\nfrom transformers import AutoModel\nmodel = AutoModel.from_pretrained("bert-base-uncased", torch_dtype=torch.bfloat16).cuda()\nmodel.eval()\n\ndef evaluate(xs):\n    for x in xs:\n${body}\n`;
      const r = analyzeText('eval.py', src, { settings, onlyRules: ['grad/no-grad-inference'], estimates: false, timeBudgetMs: 120_000 });
      assert.ok(r.findings.length >= n, `${r.findings.length} findings`);
      assert.equal(r.findings.filter((f) => f.fix && f.fix.edits.length > 0).length, 1, 'one fix carries the re-indented loop');
      return JSON.stringify(r.findings).length;
    };
    const small = run(500);
    const large = run(2000);
    assert.ok(large / small < 4.5, `4× the loop gives ${(large / small).toFixed(1)}× the output (quadratic would be 16×)`);
  });

  it('model(model(...)) nested 20,000 deep: refused at once with CPython\'s own limit, not analysed for minutes', () => {
    const n = 20_000;
    const src = `import torch\nmodel = torch.nn.Linear(2, 2).cuda()\ny = ${'model('.repeat(n)}x${')'.repeat(n)}\n`;
    const t0 = Date.now();
    const r = analyzeText('deep.py', src, { settings });
    assert.ok(Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0].message, /nested more than 200 brackets deep \(CPython's own limit\)/);
    assert.equal(r.errors[0].line, 3);
    assert.equal(cpythonAccepts(src), false, 'CPython refuses it too');
  });

  it('a per-file time budget reports the file in errors and drops its partial findings', () => {
    const body = Array.from({ length: 400 }, (_, i) => `        y${i} = model(x)`).join('\n');
    const src = `import torch\nfrom transformers import AutoModel\nmodel = AutoModel.from_pretrained("bert-base-uncased").cuda()\nmodel.eval()\n\ndef evaluate(xs):\n    for x in xs:\n${body}\n`;
    const r = analyzeText('slow.py', src, { settings, timeBudgetMs: 1 });
    assert.equal(r.findings.length, 0);
    assert.equal(r.incomplete, true);
    assert.match(r.errors[0].message, /longer than the 0 s time budget|time budget/);
    const fixed = fixText('slow.py', src, { settings, timeBudgetMs: 1 });
    assert.equal(fixed.text, src, 'fix leaves an incompletely analysed file alone');
  });
});
