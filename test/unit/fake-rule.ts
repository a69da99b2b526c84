// Rules that exist only in tests: `batch_waste: true` at the top of a YAML file is an error unless the file also
// says `batch_fixed: true`, which the safe fix adds on the next line (an insertion: a safe fix overrides no value
// the user wrote); `batch_break: true` has a fix that breaks the file. CLI tests use them so they do not depend on
// the real rules' progress. Registered for one describe block at a time.
import { isMap, isScalar } from 'yaml';
import { allRules } from '../../src/core/rules';
import type { FindingDraft, Rule } from '../../src/core/rules/rule';

export const FAKE_ID = 'test/batch-waste';

export const BREAKING_ID = 'test/batch-break';

/** Flags top-level `key: true` in YAML (unless the key its fix adds is there); the fix inserts `insertion` after its line. */
function flagKey(id: string, key: string, insertion: string): Rule {
  return {
    meta: { id, title: 'test waste', severity: 'error', fixSafety: 'safe', languages: ['yaml'] },
    docs: {
      whatItDoes: `Flags ${key}: true (tests only).`,
      whyItCosts: 'It does not; it is a test double.',
      example: { file: 'x.yaml', code: 'batch_waste: true' },
      useInstead: { file: 'x.yaml', code: 'batch_waste: true\nbatch_fixed: true' },
      fixSafety: 'Safe: adds a key.',
      estimatedImpact: 'None.',
    },
    check(ctx) {
      if (ctx.doc.lang !== 'yaml') return [];
      const out: FindingDraft[] = [];
      const text = ctx.doc.text;
      for (const d of ctx.doc.docs) {
        if (!isMap(d.contents)) continue;
        const added = insertion.split(':')[0];
        if (d.contents.items.some((p) => isScalar(p.key) && p.key.value === added)) continue;
        for (const pair of d.contents.items) {
          if (!isScalar(pair.key) || pair.key.value !== key) continue;
          if (!isScalar(pair.value) || pair.value.value !== true || !pair.value.range) continue;
          const span = { start: pair.value.range[0], end: pair.value.range[1] };
          let eol = text.indexOf('\n', span.end);
          if (eol < 0) eol = text.length;
          out.push({
            message: `add \`${insertion.trim()}\``,
            span,
            fix: { safety: 'safe', title: `add ${insertion.trim()}`, edits: [{ file: ctx.doc.path, span: { start: eol, end: eol }, newText: `\n${insertion}` }] },
            // priced on a typical inference job: batching saves energy, so the finding keeps its severity
            patch: { inferenceBatch: 32 },
          });
        }
      }
      return out;
    },
  };
}

export const fakeRule = flagKey(FAKE_ID, 'batch_waste', 'batch_fixed: true');
/** A rule whose fix would break the file: `fix` must refuse to write it. */
export const breakingRule = flagKey(BREAKING_ID, 'batch_break', 'broken: [unclosed');

/** Registers the test rules for the enclosing describe block. */
export function useFakeRule(): void {
  before(() => void (allRules as Rule[]).push(fakeRule, breakingRule));
  after(() => {
    const list = allRules as Rule[];
    for (const r of [fakeRule, breakingRule]) {
      const i = list.indexOf(r);
      if (i >= 0) list.splice(i, 1);
    }
  });
}
