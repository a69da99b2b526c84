// Regression tests for issue 9's "corrupts code" items: each reproduces the original failure (the input that
// broke, the check that let it through) and asserts what must hold now. Item numbers are the issue's.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
    'model = AutoModelForCausalLM.from_pretrained("gpt2", device_map="cuda")\n' +
    'other = AutoModelForCausalLM.from_pretrained("gpt2-medium", device_map="cuda")\n' +
    'print(model.generate(ids), other.generate(ids))\n';

  it('two fixes that both need `import torch` apply in one pass with one import, where isort puts it', () => {
    const r = fixText('infer.py', src, { settings });
    assert.equal(r.applied.length, 2);
    assert.equal(r.passes, 1, 'one pass: the shared import does not make the second fix wait');
    assert.equal(
      r.text,
      'import os\n\nimport torch\nfrom transformers import AutoModelForCausalLM\n\n' +
        'model = AutoModelForCausalLM.from_pretrained("gpt2", device_map="cuda", torch_dtype=torch.bfloat16)\n' +
        'other = AutoModelForCausalLM.from_pretrained("gpt2-medium", device_map="cuda", torch_dtype=torch.bfloat16)\n' +
        'print(model.generate(ids), other.generate(ids))\n',
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
      const text = `${head}m = AutoModel.from_pretrained("gpt2", device_map="cuda")\nprint(m(ids))\n`;
      return fixText('p.py', text, { settings }).text.slice(0, -'m = AutoModel.from_pretrained("gpt2", device_map="cuda", torch_dtype=torch.bfloat16)\nprint(m(ids))\n'.length);
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

