// CPU inference without no_grad is reported, but capped at info and saying so; the same server on a GPU is not
// capped (its severity is then the engine's: no saving, no warning).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { memoryWorkspace } from '../../src/node/workspace';
import { fixtureSettings, rulesRoot } from './fixtures';

const dir = join(rulesRoot, 'grad', 'no-grad-inference', 'fixtures');

function findings(name: string): { severity: string; message: string }[] {
  const text = readFileSync(join(dir, name), 'utf8');
  const r = analyzeText(name, text, { settings: fixtureSettings(dir, join(dir, name)), workspace: memoryWorkspace({ [name]: text }), onlyRules: ['grad/no-grad-inference'] });
  return r.findings;
}

describe('no-grad-inference on the CPU', () => {
  it('a model that stays on the CPU is info and says why', () => {
    const f = findings('cpu_serving.py');
    assert.deepEqual(f.map((x) => x.severity), ['info']);
    assert.match(f[0].message, /stays on the CPU/);
  });
  it('the same model moved to a device is not said to stay on the CPU', () => {
    const f = findings('gpu_serving.py');
    assert.equal(f.length, 1);
    assert.doesNotMatch(f[0].message, /stays on the CPU/);
  });
});
