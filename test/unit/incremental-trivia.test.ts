// The language server re-uses its previous analysis across an edit of comment and blank lines only
// (core/incremental/trivia.ts). Property test: seeded random edits (typing comments character by character, editing
// and deleting comment lines, blank lines, directives, comments naming APIs, values, new code lines, deletions),
// in Python files and in notebooks, each analysed through the server's Analyser (incremental tree + re-use) and
// compared with a fresh whole-document analysis of the same text: the same findings, places, fixes, savings, jobs,
// estimates, directives and diagnostics. The re-use must also actually happen (it is what the keystroke target
// relies on), and never across an edit a fresh analysis would answer differently.
import { strict as assert } from 'node:assert';
import { analyzeText } from '../../src/core/analyze';
import { mulberry32 } from '../../src/core/engine/range';
import { Analyser, type Source } from '../../src/server/analyse';
import { diagnosticsOf } from '../../src/server/convert';
import { initCore } from '../../src/node/grammar';
import { cellsOf, fsFor, notebookKeystroke, SOURCES, pick, read, said, settings, type Rand } from './incremental-harness';



const COMMENTS = ['# note', '#', '# TODO: tune this', '    # indented', '# uses torch.compile later', '# batch_size = 64', '# wattlint: ignore', '# wattlint: ignore[batching/unbatched-inference]', '#!/bin/x', '# coding: utf-8', '  ', ''];

/** One random edit of `text` (a Python module): comment-ish edits mostly, sometimes code. */
function randomEdit(r: Rand, text: string): string {
  const lines = text.split('\n');
  const at = Math.floor(r() * lines.length);
  const k = r();
  const indentOf = (l: string) => /^[ \t]*/.exec(l)![0];
  const near = lines[Math.min(at, lines.length - 1)] ?? '';
  if (k < 0.3) lines.splice(at, 0, indentOf(near) + pick(r, COMMENTS).trimStart());
  else if (k < 0.45) {
    // type one more character into a comment line, or start one
    const c = lines.findIndex((l, i) => i >= at && /^\s*#/.test(l));
    if (c >= 0) lines[c] += pick(r, ['x', ' ', 'e', '.', 'a.b', '#']);
    else lines.splice(at, 0, '#');
  } else if (k < 0.6) {
    // delete a comment or blank line
    const c = lines.findIndex((l, i) => i >= at && /^\s*(#.*)?$/.test(l));
    if (c >= 0) lines.splice(c, 1);
  } else if (k < 0.7) lines.splice(at, 0, '');
  else if (k < 0.8) {
    // change a number
    const c = lines.findIndex((l, i) => i >= at && /\d/.test(l));
    if (c >= 0) lines[c] = lines[c].replace(/\d+/, String(1 + Math.floor(r() * 64)));
  } else if (k < 0.88) lines.splice(at, 0, indentOf(near) + pick(r, ['x = 1', 'model.eval()', 'pass', 'import torch', 'torch.compile(model)']));
  else if (k < 0.94) {
    // a trailing comment on a code line
    const c = lines.findIndex((l, i) => i >= at && /\S/.test(l) && !/#/.test(l));
    if (c >= 0) lines[c] += '  # why';
  } else lines.splice(at, 1);
  return lines.join('\n');
}

describe('re-using the analysis across comment-only edits (language server)', function () {
  this.timeout(600_000);
  before(() => initCore());

  const files = SOURCES;

  it('Python: every edit gives exactly the fresh analysis and diagnostics; comment edits re-use the previous one', () => {
    let reusedTotal = 0;
    let steps = 0;
    for (const [fi, file] of files.entries()) {
      const r = mulberry32(1234 + fi);
      const analyser = new Analyser({ get: () => undefined });
      const fs = fsFor('train_x.py');
      let text = read(file);
      for (let step = 0; step < 60; step++) {
        text = randomEdit(r, text);
        const src: Source = { uri: 'file:///w/train_x.py', text, version: step + 1 };
        const a = analyser.analyse(src, fs);
        const fresh = analyzeText('train_x.py', text, { settings });
        assert.equal(said(a.analysis), said(fresh), `${file}, step ${step}${a.reused ? ' (re-used)' : ''}:\n${text}`);
        const d1 = JSON.stringify([...diagnosticsOf(a, '{id}')].map(([u, ds]) => [u, ds.map((d) => ({ ...d, data: { ...(d.data as object), key: '' } }))]));
        const d2 = JSON.stringify([...diagnosticsOf({ ...a, analysis: fresh }, '{id}')].map(([u, ds]) => [u, ds.map((d) => ({ ...d, data: { ...(d.data as object), key: '' } }))]));
        assert.equal(d1, d2);
        steps++;
      }
      reusedTotal += analyser.reusedCount;
      analyser.dispose();
    }
    // the shortcut is taken for a good share of the edits (about half are comment or blank-line edits)
    console.log(`python re-used ${reusedTotal} of ${steps}`);
    assert.ok(reusedTotal > steps / 6, `re-used ${reusedTotal} of ${steps}`);
  });

  it('a typed comment is re-used at every keystroke, also next to code; a directive or a code edit is not', () => {
    const analyser = new Analyser({ get: () => undefined });
    const fs = fsFor('eval.py');
    const base = read('test/labelled/core/generate_each.py');
    const lines = base.split('\n');
    const mid = Math.floor(lines.length / 2);
    let v = 1;
    const run = (text: string) => analyser.analyse({ uri: 'file:///w/eval.py', text, version: v++ }, fs);
    run(base);
    const word = '# note';
    for (let k = 1; k <= word.length; k++) {
      const text = [...lines.slice(0, mid), word.slice(0, k), ...lines.slice(mid)].join('\n');
      const a = run(text);
      assert.equal(said(a.analysis), said(analyzeText('eval.py', text, { settings })));
    }
    assert.ok(analyser.reusedCount >= word.length - 1, `re-used ${analyser.reusedCount}`);
    const n = analyser.reusedCount;
    const directive = [...lines.slice(0, mid), '# wattlint: ignore', ...lines.slice(mid)].join('\n');
    const d = run(directive);
    assert.equal(d.reused, undefined);
    assert.equal(said(d.analysis), said(analyzeText('eval.py', directive, { settings })));
    const code = [...lines.slice(0, mid), 'x = 1', ...lines.slice(mid)].join('\n');
    assert.equal(run(code).reused, undefined);
    assert.equal(analyser.reusedCount, n);
    analyser.dispose();
  });

  it('edits next to what the analysis read are analysed afresh: a directive over the next line, a string, a block end, line numbers in messages', () => {
    const cases: [string, string][] = [
      // a directive alone on its line covers the next one: a line put between them un-suppresses the finding
      ['d.py', 'import torch\nfrom transformers import pipeline\n\npipe = pipeline("text-classification", device=0)\nout = []\nfor t in texts:\n    # wattlint: ignore[batching/unbatched-inference]\n    out.append(pipe(t))\n'],
      // comment-like lines inside a triple-quoted string are the string's text
      ['s.py', 'import torch\nfrom transformers import pipeline\n\nDOC = """\n# a\n"""\npipe = pipeline("text-classification", device=0)\nout = []\nfor t in texts:\n    out.append(pipe(t))\n'],
      // a comment indented into a loop body stretches the loop (tree-sitter attaches it to the block)
      ['b.py', 'import torch\nfrom transformers import pipeline\n\npipe = pipeline("text-classification", device=0)\nout = []\nfor t in texts:\n    out.append(pipe(t))\n\nprint(out)\n'],
      ['g.py', read('test/labelled/core/generate_each.py')],
    ];
    const inserts = ['#', '# x', '    # x', '        # x', '', '    '];
    for (const [name, text] of cases) {
      const lines = text.split('\n');
      for (let at = 2; at < lines.length; at++) {
        for (const ins of inserts) {
          const analyser = new Analyser({ get: () => undefined });
          const fs = fsFor(name);
          analyser.analyse({ uri: `file:///w/${name}`, text, version: 1 }, fs);
          const edited = [...lines.slice(0, at), ins, ...lines.slice(at)].join('\n');
          const a = analyser.analyse({ uri: `file:///w/${name}`, text: edited, version: 2 }, fs);
          assert.equal(said(a.analysis), said(analyzeText(name, edited, { settings })), `${name}: ${JSON.stringify(ins)} at line ${at + 1}${a.reused ? ' (re-used)' : ''}`);
          // and back
          const b = analyser.analyse({ uri: `file:///w/${name}`, text, version: 3 }, fs);
          assert.equal(said(b.analysis), said(analyzeText(name, text, { settings })), `${name}: ${JSON.stringify(ins)} removed at line ${at + 1}${b.reused ? ' (re-used)' : ''}`);
          analyser.dispose();
        }
      }
    }
  });

  it('notebooks: edits in one cell give exactly the fresh analysis; comment edits re-use the previous one', () => {
    const srcs = ['examples/evaluate.py', 'test/labelled/core/eval_loop.py', 'test/labelled/core/train_raw_loop.py', 'examples/train.py'].map(read);
    let reusedTotal = 0;
    let steps = 0;
    for (let seed = 0; seed < 3; seed++) {
      const r = mulberry32(99 + seed);
      // cells: chunks of the sources at top-level statements, with markdown between
      const cells = cellsOf(srcs, 3, '## Next\nText.');
      const analyser = new Analyser({ get: () => undefined });
      for (let step = 0; step < 40; step++) {
        const { ci, a, fresh } = notebookKeystroke(r, cells, analyser, step, randomEdit);
        assert.equal(said(a.analysis), said(fresh), `seed ${seed}, step ${step}, cell ${ci}${a.reused ? ' (re-used)' : ''}:\n${cells[ci].source}`);
        steps++;
      }
      reusedTotal += analyser.reusedCount;
      analyser.dispose();
    }
    console.log(`nb re-used ${reusedTotal} of ${steps}`);
    assert.ok(reusedTotal > steps / 8, `re-used ${reusedTotal} of ${steps}`);
  });
});
