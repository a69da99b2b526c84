// The Python and notebook parsers and the shared Python analysis: comments, parse errors with positions,
// magics blanked without moving offsets, alias resolution and scope-aware grad mode.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/core/parse';
import type { NotebookDoc, PythonDoc } from '../../src/core/parse/document';
import { analysisOf } from '../../src/core/extract/python/analysis';
import { field, textOf } from '../../src/core/extract/python/ast';
import { constNumber } from '../../src/core/extract/python/consts';
import { qualifiedName } from '../../src/core/extract/python/imports';
import { blankMagics } from '../../src/core/parse/notebook';
import { bothWalks, fastWalk, pyAst, type PyNode, type Walked } from '../../src/core/parse/python';

function py(text: string): PythonDoc {
  const r = parseDocument('a.py', text);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return r.doc as PythonDoc;
}

function notebook(cells: { cell_type: string; source: string | string[] }[]): string {
  return JSON.stringify({ cells: cells.map((c) => ({ metadata: {}, ...c })), metadata: {}, nbformat: 4, nbformat_minor: 5 });
}

describe('Python parser', () => {
  it('collects comments with their spans', () => {
    const doc = py('x = 1  # one\n# two\ny = "# not a comment"\n');
    assert.deepEqual(doc.comments.map((c) => c.text), ['# one', '# two']);
    assert.equal(doc.text.slice(doc.comments[0].span.start, doc.comments[0].span.end), '# one');
  });

  it('reports the first syntax error with its line and column and does not analyse the file', () => {
    const r = parseDocument('a.py', 'import torch\n\ndef f(:\n    pass\n');
    assert.ok(!r.ok);
    assert.equal(r.error.line, 3);
    assert.ok(r.error.message.includes('syntax error'));
  });

  it('keeps UTF-16 offsets with non-ASCII text', () => {
    const doc = py('s = "é😀"\nmodel = load()\n');
    const a = analysisOf(doc);
    const call = a.calls[0];
    assert.equal(textOf(doc.text, call), 'load()');
  });
});

describe('notebook parser', () => {
  it('joins code cells, keeps each cell offset and blanks magics to same-length comments', () => {
    const text = notebook([
      { cell_type: 'markdown', source: '# Title' },
      { cell_type: 'code', source: ['%pip install x\n', '!nvidia-smi\n', 'import torch'] },
      { cell_type: 'code', source: '%%bash\nls -la' },
      { cell_type: 'code', source: '%%time\nx = torch.zeros(3)' },
    ]);
    const r = parseDocument('n.ipynb', text);
    assert.ok(r.ok);
    const doc = r.doc as NotebookDoc;
    const code = doc.cells.filter((c) => c.kind === 'code');
    assert.deepEqual(code.map((c) => c.index), [1, 2, 3]);
    for (const c of code) assert.equal(doc.python.text.slice(c.offset, c.offset + c.source.length).length, c.source.length);
    assert.equal(doc.python.text.slice(code[2].offset + 7, code[2].offset + 25), 'x = torch.zeros(3)');
    assert.ok(doc.python.text.includes('#pip install x'));
    assert.ok(doc.python.text.includes('#s -la'), 'a %%bash cell is blanked whole');
  });

  it('skips a cell that is not Python, points at its line and analyses the other cells', () => {
    const r = parseDocument('n.ipynb', notebook([{ cell_type: 'code', source: 'import torch' }, { cell_type: 'code', source: 'x = 1\ny = (' }, { cell_type: 'code', source: 'z = torch.ones(2)' }]));
    assert.ok(r.ok, 'Jupyter fails the broken cell alone');
    const doc = r.doc as NotebookDoc;
    assert.equal(doc.skippedCells?.length, 1);
    assert.equal(doc.skippedCells?.[0].cell, 1);
    assert.equal(doc.skippedCells?.[0].line, 2);
    assert.ok(doc.skippedCells?.[0].message.includes('this cell is not analysed'));
    assert.equal(doc.python.text.length, doc.cells.filter((c) => c.kind === 'code').reduce((n, c) => n + c.source.length, 0) + 2, 'offsets unchanged');
    const a = analysisOf(doc.python);
    assert.deepEqual(a.calls.map((c) => textOf(doc.python.text, c)), ['torch.ones(2)'], 'the broken cell is blanked, the others are read');
  });

  it('reports the notebook as one error when too many cells are not Python', () => {
    const cells = [{ cell_type: 'code', source: 'import torch' }, ...Array.from({ length: 20 }, () => ({ cell_type: 'code', source: 'y = (' }))];
    const r = parseDocument('n.ipynb', notebook(cells));
    assert.ok(!r.ok);
    assert.equal(r.error.cell, 1, 'the first cell that is not Python');
    assert.ok(r.error.message.includes('the file is not analysed'));
  });

  it('blanks the continuation lines of a shell escape and IPython automagics', () => {
    const src = '!lm_eval \\\n    --model hf \\\n    --tasks boolq\npip install -q transformers\ncd repo\nx = 1';
    const out = blankMagics(src);
    assert.equal(out.length, src.length);
    assert.equal(out, '#lm_eval \\\n    #-model hf \\\n    #-tasks boolq\n#ip install -q transformers\n#d repo\nx = 1');
    const r = parseDocument('n.ipynb', notebook([{ cell_type: 'code', source: src }]));
    assert.ok(r.ok && !(r.doc as NotebookDoc).skippedCells, 'the cell parses as it is');
    assert.equal(blankMagics('cd = 3\npip = cd - 1'), 'cd = 3\npip = cd - 1', 'names that happen to be magics stay Python');
  });

  it('rejects JSON that is not a notebook', () => {
    assert.ok(!parseDocument('n.ipynb', '{"cells": 3}').ok);
    assert.ok(!parseDocument('n.ipynb', '{"cells": [').ok);
  });

  it('keeps blocks and assignments valid around magics, same length', () => {
    const src = 'for x in y:\n    %time f(x)\nfiles = !ls -la\nmodel?';
    const out = blankMagics(src);
    assert.equal(out.length, src.length);
    assert.equal(out, 'for x in y:\n    pass# f(x)\nfiles = 0#s -la\n#odel?');
    const r = parseDocument('n.ipynb', notebook([{ cell_type: 'code', source: src }]));
    assert.ok(r.ok, 'the blanked cell parses');
  });

  it('blankMagics leaves plain Python alone', () => {
    assert.equal(blankMagics('a = 1 % 2\nb = not a'), 'a = 1 % 2\nb = not a');
  });

  it('reads a line that starts with % inside brackets, a triple-quoted string or after \\ as Python, not a magic', () => {
    // `print ('%d' \n   %(n))`: the `%` operator continues the call on the next line
    const src = "for n in range(3):\n    print ('Epoch: %03d | Cost: %.4f'\n           %(n, 0.5))\ndoc = '''\n%not a magic\n'''\ny = 7 \\\n%2\n%time f()";
    const out = blankMagics(src);
    assert.equal(out, "for n in range(3):\n    print ('Epoch: %03d | Cost: %.4f'\n           %(n, 0.5))\ndoc = '''\n%not a magic\n'''\ny = 7 \\\n%2\n#time f()");
    const r = parseDocument('n.ipynb', notebook([{ cell_type: 'code', source: src.replace('\n%time f()', '') }]));
    assert.ok(r.ok && !(r.doc as NotebookDoc).skippedCells, 'the cell parses as it is');
    // a bracket or quote inside a string or comment opens nothing
    assert.equal(blankMagics("s = '(' # [\n%time g()"), "s = '(' # [\n#time g()");
  });
});

describe('Python analysis', () => {
  it('resolves import aliases', () => {
    const doc = py('import torch as t\nfrom torch import no_grad as ng\nfrom transformers import AutoModel\nt.compile(m)\nng()\nAutoModel.from_pretrained("x")\n');
    const a = analysisOf(doc);
    assert.deepEqual(
      a.calls.map((c) => qualifiedName(doc.text, a.imports, field(c, 'function'))),
      ['torch.compile', 'torch.no_grad', 'transformers.AutoModel.from_pretrained'],
    );
  });

  it('evaluates module constants and stays dynamic otherwise', () => {
    const doc = py('BS = 8 * 4\nN = int(x)\nf(BS, N, -2)\n');
    const a = analysisOf(doc);
    const args = field(a.calls.find((c) => textOf(doc.text, c).startsWith('f('))!, 'arguments')!.children;
    assert.equal(constNumber(doc.text, args[0], a.consts), 32);
    assert.equal(constNumber(doc.text, args[1], a.consts), undefined);
    assert.equal(constNumber(doc.text, args[2], a.consts), -2);
  });

  it('tracks grad mode through with-blocks, decorators, set_grad_enabled and callers', () => {
    const doc = py(
      [
        'import torch as t',
        'from torch import inference_mode',
        'def a(): m(1)',
        '@t.no_grad()',
        'def b(): m(2)',
        '@inference_mode',
        'def c(): m(3)',
        'def helper(): m(4)',
        'with t.no_grad():',
        '    helper()',
        '    with t.enable_grad():',
        '        m(5)',
        'def d():',
        '    t.set_grad_enabled(False)',
        '    m(6)',
        'with t.inference_mode(False):',
        '    m(7)',
      ].join('\n'),
    );
    const a = analysisOf(doc);
    const off = a.calls.filter((c) => textOf(doc.text, c).startsWith('m(')).map((c) => [textOf(doc.text, c), a.grad.gradOff(c)]);
    assert.deepEqual(off, [
      ['m(1)', false],
      ['m(2)', true],
      ['m(3)', true],
      ['m(4)', true],
      ['m(5)', false],
      ['m(6)', true],
      ['m(7)', false],
    ]);
  });
});

describe('Python tree copy', () => {
  // The fast walk calls web-tree-sitter's C cursor functions directly; it must build exactly the tree its own
  // TreeCursor gives (types, spans, fields, parents, comments, the first ERROR / MISSING node).
  const flat = (w: Walked) => {
    const out: string[] = [];
    const visit = (n: PyNode, depth: number) => {
      out.push(`${depth} ${n.type} ${n.start}-${n.end} ${n.field ?? ''}`);
      for (const c of n.children) {
        assert.equal(c.parent, n, 'each child points at its parent');
        visit(c, depth + 1);
      }
    };
    visit(w.root, 0);
    return { nodes: out, comments: w.comments, errorAt: w.errorAt, errorKind: w.errorKind, missingType: w.missingType };
  };
  const texts = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = join(dir, e.name);
      return e.isDirectory() ? texts(p) : e.name.endsWith('.py') ? [readFileSync(p, 'utf8')] : [];
    });
  const root = join(__dirname, '..', '..', '..');

  it('uses the fast walk', () => assert.ok(fastWalk(), "web-tree-sitter's cursor exports were not found: parses fall back to the slow walk"));

  it('matches the TreeCursor walk on every Python fixture and example, and on broken and odd text', () => {
    const samples = [
      ...texts(join(root, 'src', 'core', 'rules')),
      ...texts(join(root, 'examples')),
      '',
      '# only a comment',
      's = "é😀"  # ünïcode\nx = f(a=1, *b, **c)[0].y\n',
      'def f(:\n    pass\n',
      'x = (1,\ny = 2\n',
      'x = (1,\n',
      'class A(B, metaclass=M):\n    @d\n    async def f(self, *, k: int = 3) -> "T":\n        return [i async for i in g() if i]\n',
      `${'('.repeat(200)}1${')'.repeat(200)}\n`,
      // tokens and the two anonymous aliases that have children (`not in`, `is not`), a comment inside each
      'ok = (a not  # why\n in b) and (c is  # who\n not d) and e not in f and g is not None\n',
      'x = f"{a!r:>{w}} \\n {{b}}" + b"\\x00" + ... + 0x1F + 1.5e-3 + True + False + None\n',
      'print >> sys.stderr, "x"\nexec("y")\nmatch p:\n    case [1, *_] | {"k": _} if g: pass\n',
      'y = 1 + \\\n    2  # continued\n',
    ];
    assert.ok(samples.length > 40, `only ${samples.length} samples`);
    let errors = 0;
    for (const text of samples) {
      const w = bothWalks(text)!;
      assert.deepEqual(flat(w.fast), flat(w.portable), text.slice(0, 80));
      if (w.fast.errorAt !== undefined) errors++;
    }
    assert.ok(errors >= 3, 'the broken samples are reported');
  });

  it('gives every leaf one shared, frozen children array', () => {
    const doc = py('import torch\nx = f(a, b=1)  # c\n');
    const leaves: PyNode[] = [];
    const visit = (n: PyNode) => {
      if (n.children.length === 0) leaves.push(n);
      n.children.forEach(visit);
    };
    visit(pyAst(doc));
    assert.ok(leaves.length > 4);
    for (const l of leaves) {
      assert.equal(l.children, leaves[0].children);
      assert.ok(Object.isFrozen(l.children));
    }
  });
});
