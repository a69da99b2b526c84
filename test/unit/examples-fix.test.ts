// End to end on the bundled examples, with every rule's real fixes: `wattlint fix --unsafe` converges in one run,
// a second run has nothing to apply, every fixed file still parses, and only files with fixable findings change.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { JsonReport } from '../../src/core/report/json';
import { repoRoot, walk } from './fixtures';

function run(argv: string[], cwd: string): Promise<{ code: number; out: string }> {
  let out = '';
  return main(argv, { cwd, out: (t) => void (out += t), err: (t) => void (out += t) }).then((code) => ({ code, out }));
}

function snapshot(dir: string): Map<string, string> {
  return new Map(walk(dir).map((p) => [p.slice(dir.length + 1), readFileSync(p, 'utf8')]));
}

describe('examples: fix end to end', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wattlint-examples-'));
    cpSync(join(repoRoot, 'examples'), dir, { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('fix --unsafe converges, is idempotent and leaves every file parseable', async () => {
    const before = JSON.parse((await run(['scan', '.', '--format', 'json', '--no-estimates'], dir)).out) as JsonReport;
    const fixable = new Set(before.findings.filter((f) => f.fix && f.fix.safety !== 'manual').map((f) => f.file));
    const original = snapshot(dir);
    const first = await run(['fix', '.', '--unsafe'], dir);
    assert.equal(first.code, 0, first.out);
    assert.ok(!first.out.includes('kept producing changes'), first.out);
    const fixed = snapshot(dir);
    const changed = [...fixed.keys()].filter((k) => fixed.get(k) !== original.get(k));
    assert.deepEqual(changed.sort(), [...fixable].sort(), 'exactly the files with fixable findings change');
    const second = await run(['fix', '.', '--unsafe'], dir);
    assert.match(second.out, /No fixes to apply/);
    assert.deepEqual(snapshot(dir), fixed);
    const after = JSON.parse((await run(['scan', '.', '--format', 'json', '--no-estimates'], dir)).out) as JsonReport;
    assert.deepEqual(after.errors, []);
    assert.ok(after.findings.every((f) => !f.fix || f.fix.safety === 'manual'));
    assert.equal(after.findings.length, before.findings.filter((f) => !f.fix || f.fix.safety === 'manual').length);
  });
});
