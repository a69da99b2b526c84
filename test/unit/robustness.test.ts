// Never crash, never hang: truncated, garbled and random inputs of every language go through the whole
// pipeline (parse → extract → every rule → fixes → savings). No exception escapes, no rule fails internally,
// each file finishes within a generous per-file budget (a hang detector, not a speed test), and a file that
// cannot be parsed is reported with its name.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { analyzeText } from '../../src/core/analyze';
import { resolveSettings } from '../../src/core/config/load';
import { allRules } from '../../src/core/rules';
import { checkPipeline } from './pipeline-check';
import { isAuxiliary, repoRoot, walk } from './fixtures';

const ids = allRules.map((r) => r.meta.id);
const settings = resolveSettings();

function seeds(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const dir of [join(repoRoot, 'examples'), join(repoRoot, 'test', 'labelled'), join(repoRoot, 'src', 'core', 'rules')]) {
    for (const abs of walk(dir)) {
      const rel = relative(repoRoot, abs).split('\\').join('/');
      if (isAuxiliary(rel) || /\.(ts|md)$/.test(rel)) continue;
      out.push({ path: rel, text: readFileSync(abs, 'utf8') });
    }
  }
  return out;
}


const mutation = (text: string) =>
  fc.oneof(
    fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
    fc.tuple(fc.nat({ max: text.length }), fc.string({ maxLength: 8 })).map(([n, s]) => text.slice(0, n) + s + text.slice(n)),
    fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 40 })).map(([n, k]) => text.slice(0, n) + text.slice(n + k)),
    fc.tuple(fc.nat({ max: text.length }), fc.constantFrom('"', "'", '{', '[', ':', '\n  ', '\t', '#', '\\', '\u0000', '"""', '```'))
      .map(([n, s]) => text.slice(0, n) + s + text.slice(n)),
  );

describe('robustness: garbled input never crashes or hangs', () => {
  const all = seeds();
  it('has seeds of every language', () => {
    const exts = new Set(all.map((s) => s.path.slice(s.path.lastIndexOf('.'))));
    for (const e of ['.py', '.ipynb', '.yaml', '.json', '.pbtxt', '.sh']) assert.ok(exts.has(e), `a seed with ${e}`);
  });

  it('mutated seeds', () => {
    fc.assert(
      fc.property(fc.constantFrom(...all).chain((s) => mutation(s.text).map((t) => ({ path: s.path, text: t }))), ({ path, text }) => checkPipeline(path, text)),
      { numRuns: 300, seed: 20261128 },
    );
  });

  it('random text in every language', () => {
    const exts = ['py', 'ipynb', 'yaml', 'json', 'pbtxt', 'sh', 'toml', 'ts', 'js'];
    fc.assert(
      fc.property(fc.constantFrom(...exts), fc.string({ maxLength: 400, unit: 'binary' }), (ext, text) => checkPipeline(`random/config.${ext}`, text)),
      { numRuns: 200, seed: 7 },
    );
  });

  it('a broken file is reported in errors with its name and position', () => {
    const r = analyzeText('bad.yaml', 'trainer:\n  precision: [32\n  devices: 2\n', { settings, onlyRules: ids });
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].file, 'bad.yaml');
    assert.ok(r.errors[0].line !== undefined && r.errors[0].line >= 2);
    const j = analyzeText('bad.json', '{"fp16": {"enabled": false,}', { settings, onlyRules: ids });
    assert.equal(j.errors.length, 1);
    assert.ok(j.errors[0].message.startsWith('JSON'));
  });
});
