// Places a finding names in a notebook (its message's lines, its related locations) are lines of the cell they are
// in, never lines of the joined Python the rules analyse; a place in another cell says which cell.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { parseDocument } from '../../src/core/parse';
import { cellLine, linePlace } from '../../src/core/parse/place';
import { jsonFinding } from '../../src/core/report/json';
import { resolveSettings } from '../../src/core/config/load';
import { rulesRoot } from './fixtures';

const NB = join(rulesRoot, 'batching/unbatched-inference/fixtures/api_cells.ipynb');

describe('notebook places', () => {
  const text = readFileSync(NB, 'utf8');
  const cells = (JSON.parse(text) as { cells: { source: string[] }[] }).cells.map((c) => c.source.join(''));
  let r: ReturnType<typeof analyzeText>;
  let f: ReturnType<typeof analyzeText>['findings'][number];
  before(() => {
    r = analyzeText('api_cells.ipynb', text, { settings: resolveSettings(), onlyRules: ['batching/unbatched-inference'], estimates: false });
    f = r.findings[0];
  });

  it('the finding sits in the loop cell', () => {
    assert.equal(r.findings.length, 1);
    assert.equal(f.cell, 4);
    assert.equal(f.range?.startLine, 3);
  });

  it('the message names the request by its line in its own cell (cells counted from 1, as the text report does), and the loop by its line in the finding\'s cell', () => {
    assert.match(f.message, /request \(line 6 of cell 2\)/);
    assert.match(f.message, /loop at line 2;/);
  });

  it('related locations are cell-relative lines that exist in their cell, in the JSON report too', () => {
    const rel = jsonFinding({ ...f, file: 'api_cells.ipynb' }).related ?? [];
    assert.deepEqual(
      rel.map((x) => [x.cell, x.line]),
      [
        [4, 2],
        [1, 6],
      ],
    );
    for (const x of rel) {
      const lines = cells[x.cell!].split('\n');
      assert.ok(x.line! <= lines.length, `line ${x.line} exists in cell ${x.cell}`);
    }
    assert.match(cells[1].split('\n')[5], /client\.chat\.completions\.create/);
    assert.match(cells[4].split('\n')[1], /^for e in entries/);
  });

  it('linePlace: a plain file says the line; a notebook adds the cell only when it differs', () => {
    const py = parseDocument('a.py', 'x = 1\ny = 2\n');
    assert.ok(py.ok);
    if (!py.ok) return;
    assert.equal(linePlace(py.doc, 6), 'line 2');
    const nb = parseDocument('n.ipynb', text);
    assert.ok(nb.ok);
    if (!nb.ok || nb.doc.lang !== 'notebook') return;
    const c1 = nb.doc.cells[1].offset;
    const c4 = nb.doc.cells[4].offset;
    assert.deepEqual(cellLine(nb.doc, c4 + cells[4].indexOf('for')), { cell: 4, line: 2 });
    assert.equal(linePlace(nb.doc, c1, c4), 'line 1 of cell 2');
    assert.equal(linePlace(nb.doc, c4 + 1, c4), 'line 1');
  });
});

describe('notebook message snippets', () => {
  it('quote the cell\'s code, not the notebook\'s JSON, at the fact\'s place', () => {
    const nb = {
      cells: [
        { cell_type: 'markdown', metadata: {}, source: ['# Fine-tune\n', 'Evaluate on the held-out split "exam" every few steps.\n'] },
        { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: ['from transformers import TrainingArguments\n'] },
        {
          cell_type: 'code',
          metadata: {},
          execution_count: null,
          outputs: [],
          source: ['args = TrainingArguments(\n', '    output_dir="out",\n', '    per_device_train_batch_size=8,\n', '    per_device_eval_batch_size=1,\n', '    eval_strategy="steps",\n', '    eval_steps=500,\n', '    bf16=True,\n', ')\n'],
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const text = JSON.stringify(nb, null, 1);
    const r = analyzeText('train.ipynb', text, { settings: resolveSettings(), onlyRules: ['batching/unbatched-inference'], estimates: false });
    assert.equal(r.findings.length, 1);
    const f = r.findings[0];
    assert.equal(f.cell, 2);
    assert.equal(f.range?.startLine, 4);
    assert.match(f.message, /^`per_device_eval_batch_size=1` while the job evaluates \(`eval_strategy="steps"`\)/);
  });
});
