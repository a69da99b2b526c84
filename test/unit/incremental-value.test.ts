// Value edits through the language server's incremental path (issue 12): an edit that changes a literal or an
// expression the rules read (a batch size, a dtype, a device string, a flag, a keyword argument, an operand), so the
// file's facts change. Property test: seeded chains of random value edits on generated files (the project's own
// examples and fixtures, functions renamed and concatenated into long modules, and notebooks cut from them), each
// analysed through the server's Analyser (incremental tree, re-used plain statements, every cache the analysis
// keeps across keystrokes) and compared with a fresh whole-document analysis of the same text: the same findings,
// places, fixes, savings, jobs, estimates, directives and diagnostics, exactly.
import { strict as assert } from 'node:assert';
import { analyzeText } from '../../src/core/analyze';
import { mulberry32 } from '../../src/core/engine/range';
import { Analyser, notebookJson, type CellText } from '../../src/server/analyse';
import { afresh } from '../../src/core/incremental/kept';
import { diagnosticsOf } from '../../src/server/convert';
import { initCore } from '../../src/node/grammar';
import { fsFor, notebookKeystroke, SOURCES, pick, read, said, settings, type Rand } from './incremental-harness';


/** Equal, or fail naming where the two first differ (the whole JSON would bury it). */
function same(got: string, want: string, what: string): void {
  if (got === want) return;
  let i = 0;
  while (i < got.length && got[i] === want[i]) i++;
  assert.fail(`${what}: incremental and fresh analyses differ at character ${i}:\n  incremental ...${got.slice(Math.max(0, i - 150), i + 150)}\n  fresh       ...${want.slice(Math.max(0, i - 150), i + 150)}`);
}


/** A long module: the sources in a seeded order, each one's functions and classes renamed (as bench/corpus.ts does). */
function longModule(r: Rand, parts: number): string {
  let out = '';
  for (let n = 0; n < parts; n++) {
    const p = read(pick(r, SOURCES)).split('def ').join(`def v${n}_`).split('class ').join(`class V${n}`);
    out += `${p}\n`;
  }
  return out;
}

/** Replacements that change what a value is, each a [pattern, choices] pair applied to one match. */
const SWAPS: [RegExp, string[]][] = [
  [/\b\d+(\.\d+)?(e-?\d+)?\b/, ['1', '2', '8', '16', '32', '64', '0', '4', '1e-4', '0.5', '128', '4096']],
  [/\b(True|False|None)\b/, ['True', 'False', 'None']],
  [/"(cuda|cpu|cuda:0|auto|mps)"/, ['"cuda"', '"cpu"', '"cuda:0"', '"auto"', '"mps"']],
  [/torch\.(float16|bfloat16|float32|half|float)\b/, ['torch.float16', 'torch.bfloat16', 'torch.float32']],
  [/\b(fp16|bf16|tf32|use_cpu|gradient_checkpointing|torch_compile|do_sample)=(True|False)/, ['fp16=True', 'bf16=True', 'fp16=False', 'gradient_checkpointing=True', 'torch_compile=True', 'use_cpu=True']],
  [/\b(batch_size|per_device_train_batch_size|per_device_eval_batch_size|num_workers|max_new_tokens|gradient_accumulation_steps|num_train_epochs)=[^,)\n]+/, ['batch_size=1', 'batch_size=64', 'num_workers=0', 'num_workers=8', 'max_new_tokens=512', 'per_device_train_batch_size=2', 'gradient_accumulation_steps=16', 'num_train_epochs=3']],
  [/"[A-Za-z0-9_./-]{3,}"/, ['"gpt2"', '"meta-llama/Llama-2-7b-hf"', '"bert-base-uncased"', '"out"', '"text-generation"', '"sentiment-analysis"', '"train.json"']],
  [/\b(no_grad|inference_mode|enable_grad)\b/, ['no_grad', 'inference_mode', 'enable_grad']],
  [/\.(eval|train|cuda|cpu|half)\(\)/, ['.eval()', '.train()', '.cuda()', '.cpu()', '.half()']],
];

const STATEMENTS = [
  'import torch as th', 'from codecarbon import EmissionsTracker', 'import re', 'model = torch.compile(model)', 'pattern = re.compile("x")',
  'compiled = True', 'out = model.generate(**inputs, max_new_tokens=8)', 'torch.set_float32_matmul_precision("high")', 'x = "cuda"',
  'device = "cpu"', 'from transformers import pipeline', 'pipe = pipeline("text-generation", device=0)', 'model.eval()',
];

/** One random value edit of a line of `text` (the text stays parseable in most cases; a broken one is a valid case too). */
function valueEdit(r: Rand, text: string): string {
  const lines = text.split('\n');
  const start = Math.floor(r() * lines.length);
  const k = r();
  if (k < 0.8) {
    const [re, choices] = pick(r, SWAPS);
    for (let d = 0; d < lines.length; d++) {
      const i = (start + d) % lines.length;
      if (/^\s*#/.test(lines[i]) || !re.test(lines[i])) continue;
      lines[i] = lines[i].replace(re, pick(r, choices));
      return lines.join('\n');
    }
    return text;
  }
  if (k < 0.85) {
    // a statement that adds or removes what whole-module passes collect (an import, a compile call, a call, an
    // assignment), put inside a block or at the top level, or a line removed
    for (let d = 0; d < lines.length; d++) {
      const i = (start + d) % lines.length;
      if (!/\S/.test(lines[i]) || /^\s*(#|@|else|elif|except|finally)/.test(lines[i]) || /[([{,\\]\s*$/.test(lines[i - 1] ?? '')) continue;
      if (r() < 0.3) {
        if (/:\s*$/.test(lines[i]) || /[([{,\\]\s*$/.test(lines[i])) continue;
        lines.splice(i, 1);
      } else lines.splice(i, 0, /^[ \t]*/.exec(lines[i])![0] + pick(r, STATEMENTS));
      return lines.join('\n');
    }
    return text;
  }
  // an expression: an operand doubled, an argument added to or removed from a call
  for (let d = 0; d < lines.length; d++) {
    const i = (start + d) % lines.length;
    const l = lines[i];
    if (/^\s*#/.test(l)) continue;
    if (k < 0.87 && /=\s*\w+\s*$/.test(l)) {
      lines[i] = `${l} * 2`;
      return lines.join('\n');
    }
    if (k >= 0.87 && k < 0.94 && /\w\(\)/.test(l)) {
      lines[i] = l.replace(/(\w)\(\)/, pick(r, ['$1(device="cuda")', '$1(batch_size=16)', '$1(torch_dtype=torch.float16)']));
      return lines.join('\n');
    }
    if (k >= 0.94 && /\(([^()]*), [a-z_]+=[^,()]+\)/.test(l)) {
      lines[i] = l.replace(/\(([^()]*), [a-z_]+=[^,()]+\)/, '($1)');
      return lines.join('\n');
    }
  }
  return text;
}

function diagnosticsSaid(a: Parameters<typeof diagnosticsOf>[0]): string {
  return JSON.stringify([...diagnosticsOf(a, '{id}')].map(([u, ds]) => [u, ds.map((d) => ({ ...d, data: { ...(d.data as object), key: '' } }))]));
}


/**
 * One keystroke of a Python file through the server's analyser, compared with a fresh whole-document analysis (its
 * findings and its diagnostics); the fresh analysis said as text, for the callers that count changes.
 */
function keystrokeMatches(analyser: Analyser, file: string, text: string, version: number, fs: ReturnType<typeof fsFor>, where: string): string {
  const a = analyser.analyse({ uri: `file:///w/${file}`, text, version }, fs);
  const fresh = afresh(() => analyzeText(file, text, { settings }));
  const s = said(fresh);
  same(said(a.analysis), s, where);
  same(diagnosticsSaid(a), diagnosticsSaid({ ...a, analysis: fresh }), `${where}: diagnostics`);
  return s;
}

/**
 * A notebook of `count` generated sources (functions and classes renamed per source with `prefix`, so that cells of
 * different sources define different names), each split into code cells of two top-level chunks and followed by the
 * cells `after` gives.
 */
function notebookCells(r: Rand, count: number, prefix: string, after: () => CellText[]): CellText[] {
  const cells: CellText[] = [];
  for (let p = 0; p < count; p++) {
    const s = read(pick(r, SOURCES)).split('def ').join(`def ${prefix}${p}_`).split('class ').join(`class ${prefix.toUpperCase()}${p}`);
    const chunks = s.split(/\n(?=\S)/);
    for (let i = 0; i < chunks.length; i += 2) cells.push({ kind: 'code', source: chunks.slice(i, i + 2).join('\n') });
    cells.push(...after());
  }
  return cells;
}

describe('value edits through the incremental path equal a fresh analysis (language server)', function () {
  this.timeout(900_000);
  before(() => initCore());

  it('Python: chains of random value edits in long generated modules', () => {
    let steps = 0;
    let changed = 0;
    for (let seed = 0; seed < 4; seed++) {
      const r = mulberry32(4242 + seed);
      const analyser = new Analyser({ get: () => undefined });
      const fs = fsFor('train_long.py');
      let text = longModule(r, 4 + seed);
      let last = '';
      for (let step = 0; step < 40; step++) {
        text = valueEdit(r, text);
        const s = keystrokeMatches(analyser, 'train_long.py', text, step + 1, fs, `seed ${seed}, step ${step}`);
        if (s !== last) changed++;
        last = s;
        steps++;
      }
      analyser.dispose();
    }
    // the edits must change what the analysis says often enough to test anything
    assert.ok(changed > steps / 4, `the analysis changed at ${changed} of ${steps} edits`);
  });

  it('Python: the same literal typed back and forth (the bench keystroke) and edits at the first and last statement', () => {
    const r = mulberry32(7);
    const analyser = new Analyser({ get: () => undefined });
    const fs = fsFor('t.py');
    const base = longModule(r, 3);
    const lines = base.split('\n');
    const targets = [lines.findIndex((l) => /batch_size\s*=\s*\d/.test(l)), lines.findIndex((l) => /\d/.test(l) && !/^\s*#/.test(l)), lines.length - 2 - [...lines].reverse().slice(1).findIndex((l) => /\d/.test(l) && !/^\s*#/.test(l))];
    let v = 1;
    for (const t of targets) {
      assert.ok(t >= 0);
      const col = lines[t].search(/\d/);
      for (const digits of ['16', '8', '1', '128', '8']) {
        const edited = [...lines.slice(0, t), lines[t].slice(0, col) + digits + lines[t].slice(col).replace(/^\d+/, ''), ...lines.slice(t + 1)].join('\n');
        const a = analyser.analyse({ uri: 'file:///w/t.py', text: edited, version: v++ }, fs);
        same(said(a.analysis), said(afresh(() => analyzeText('t.py', edited, { settings }))), `line ${t + 1}: ${digits}`);
      }
    }
    analyser.dispose();
  });

  it('Python: a statement that binds a name other, unchanged statements use (their per-statement shares re-read)', () => {
    // Functions that use `lm`, `scorer`, `encoder`, `pipeline` and `AutoModel` before anything binds them; the edits
    // add and remove top-level statements that bind them (a load, a pipeline, an import), so what each unchanged
    // function's uses mean (the occurrences of a loaded model, the qualified name of a call) changes without its
    // text changing.
    const head = 'import torch\nfrom transformers import AutoModelForCausalLM, AutoTokenizer\n\ntok = AutoTokenizer.from_pretrained("gpt2")\n';
    const body = [
      'def answer_all(questions):\n    outs = []\n    for q in questions:\n        ids = tok(q, return_tensors="pt").to("cuda")\n        outs.append(lm.generate(**ids, max_new_tokens=64))\n    return outs\n',
      'def score(rows):\n    return [scorer(r) for r in rows]\n',
      'def embed_each(texts):\n    with torch.no_grad():\n        return [encoder(t) for t in texts]\n',
      'def classify_all(texts):\n    clf = pipeline("sentiment-analysis")\n    return [clf(t) for t in texts]\n',
      'def load_other():\n    m = AutoModel.from_pretrained("bert-base-uncased").cuda()\n    return [m(**tok(t, return_tensors="pt")) for t in ["x", "y"] * 8]\n',
      'if __name__ == "__main__":\n    print(answer_all(["a", "b"]), score(["c"]), embed_each(["d"]))\n',
    ];
    const binds = [
      'lm = AutoModelForCausalLM.from_pretrained("gpt2", device_map="cuda")\n',
      'lm = AutoModelForCausalLM.from_pretrained("gpt2", device_map="cpu")\n',
      'scorer = pipeline("text-classification", device=0)\n',
      'encoder = torch.load("encoder.pt")\n',
      'encoder = AutoModelForCausalLM.from_pretrained("gpt2").cuda()\n',
      // imports that change what unchanged statements' calls name (`pipeline(...)`, `AutoModel.from_pretrained`)
      'from transformers import pipeline\n',
      'from transformers import AutoModel\n',
      'from transformers import AutoModelForSequenceClassification as AutoModel\n',
    ];
    let last = '';
    let changed = 0;
    for (const seed of [99, 5]) {
      const r = mulberry32(seed);
      const analyser = new Analyser({ get: () => undefined });
      const fs = fsFor('binds.py');
      const parts = [...body];
      // first each binding alone at the top, away from the functions (a statement next to an edit is parsed afresh;
      // these are re-used), then random ones
      const first = binds.flatMap((b) => [() => parts.unshift(b), () => parts.shift()]);
      for (let step = 0; step < 60; step++) {
        // one edit a step: a binding added at a random top-level place, or one taken away (the functions stay as
        // they are, so the incremental parse re-uses them)
        const at = parts.map((p, i) => (binds.includes(p) ? i : -1)).filter((i) => i >= 0);
        if (step < first.length) first[step]();
        else if (at.length > 0 && r() < 0.4) parts.splice(pick(r, at), 1);
        else parts.splice(Math.floor(r() * (parts.length + 1)), 0, pick(r, binds));
        const text = `${head}\n\n${parts.join('\n')}`;
        const a = analyser.analyse({ uri: 'file:///w/binds.py', text, version: step + 1 }, fs);
        const fresh = afresh(() => analyzeText('binds.py', text, { settings }));
        const s = said(fresh);
        same(said(a.analysis), s, `seed ${seed}, step ${step}`);
        if (s !== last) changed++;
        last = s;
      }
      analyser.dispose();
    }
    assert.ok(changed > 30, `the analysis changed at ${changed} of 120 edits`);
  });

  it('notebooks: chains of random value edits in cells', () => {
    let steps = 0;
    for (let seed = 0; seed < 3; seed++) {
      const r = mulberry32(77 + seed);
      const cells = notebookCells(r, 3 + seed, 'n', () => [{ kind: 'markdown', source: '## Next\nText with 16 and "cuda".' }]);
      const analyser = new Analyser({ get: () => undefined });
      for (let step = 0; step < 30; step++) {
        const { ci, a, fresh } = notebookKeystroke(r, cells, analyser, step, valueEdit);
        same(said(a.analysis), said(fresh), `seed ${seed}, step ${step}, cell ${ci}`);
        same(diagnosticsSaid(a), diagnosticsSaid({ ...a, analysis: fresh }), `seed ${seed}, step ${step}: diagnostics`);
        steps++;
      }
      analyser.dispose();
    }
    assert.ok(steps > 0);
  });
});

// Session 14's caches (issue 12): each cell's blanked magics kept by its source (parse/notebook.ts `blankedOf`), a
// loop's item names kept per call node (loops.ts `itemNames`), and the module scope sharing a name's bindings with
// the one statement that has them until a second one does (flow.ts `scopeOf`). The edits below are the ones those
// caches could get wrong: magics typed and removed (and cells with the same source), names bound from the loop's
// item added, removed and renamed in loop bodies while other functions with the same calls stay, and the same name
// bound at the top level by more and then fewer statements.
describe('value edits through the incremental path: the caches of session 14', function () {
  this.timeout(900_000);
  before(() => initCore());

  const MAGICS = ['%time', '!pip install torch', '%matplotlib inline', 'files = !ls', 'pip install transformers', 'model?', '%load_ext autoreload', '!nvidia-smi \\'];

  /** A magic line added to or removed from a cell, a cell magic put on or taken off its first line, or a value edit. */
  function magicEdit(r: Rand, source: string): string {
    const lines = source.split('\n');
    const k = r();
    if (k < 0.3) {
      const at = Math.floor(r() * (lines.length + 1));
      const indent = /^[ \t]*/.exec(lines[at] ?? '')![0];
      lines.splice(at, 0, indent + pick(r, MAGICS));
    } else if (k < 0.5) {
      const at = lines.findIndex((l) => /^\s*(%|!|pip install|model\?|files = !)/.test(l));
      if (at < 0) return valueEdit(r, source);
      lines.splice(at, 1);
    } else if (k < 0.6) {
      if (/^%%/.test(lines[0])) lines.shift();
      else lines.unshift(pick(r, ['%%time', '%%bash', '%%capture', '%%writefile out.py']));
    } else return valueEdit(r, source);
    return lines.join('\n');
  }

  it('notebooks: IPython magics typed and removed, cells that share a source', () => {
    let steps = 0;
    for (let seed = 0; seed < 3; seed++) {
      const r = mulberry32(1400 + seed);
      // after each source, the same cell twice (one source, two cells: the kept blanking serves both)
      const cells = notebookCells(r, 3 + seed, 'm', () => [
        { kind: 'code', source: '%time\nx = "cuda"\nprint(x)' },
        { kind: 'code', source: '%time\nx = "cuda"\nprint(x)' },
        { kind: 'markdown', source: '## Next\n%time is not code here.' },
      ]);
      const analyser = new Analyser({ get: () => undefined });
      for (let step = 0; step < 40; step++) {
        // (the reference computes every kept answer afresh: the kept blankings are the process's, a fresh
        // analysis would read them too)
        const ci = pick(r, cells.map((c, i) => (c.kind === 'code' ? i : -1)).filter((i) => i >= 0));
        cells[ci] = { ...cells[ci], source: magicEdit(r, cells[ci].source) };
        const text = notebookJson(cells);
        const a = analyser.analyse({ uri: 'file:///w/nb.ipynb', text, version: step + 1, cells: cells.map((c, i) => ({ uri: `cell:${i}`, kind: c.kind })), sources: cells.map((c) => c.source) }, fsFor('nb.ipynb'));
        const fresh = afresh(() => analyzeText('nb.ipynb', text, { settings }));
        same(said(a.analysis), said(fresh), `seed ${seed}, step ${step}, cell ${ci}`);
        same(diagnosticsSaid(a), diagnosticsSaid({ ...a, analysis: fresh }), `seed ${seed}, step ${step}: diagnostics`);
        steps++;
      }
      analyser.dispose();
    }
    assert.ok(steps > 0);
  });

  it('Python: names bound from a loop item in loop bodies, top-level names bound by more and fewer statements', () => {
    // Several functions with the same inference call text in loops whose bodies bind (or do not bind) the names the
    // call reads from the item; the edits change one function's body (an assignment from the item added, removed or
    // renamed, the loop's target renamed, the call's argument changed) or a top-level binding, so the other
    // functions are re-used statements with the same calls.
    const head = 'import torch\nfrom transformers import AutoModelForCausalLM, AutoTokenizer, pipeline\n\ntok = AutoTokenizer.from_pretrained("gpt2")\nmodel = AutoModelForCausalLM.from_pretrained("gpt2").cuda()\n';
    const ASSIGNS = ['', 'x = item', 'x = item["text"]', 'x = tok(item, return_tensors="pt").to("cuda")', 'x = other', 'y = x', 'x, y = item', 'x = [item] * 4'];
    const TARGETS = ['item', 'it', 'i, item', '_'];
    const ARGS = ['x', 'item', 'y', '**x', 'prompt'];
    const TOP = ['model = AutoModelForCausalLM.from_pretrained("gpt2", device_map="cuda")\n', 'model = pipeline("text-generation", device=0)\n', 'model = None\n', 'x = "cuda"\n', 'def model(v):\n    return v\n'];
    interface Fn {
      target: string;
      assigns: string[];
      arg: string;
      call: string;
    }
    const fnText = (f: Fn, i: number) =>
      `def run_${i}(items, other=None):\n    outs = []\n    for ${f.target} in items:\n${f.assigns.filter(Boolean).map((s) => `        ${s}\n`).join('')}        outs.append(${f.call}(${f.arg}))\n    return outs\n`;
    let changed = 0;
    let last = '';
    for (const seed of [14, 41]) {
      const r = mulberry32(seed);
      const fns: Fn[] = Array.from({ length: 6 }, () => ({ target: 'item', assigns: [pick(r, ASSIGNS)], arg: pick(r, ARGS), call: pick(r, ['model.generate', 'model', 'pipe']) }));
      const tops: string[] = [];
      const analyser = new Analyser({ get: () => undefined });
      const fs = fsFor('loops.py');
      for (let step = 0; step < 60; step++) {
        const k = r();
        const f = pick(r, fns);
        if (k < 0.25) f.assigns.splice(Math.floor(r() * (f.assigns.length + 1)), 0, pick(r, ASSIGNS));
        else if (k < 0.4 && f.assigns.length > 0) f.assigns.splice(Math.floor(r() * f.assigns.length), 1);
        else if (k < 0.5) f.target = pick(r, TARGETS);
        else if (k < 0.65) f.arg = pick(r, ARGS);
        else if (k < 0.85 || tops.length === 0) tops.splice(Math.floor(r() * (tops.length + 1)), 0, pick(r, TOP));
        else tops.splice(Math.floor(r() * tops.length), 1);
        const text = `${head}\n${tops.join('\n')}\n${fns.map(fnText).join('\n')}\npipe = pipeline("text-generation", device=0)\n`;
        const s = keystrokeMatches(analyser, 'loops.py', text, step + 1, fs, `seed ${seed}, step ${step}`);
        if (s !== last) changed++;
        last = s;
      }
      analyser.dispose();
    }
    assert.ok(changed > 30, `the analysis changed at ${changed} of 120 edits`);
  });
});
