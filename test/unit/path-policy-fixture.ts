// The loop both path-policy suites (test files, vendored code) analyse: a raw fp32 training loop on the GPU that the
// cost rules flag wherever a policy lets them.
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { parseConfigText, resolveSettings } from '../../src/core/config/load';
import { defaultSettings } from '../../src/core/settings';

export const LOOP = [
  'import torch',
  'model = torch.nn.Linear(4096, 4096).cuda()',
  'opt = torch.optim.AdamW(model.parameters())',
  'for epoch in range(10):',
  '    for x in loader:',
  '        loss = model(x.cuda()).sum()',
  '        loss.backward()',
  '        opt.step()',
  '',
].join('\n');

export function config(toml: string) {
  const r = parseConfigText('wattlint.toml', toml);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return resolveSettings(r.config);
}

export const findings = (file: string, settings = defaultSettings) => analyzeText(file, LOOP, { settings, estimates: false });
