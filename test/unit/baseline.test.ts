// Baseline fingerprints survive line shifts and re-indentation, tell repeated lines apart, and hide only
// the findings the baseline holds.
import { strict as assert } from 'node:assert';
import { applyBaseline, fingerprints, makeBaseline, parseBaseline, serializeBaseline } from '../../src/core/baseline';
import type { Finding } from '../../src/core/types';

function finding(file: string, line: number, rule = 'precision/fp32-training', cell?: number): Finding {
  return {
    rule,
    severity: 'warning',
    message: 'm',
    file,
    cell,
    span: { start: 0, end: 1 },
    range: { startLine: line, startColumn: 1, endLine: line, endColumn: 2 },
  };
}

describe('baseline', () => {
  const before = 'a: 1\nfp16: false\n';
  const after = '# a comment added above\n\na: 1\n  fp16:   false\n';

  it('keeps a fingerprint when the line moves or is re-spaced', () => {
    const [p1] = fingerprints([finding('x.yaml', 2)], () => before);
    const [p2] = fingerprints([finding('x.yaml', 4)], () => after);
    assert.equal(p1, p2);
  });

  it('changes it when the line, the rule or the file changes', () => {
    const [p] = fingerprints([finding('x.yaml', 2)], () => before);
    assert.notEqual(fingerprints([finding('x.yaml', 1)], () => before)[0], p);
    assert.notEqual(fingerprints([finding('x.yaml', 2, 'compile/no-compile')], () => before)[0], p);
    assert.notEqual(fingerprints([finding('y.yaml', 2)], () => before)[0], p);
  });

  it('tells identical lines apart by occurrence, so a new copy is a new finding', () => {
    const text = 'x = f()\nx = f()\n';
    const two = fingerprints([finding('a.py', 1), finding('a.py', 2)], () => text);
    assert.notEqual(two[0], two[1]);
    const three = fingerprints([finding('a.py', 1), finding('a.py', 2), finding('a.py', 3)], () => text + 'x = f()\n');
    const b = makeBaseline([0, 1].map((i) => ({ ...finding('a.py', i + 1), fingerprint: two[i] })));
    const { kept, hidden } = applyBaseline(three.map((fp, i) => ({ ...finding('a.py', i + 1), fingerprint: fp })), b);
    assert.equal(hidden, 2);
    assert.deepEqual(kept.map((k) => k.range?.startLine), [3]);
  });

  it('reads notebook lines from the cell', () => {
    const nb = (src: string[]) => JSON.stringify({ cells: [{ cell_type: 'markdown', source: ['# t'] }, { cell_type: 'code', source: src }] });
    const [p1] = fingerprints([finding('n.ipynb', 1, 'grad/no-grad-inference', 1)], () => nb(['out = model(x)\n']));
    const [p2] = fingerprints([finding('n.ipynb', 2, 'grad/no-grad-inference', 1)], () => nb(['import torch\n', 'out = model(x)\n']));
    const [p3] = fingerprints([finding('n.ipynb', 1, 'grad/no-grad-inference', 1)], () => nb(['out = other(x)\n']));
    assert.equal(p1, p2);
    assert.notEqual(p1, p3);
  });

  it('uses the key the baseline records for the file', () => {
    const [a] = fingerprints([finding('x.yaml', 2)], () => before, (f) => `sub/${f}`);
    const [b] = fingerprints([finding('sub/x.yaml', 2)], () => before);
    assert.equal(a, b);
  });

  it('round-trips and rejects malformed files', () => {
    const b = makeBaseline([{ ...finding('x.yaml', 2), fingerprint: 'f1' }]);
    const r = parseBaseline(serializeBaseline(b));
    assert.ok(r.ok);
    if (r.ok) assert.deepEqual(r.baseline, b);
    const bad = parseBaseline('{"version": 1, "findings": [{"rule": 1}]}');
    assert.ok(!bad.ok && bad.message.includes('findings[0]'));
    assert.ok(!parseBaseline('nope').ok);
    assert.ok(!parseBaseline('{"findings": []}').ok);
  });
});
