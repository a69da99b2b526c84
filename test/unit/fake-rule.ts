// A rule that exists only in tests: `batch_waste: true` at the top of a YAML file is an error, fixed safely to
// `false`. CLI tests use it so they do not depend on the real rules' progress. Registered for one describe block.
import { isMap, isScalar } from 'yaml';
import { allRules } from '../../src/core/rules';
import type { FindingDraft, Rule } from '../../src/core/rules/rule';

export const FAKE_ID = 'test/batch-waste';

export const fakeRule: Rule = {
  meta: { id: FAKE_ID, title: 'test waste', severity: 'error', fixSafety: 'safe', languages: ['yaml'] },
  docs: {
    whatItDoes: 'Flags batch_waste: true (tests only).',
    whyItCosts: 'It does not; it is a test double.',
    example: { file: 'x.yaml', code: 'batch_waste: true' },
    useInstead: { file: 'x.yaml', code: 'batch_waste: false' },
    fixSafety: 'Safe: flips the value.',
    estimatedImpact: 'None.',
  },
  check(ctx) {
    if (ctx.doc.lang !== 'yaml') return [];
    const out: FindingDraft[] = [];
    for (const d of ctx.doc.docs) {
      if (!isMap(d.contents)) continue;
      for (const pair of d.contents.items) {
        if (!isScalar(pair.key) || pair.key.value !== 'batch_waste') continue;
        if (!isScalar(pair.value) || pair.value.value !== true || !pair.value.range) continue;
        const span = { start: pair.value.range[0], end: pair.value.range[1] };
        out.push({
          message: 'set `batch_waste: false`',
          span,
          fix: { safety: 'safe', title: 'set batch_waste: false', edits: [{ file: ctx.doc.path, span, newText: 'false' }] },
        });
      }
    }
    return out;
  },
};

/** Registers the fake rule for the enclosing describe block. */
export function useFakeRule(): void {
  before(() => void (allRules as Rule[]).push(fakeRule));
  after(() => {
    const list = allRules as Rule[];
    const i = list.indexOf(fakeRule);
    if (i >= 0) list.splice(i, 1);
  });
}
