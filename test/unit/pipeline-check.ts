// The robustness property shared by the garbled-input tests: one file through the whole pipeline (parse →
// extract → every rule → fixes → savings) with no internal error, within a generous per-file budget (a hang
// detector, not a speed test), and any error naming the file.
import { strict as assert } from 'node:assert';
import { analyzeText } from '../../src/core/analyze';
import { resolveSettings } from '../../src/core/config/load';
import { applyFixes } from '../../src/core/fix';
import { allRules } from '../../src/core/rules';
import { memoryWorkspace } from '../../src/node/workspace';

const PER_FILE_BUDGET_MS = 3000;
const ids = allRules.map((r) => r.meta.id);
const settings = resolveSettings();

export function checkPipeline(path: string, text: string, opts: { errorsHaveLines?: boolean } = {}): void {
  const t0 = performance.now();
  const r = analyzeText(path, text, { settings, workspace: memoryWorkspace({}), onlyRules: ids });
  const fixes = r.findings.flatMap((f) => (f.fix ? [f.fix] : []));
  if (fixes.length) applyFixes(path, text, fixes);
  const ms = performance.now() - t0;
  assert.ok(ms < PER_FILE_BUDGET_MS, `${path} took ${ms.toFixed(0)} ms`);
  for (const e of r.errors) {
    assert.equal(e.file, path);
    assert.ok(!e.message.startsWith('internal'), `${path}: ${e.message}`);
    if (opts.errorsHaveLines) assert.ok(e.line !== undefined && e.line >= 1, `${path}: a parse error has a line`);
  }
}
