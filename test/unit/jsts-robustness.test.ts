// Never crash on JS/TS: truncated and garbled TypeScript / JavaScript model-API code (the labelled set, the
// fixtures, the example app) goes through parse → extraction → every rule → fixes without an internal error,
// within a per-file budget; a broken file comes back as a positioned parse error.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { languageOf } from '../../src/core/parse/document';
import { checkPipeline } from './pipeline-check';
import { isAuxiliary, repoRoot, walk } from './fixtures';

function seeds(): { path: string; text: string }[] {
  const dirs = [join(repoRoot, 'test', 'labelled', 'api'), join(repoRoot, 'examples', 'app'), join(repoRoot, 'src', 'core', 'rules')];
  const out: { path: string; text: string }[] = [];
  for (const dir of dirs)
    for (const abs of walk(dir)) {
      const rel = relative(repoRoot, abs).split('\\').join('/');
      if (languageOf(rel) !== 'jsts' || isAuxiliary(rel) || (rel.startsWith('src/') && !rel.includes('/fixtures/'))) continue;
      out.push({ path: rel, text: readFileSync(abs, 'utf8') });
    }
  return out;
}


const mutation = (text: string) =>
  fc.oneof(
    fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
    fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 40 })).map(([n, k]) => text.slice(0, n) + text.slice(n + k)),
    fc.tuple(fc.nat({ max: text.length }), fc.constantFrom('{', '}', '(', ')', '`', '${', '"', '/*', '//', '<', 'await ', '...', '=>', '\u0000'))
      .map(([n, s]) => text.slice(0, n) + s + text.slice(n)),
  );

describe('robustness: garbled JS/TS never crashes or hangs', () => {
  const all = seeds();
  it('has TS and JS seeds', () => {
    assert.ok(all.some((s) => s.path.endsWith('.ts')) && all.some((s) => /\.(m?js|cjs)$/.test(s.path)));
  });
  it('mutated model-API code', () => {
    fc.assert(
      fc.property(fc.constantFrom(...all).chain((s) => mutation(s.text).map((t) => ({ path: s.path, text: t }))), ({ path, text }) => checkPipeline(path, text, { errorsHaveLines: true })),
      { numRuns: 150, seed: 5 },
    );
  });
});
