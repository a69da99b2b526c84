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
import { pyAst, type PyNode } from '../../src/core/parse/python';
import { mulberry32 } from '../../src/core/engine/range';

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

/** The plain copy the analysers read (every node's type, field, offsets and parent) and the comments, as JSON. */
function plainCopy(path: string, text: string, inc?: IncrementalTree): string {
  const r = parseDocument(path, text, undefined, inc);
  if (!r.ok) return `error ${r.error.line}:${r.error.column}`;
  const doc = r.doc.lang === 'notebook' ? (r.doc as NotebookDoc).python : (r.doc as PythonDoc);
  const dump = (n: PyNode, parent: PyNode | undefined): unknown => {
    assert.equal(n.parent, parent, `parent of ${n.type} at ${n.start}`);
    return [n.type, n.field ?? '', n.start, n.end, n.children.map((c) => dump(c, n))];
  };
  const out = JSON.stringify({ root: dump(pyAst(doc), undefined), comments: doc.comments });
  if (!inc) doc.tree.delete();
  return out;
}

/** A small seeded generator, so a failing sequence can be replayed. */
const seeded = mulberry32;

describe('incremental re-parse', () => {
  it('re-uses the untouched statements of the plain copy, which then equals a fresh one, over random edits', () => {
    const base = readFileSync(join(root, 'examples', 'train.py'), 'utf8');
    const pieces = ['#', ' ', '\n', '\n    ', 'x', '(', ')', ':', '"', '1', 'é😀', '\t'];
    const lineStart = ['# c\n', '\n', 'def g():\n    return 2\n', 'y = 3  # é😀\n'];
    const rand = seeded(12);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const inc = new IncrementalTree();
    let text = base;
    let reused = 0;
    try {
      assert.equal(plainCopy('train.py', text, inc), plainCopy('train.py', text));
      for (let i = 0; i < 150; i++) {
        // Half the edits insert whole lines at a line start (mostly still valid), half type or delete anywhere.
        let at = Math.floor(rand() * (text.length + 1));
        let del = 0;
        let ins: string;
        if (rand() < 0.5) {
          at = text.lastIndexOf('\n', at - 1) + 1;
          ins = pick(lineStart);
        } else {
          del = rand() < 0.4 ? Math.floor(rand() * 4) : 0;
          ins = rand() < 0.8 ? pick(pieces) : '';
        }
        const next = text.slice(0, at) + ins + text.slice(at + del);
        const expected = plainCopy('train.py', next);
        assert.equal(plainCopy('train.py', next, inc), expected, `copy after edit ${i} (at ${at}, -${del}, +${JSON.stringify(ins)})`);
        if (inc.reused > 0) reused++;
        if (expected.startsWith('error')) {
          // back to the last valid text (from a tree with an error)
          assert.equal(plainCopy('train.py', text, inc), plainCopy('train.py', text), `copy after undoing edit ${i}`);
        } else text = next;
      }
      // A keystroke in the middle of a valid file re-uses all the other top-level statements.
      const mid = base.indexOf('\n', base.length >> 1) + 1;
      plainCopy('train.py', base, inc);
      const keyed = `${base.slice(0, mid)}# note\n${base.slice(mid)}`;
      assert.equal(plainCopy('train.py', keyed, inc), plainCopy('train.py', keyed));
      const fresh = parseDocument('train.py', keyed);
      assert.ok(fresh.ok);
      const top = pyAst(fresh.doc as PythonDoc).children.length;
      (fresh.doc as PythonDoc).tree.delete();
      assert.ok(inc.reused >= top - 2, `${inc.reused} of ${top} top-level statements re-used`);
    } finally {
      inc.dispose();
    }
    assert.ok(reused >= 10, `${reused} of the parses re-used statements`);
  });

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
