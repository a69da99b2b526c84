// The analysers' tree walk (extract/python/ast.ts `walk`): a loop over a pre-order array built once per tree. It
// must visit exactly what a walk of the nodes' children arrays visits, in the same order, with the same subtrees
// skipped — from the root and from any node (and `nodesOfTypes` the nodes of given types in that order), on fresh parses and on incremental re-parses that re-use (and move)
// the previous copy's statements.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { nodesOfTypes, walk, type PyNode } from '../../src/core/extract/python/ast';
import { parseDocument } from '../../src/core/parse';
import { IncrementalTree } from '../../src/core/parse/incremental';
import type { PythonDoc } from '../../src/core/parse/document';
import { pyAst } from '../../src/core/parse/python';
import { mulberry32 } from '../../src/core/engine/range';

const root = join(__dirname, '..', '..', '..');

/** The reference: a recursive pre-order over the children arrays, skipping a subtree when `skip` says so. */
function reference(n: PyNode, skip: (n: PyNode) => boolean, out: PyNode[]): PyNode[] {
  out.push(n);
  if (!skip(n)) for (const c of n.children) reference(c, skip, out);
  return out;
}

function walked(n: PyNode, skip: (n: PyNode) => boolean): PyNode[] {
  const out: PyNode[] = [];
  walk(n, (m) => {
    out.push(m);
    return skip(m) ? false : undefined;
  });
  return out;
}

/** Every node under `n`, in pre-order (the reference's). */
function allNodes(n: PyNode): PyNode[] {
  return reference(n, () => false, []);
}

/** Walks from the root and from a sample of nodes, with no skipping and with a seeded skipping rule, against the reference. */
function checkWalks(top: PyNode, seed: number, label: string): void {
  const rnd = mulberry32(seed);
  const marks = new WeakMap<PyNode, boolean>();
  const skip = (n: PyNode) => {
    let m = marks.get(n);
    if (m === undefined) marks.set(n, (m = rnd() < 0.2));
    return m;
  };
  const nodes = allNodes(top);
  const starts = [top, ...nodes.filter(() => rnd() < 0.05)];
  for (const s of starts) {
    assert.deepEqual(walked(s, () => false), reference(s, () => false, []), `${label}: full walk from ${s.type} at ${s.start}`);
    assert.deepEqual(walked(s, skip), reference(s, skip, []), `${label}: walk with skips from ${s.type} at ${s.start}`);
  }
  // the nodes of some types, from the root or any node of the module: the reference's, filtered
  const some = nodes.filter(() => rnd() < 0.01);
  for (const types of [['call'], ['assignment', 'typed_parameter', 'typed_default_parameter'], ['class_definition', 'function_definition']]) {
    const want = nodes.filter((m) => types.includes(m.type));
    assert.deepEqual(nodesOfTypes(top, ...types), want, `${label}: nodes of ${types.join(', ')}`);
    for (const s of some) assert.deepEqual(nodesOfTypes(s, ...types), want, `${label}: nodes of ${types.join(', ')} from ${s.type} at ${s.start}`);
  }
  // a walk that stops at the first `call` (the analysers' `if (found) return false` shape)
  let found = false;
  const firstCall: PyNode[] = [];
  walk(top, (m) => {
    if (found) return false;
    firstCall.push(m);
    if (m.type === 'call') found = true;
    return undefined;
  });
  const upTo = nodes.findIndex((m) => m.type === 'call');
  if (upTo >= 0) assert.deepEqual(firstCall.slice(0, upTo + 1), nodes.slice(0, upTo + 1), `${label}: stops at the first call`);
}

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) pythonFiles(p, out);
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

describe('python tree walk (pre-order array)', () => {
  it('visits what a walk of the children arrays visits, with the same skips, on fresh parses', () => {
    const files = [...pythonFiles(join(root, 'examples')), ...pythonFiles(join(root, 'test', 'e2e', 'workspace'))];
    assert.ok(files.length >= 5, `only ${files.length} files`);
    let checked = 0;
    for (const [i, f] of files.entries()) {
      const r = parseDocument(f, readFileSync(f, 'utf8'));
      if (!r.ok || r.doc.lang !== 'python') continue;
      try {
        checkWalks(pyAst(r.doc), 1000 + i, f);
        checked++;
      } finally {
        r.doc.tree.delete();
      }
    }
    assert.ok(checked >= 5, `only ${checked} files checked`);
  });

  it('stays right on incremental re-parses that re-use and move the previous statements', () => {
    const base = readFileSync(join(root, 'test', 'e2e', 'workspace', 'evaluate.py'), 'utf8');
    const rnd = mulberry32(7);
    const inc = new IncrementalTree();
    let text = base;
    let reused = 0;
    try {
      for (let step = 0; step < 40; step++) {
        // an edit inside a line: a digit, a name, or a new statement, somewhere in the file
        const at = text.indexOf('\n', Math.floor(rnd() * text.length)) + 1;
        const ins = ['x = 1\n', '# c\n', 'y = f(2)\n', ''][step % 4];
        const del = step % 4 === 3 ? text.indexOf('\n', at) + 1 - at : 0;
        if (del < 0) continue;
        text = text.slice(0, at) + ins + text.slice(at + Math.max(0, del));
        const r = parseDocument('evaluate.py', text, undefined, inc);
        if (!r.ok) continue;
        const doc = r.doc as PythonDoc;
        reused += inc.reused;
        const top = pyAst(doc);
        // walked before and after a fresh copy of the same text is walked (each tree keeps its own order)
        checkWalks(top, step, `edit ${step}`);
        const fresh = parseDocument('evaluate.py', text);
        if (fresh.ok && fresh.doc.lang === 'python') {
          try {
            assert.equal(walked(pyAst(fresh.doc), () => false).length, walked(top, () => false).length, `edit ${step}: as many nodes as a fresh parse`);
          } finally {
            fresh.doc.tree.delete();
          }
        }
        checkWalks(top, step + 100, `edit ${step}, again`);
      }
      assert.ok(reused > 0, 'statements were re-used from the previous copy');
    } finally {
      inc.dispose();
    }
  });
});
