// The meta-test: every rule has real docs, a positive, a negative and (when it fixes) a fix case.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../src/core/rules';
import { loadFixtures, rulesRoot, walk } from './fixtures';

describe('rule catalogue', () => {
  it('ids are unique and match their folders', () => {
    const ids = allRules.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.ok(existsSync(join(rulesRoot, id, 'rule.ts')), `${id} lives in src/core/rules/${id}/rule.ts`);
  });

  it('every rule folder is registered', () => {
    const folders = walk(rulesRoot)
      .filter((p) => p.endsWith('/rule.ts') && p !== join(rulesRoot, 'rule.ts'))
      .map((p) => p.slice(rulesRoot.length + 1, -'/rule.ts'.length));
    assert.deepEqual(folders.sort(), allRules.map((r) => r.meta.id).sort());
  });

  for (const rule of allRules) {
    describe(rule.meta.id, () => {
      it('has docs under every heading', () => {
        const d = rule.docs;
        for (const [k, v] of Object.entries({
          whatItDoes: d.whatItDoes,
          whyItCosts: d.whyItCosts,
          example: d.example.code,
          useInstead: d.useInstead.code,
          fixSafety: d.fixSafety,
          estimatedImpact: d.estimatedImpact,
        })) {
          assert.ok(v.trim().length > 20 && !v.includes('TODO'), `${rule.meta.id}: docs.${k}`);
        }
      });
      it('has a positive, a negative and (if it fixes) a fix fixture', () => {
        const { cases } = loadFixtures(join(rulesRoot, rule.meta.id, 'fixtures'));
        const mine = (c: (typeof cases)[number]) => c.expected.filter((e) => e.rule === rule.meta.id).length;
        assert.ok(cases.some((c) => mine(c) > 0), 'a positive fixture');
        assert.ok(cases.some((c) => mine(c) === 0), 'a negative fixture');
        if (rule.meta.fixSafety === 'safe' || rule.meta.fixSafety === 'unsafe') {
          assert.ok(cases.some((c) => c.fixed !== undefined), 'a fix fixture (*.fixed.*)');
        }
      });
    });
  }
});
