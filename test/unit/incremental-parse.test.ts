// Incremental re-parsing (the language server's per-keystroke path): a tree edited with `tree.edit` and re-parsed
// from the old tree must give the same tree, and the same analysis, as parsing the new text from scratch — for
// Python files and for notebooks (whose code cells parse as one module), through syntax errors and back.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, type FileAnalysis } from '../../src/core/analyze';
import { resolveSettings } from '../../src/core/config/load';
import { changedSpan, IncrementalTree } from '../../src/core/parse/incremental';
import { parseDocument } from '../../src/core/parse';
import type { NotebookDoc, PythonDoc } from '../../src/core/parse/document';

const root = join(__dirname, '..', '..', '..');
const settings = resolveSettings({ hardware: 'A100 80GB SXM' });

/** What an analysis says, without closures: findings, jobs' fact values, estimates, errors. */
function said(a: FileAnalysis): unknown {
  return JSON.parse(
    JSON.stringify({ findings: a.findings, jobs: a.jobs, estimates: a.estimates, errors: a.errors, directives: a.directives }, (_k, v: unknown) =>
      typeof v === 'function' ? undefined : v,
    ),
  );
}

function sexp(path: string, text: string, inc?: IncrementalTree): string | { error: string } {
  const r = parseDocument(path, text, undefined, inc);
  if (!r.ok) return { error: `${r.error.line}:${r.error.column} ${r.error.message}` };
  const doc = r.doc.lang === 'notebook' ? (r.doc as NotebookDoc).python : (r.doc as PythonDoc);
  const s = doc.tree.rootNode.toString();
  if (!inc) doc.tree.delete();
  return s;
}

/** Applies a sequence of edits (offset, deleted length, inserted text) one at a time. */
function edits(text: string, steps: [number, number, string][]): string[] {
  const out: string[] = [];
  let cur = text;
  for (const [at, del, ins] of steps) {
    const i = Math.min(at < 0 ? cur.length + at : at, cur.length);
    cur = cur.slice(0, i) + ins + cur.slice(i + del);
    out.push(cur);
  }
  return out;
}

describe('incremental re-parse', () => {
  it('finds the one changed span between two texts', () => {
    assert.deepEqual(changedSpan('abcdef', 'abXdef'), { start: 2, oldEnd: 3, newEnd: 3 });
    assert.deepEqual(changedSpan('abc', 'abcd'), { start: 3, oldEnd: 3, newEnd: 4 });
    assert.deepEqual(changedSpan('aaaa', 'aa'), { start: 2, oldEnd: 4, newEnd: 2 });
    assert.equal(changedSpan('same', 'same'), undefined);
  });

  it('gives the tree and the findings of a fresh parse after each keystroke of a Python file', () => {
    const base = readFileSync(join(root, 'test', 'e2e', 'workspace', 'evaluate.py'), 'utf8');
    const mid = base.indexOf('\n', base.length >> 1) + 1;
    const dtype = base.indexOf('ForSequenceClassification.from_pretrained(MODEL') + 'ForSequenceClassification.from_pretrained(MODEL'.length;
    const texts = [
      base,
      ...edits(base, [
        [mid, 0, '#'], // a keystroke
        [mid, 1, ''], // and back
        [0, 0, 's = "é😀 ünïcode"\n'], // non-ASCII before everything (UTF-16 offsets)
        [dtype + 'é😀 ünïcode\n'.length + 4, 0, ', torch_dtype=torch.bfloat16'], // a change the rules see
        [mid, 0, 'def broken(:\n'], // a syntax error...
        [mid, 'def broken(:\n'.length, ''], // ...mended
        [-1, 0, '\nfor x in range(3):\n    y = x\n'], // typing at the end
        [0, 40, ''], // deleting a block
      ]),
    ];
    const inc = new IncrementalTree();
    try {
      for (const [i, text] of texts.entries()) {
        assert.deepEqual(sexp('evaluate.py', text, inc), sexp('evaluate.py', text), `tree after edit ${i}`);
        const a = analyzeText('evaluate.py', text, { settings, reparse: inc });
        const b = analyzeText('evaluate.py', text, { settings });
        assert.deepEqual(said(a), said(b), `analysis after edit ${i}`);
      }
      // Text 1 was one keystroke: an incremental parse, not a fresh one.
      assert.equal(inc.fresh, 1);
      assert.ok(inc.incremental >= texts.length * 2 - 1, `${inc.incremental} incremental parses`);
    } finally {
      inc.dispose();
    }
    // Findings change when the code does: the fix's text removes the fp32 finding.
    const before = analyzeText('evaluate.py', texts[0], { settings }).findings.filter((f) => f.rule === 'precision/fp32-inference').length;
    const after = analyzeText('evaluate.py', texts[4], { settings }).findings.filter((f) => f.rule === 'precision/fp32-inference').length;
    assert.ok(before > after, `${before} → ${after}`);
  });

  it('re-parses a notebook incrementally when one cell changes', () => {
    const nb = JSON.parse(readFileSync(join(root, 'examples', 'notebooks', 'explore.ipynb'), 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
    const withCell = (i: number, f: (s: string) => string) => {
      const copy = structuredClone(nb);
      const c = copy.cells[i];
      c.source = f(Array.isArray(c.source) ? c.source.join('') : c.source);
      return JSON.stringify(copy);
    };
    const code = nb.cells.map((c, i) => (c.cell_type === 'code' ? i : -1)).filter((i) => i >= 0);
    const last = code[code.length - 1];
    const texts = [
      JSON.stringify(nb),
      withCell(code[0], (s) => `${s}\n# typed`),
      withCell(last, (s) => `%%bash\n${s}`), // a cell magic blanks the whole cell
      withCell(last, (s) => `${s}\nif True:\n`), // a syntax error in a cell
      JSON.stringify(nb),
    ];
    const inc = new IncrementalTree();
    try {
      for (const [i, text] of texts.entries()) {
        assert.deepEqual(sexp('explore.ipynb', text, inc), sexp('explore.ipynb', text), `tree after edit ${i}`);
        assert.deepEqual(said(analyzeText('explore.ipynb', text, { settings, reparse: inc })), said(analyzeText('explore.ipynb', text, { settings })), `analysis after edit ${i}`);
      }
      assert.equal(inc.fresh, 1);
    } finally {
      inc.dispose();
    }
  });
});
