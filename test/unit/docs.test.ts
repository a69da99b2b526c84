// The committed rule docs (docs/rules/) equal what the generator produces from the rules' metadata, so they
// never drift from the code.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedDocs, REGENERATE_COMMAND, RULE_DOCS_DIR } from '../../src/cli/gen-docs';
import { repoRoot } from './fixtures';

describe('generated rule docs', () => {
  const docs = generatedDocs();

  it(`docs/rules/ matches the rules' metadata (regenerate with \`${REGENERATE_COMMAND}\`)`, () => {
    const stale: string[] = [];
    for (const [rel, text] of docs) {
      const abs = join(repoRoot, rel);
      if (!existsSync(abs) || readFileSync(abs, 'utf8') !== text) stale.push(rel);
    }
    const dir = join(repoRoot, RULE_DOCS_DIR);
    const extra = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.md') && !docs.has(`${RULE_DOCS_DIR}/${n}`)) : [];
    assert.deepEqual(
      [...stale, ...extra.map((e) => `${RULE_DOCS_DIR}/${e} (not a rule)`)],
      [],
      `the rule docs are out of date; run \`${REGENERATE_COMMAND}\` and commit docs/rules/`,
    );
  });

  it('each page has the fixed headings and the index links every page', () => {
    const index = docs.get(`${RULE_DOCS_DIR}/README.md`)!;
    for (const [rel, text] of docs) {
      if (rel.endsWith('README.md')) continue;
      for (const h of ['What it does', 'Why it costs', 'Example', 'Use instead', 'Fix safety', 'Estimated impact']) assert.ok(text.includes(`\n## ${h}\n`), `${rel}: ${h}`);
      assert.ok(index.includes(`](${rel.slice(RULE_DOCS_DIR.length + 1)})`), rel);
    }
  });
});
