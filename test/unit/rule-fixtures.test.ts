// Every rule against its own fixtures: expected findings exactly where the `expect:` comments say, fixed
// output equal to the `.fixed.` file, and every fix parseable, idempotent and removing its own finding.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { applyFixes } from '../../src/core/fix';
import { allRules } from '../../src/core/rules';
import { memoryWorkspace } from '../../src/node/workspace';
import { fixtureSettings, loadFixtures, rulesRoot, type Expectation } from './fixtures';

function key(e: { cell?: number; line: number | null }): string {
  return `${e.cell !== undefined ? `cell ${e.cell} ` : ''}line ${e.line ?? 'file'}`;
}

for (const rule of allRules) {
  const id = rule.meta.id;
  const dir = join(rulesRoot, id, 'fixtures');
  describe(`rule ${id}`, () => {
    const { cases, files } = loadFixtures(dir);
    const workspace = memoryWorkspace(files);
    for (const c of cases) {
      const settings = fixtureSettings(dir, join(dir, c.path));
      const run = (text: string) => analyzeText(c.path, text, { settings, workspace, onlyRules: [id], estimates: false });
      it(`${c.path}: findings where the fixture expects them`, () => {
        const r = run(c.text);
        assert.deepEqual(r.errors, [], `parse errors in ${c.path}`);
        const want = c.expected.filter((e: Expectation) => e.rule === id).map(key).sort();
        const got = r.findings.map((f) => key({ cell: f.cell, line: f.range ? f.range.startLine : null })).sort();
        assert.deepEqual(got, want, `findings of ${id} in ${c.path}: ${JSON.stringify(r.findings.map((f) => f.message))}`);
        for (const f of r.findings) assert.ok(f.message.length > 10, 'a message says what to change');
      });
      if (c.fixed !== undefined) {
        it(`${c.path}: fix output, fix removes the finding, fix is idempotent`, () => {
          const before = run(c.text);
          const fixes = before.findings.flatMap((f) => (f.fix && f.fix.safety !== 'manual' ? [f.fix] : []));
          assert.ok(fixes.length > 0, 'the fixture has a fixable finding');
          const out = applyFixes(c.path, c.text, fixes);
          assert.equal(out.text, c.fixed);
          const after = run(out.text);
          assert.deepEqual(after.errors, [], 'the fixed file parses');
          assert.equal(after.findings.length, before.findings.length - out.applied, 'each applied fix removes its finding');
          assert.ok(after.findings.every((f) => !f.fix || f.fix.safety === 'manual'), 'nothing left to fix: idempotent');
        });
      }
    }
  });
}
