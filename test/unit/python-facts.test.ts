// Facts the Python analysis reads from a file before any rule runs (extract/python/analysis.ts, index.ts): where the
// run is placed, and which calls of a training step are its forward passes.
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../src/core/parse';
import type { PythonDoc } from '../../src/core/parse/document';
import { analysisOf, type PyAnalysis } from '../../src/core/extract/python/analysis';
import { textOf } from '../../src/core/extract/python/ast';
import { trainingLoops } from '../../src/core/extract/python/index';

function analysis(src: string): PyAnalysis {
  const r = parseDocument('train.py', src);
  assert.ok(r.ok && r.doc.lang === 'python');
  return analysisOf(r.doc as PythonDoc);
}

const STEP = [
  'import torch',
  'from accelerate import Accelerator',
  'accelerator = Accelerator(gradient_accumulation_steps=4)',
  'model = torch.nn.Linear(4096, 4096)',
  'optimizer = torch.optim.AdamW(model.parameters())',
  'model, optimizer, loader = accelerator.prepare(model, optimizer, loader)',
  'for epoch in range(10):',
  '    for x, y in loader:',
  '        with accelerator.accumulate(model):',
  '            loss = torch.nn.functional.mse_loss(model(x), y)',
  '            accelerator.backward(loss)',
  '            optimizer.step()',
  '',
].join('\n');

describe('Python facts', () => {
  it('does not read a checkpoint loaded to host memory as a CPU run', () => {
    const load = `${STEP}state = torch.load("ckpt.pt", map_location="cpu")\n`;
    assert.equal(analysis(load).cpuOnly, false, 'map_location="cpu" is where a checkpoint is read');
    const cpu = `${STEP}device = "cpu"\nmodel.to(device)\n`;
    assert.equal(analysis(cpu).cpuOnly, true, 'a "cpu" device string still is');
  });

  it('takes no `with` header for a forward pass of the training step', () => {
    const a = analysis(STEP);
    const loops = trainingLoops(a);
    assert.equal(loops.length, 1);
    const forwards = loops[0].forwards.map((f) => textOf(a.text, f));
    assert.deepEqual(forwards, ['model(x)'], 'accelerator.accumulate(model) sets up accumulation; model(x) is the forward');
  });
});
