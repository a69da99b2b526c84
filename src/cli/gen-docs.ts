// Generates docs/rules/<category>-<name>.md for every rule and docs/rules/README.md from the rules' metadata
// and docs, so the published docs never drift from the code. Run with `npm run docs`; a unit test fails when
// the committed files differ from what this produces.
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ruleDocMarkdown, ruleIndexMarkdown } from '../core/report/rule-docs';
import { allRules } from '../core/rules';
import { ruleDocPath } from '../core/rules/rule';

export const RULE_DOCS_DIR = 'docs/rules';
export const REGENERATE_COMMAND = 'npm run docs';

/** Repository-relative path → content of every generated doc. */
export function generatedDocs(): Map<string, string> {
  const out = new Map<string, string>();
  out.set(`${RULE_DOCS_DIR}/README.md`, ruleIndexMarkdown(allRules));
  for (const rule of allRules) out.set(`${RULE_DOCS_DIR}/${ruleDocPath(rule.meta.id)}`, ruleDocMarkdown(rule));
  return out;
}

/** The repository root: the folder above this file holding wattlint's package.json. */
export function repoRoot(from = __dirname): string {
  let d = from;
  for (;;) {
    const p = join(d, 'package.json');
    if (existsSync(p) && (JSON.parse(readFileSync(p, 'utf8')) as { name?: string }).name === 'wattlint') return d;
    const up = dirname(d);
    if (up === d) throw new Error('cannot find the wattlint repository root');
    d = up;
  }
}

/** Writes the docs and removes stale rule pages; returns the files that changed. */
export function writeDocs(root = repoRoot()): string[] {
  const docs = generatedDocs();
  const dir = join(root, RULE_DOCS_DIR);
  mkdirSync(dir, { recursive: true });
  const changed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.md') && !docs.has(`${RULE_DOCS_DIR}/${name}`)) {
      unlinkSync(join(dir, name));
      changed.push(`${RULE_DOCS_DIR}/${name} (removed)`);
    }
  }
  for (const [rel, text] of docs) {
    const abs = join(root, rel);
    if (existsSync(abs) && readFileSync(abs, 'utf8') === text) continue;
    writeFileSync(abs, text);
    changed.push(rel);
  }
  return changed;
}

if (require.main === module) {
  const changed = writeDocs();
  process.stdout.write(changed.length ? `Updated ${changed.length} file(s):\n${changed.map((c) => `  ${c}`).join('\n')}\n` : 'Docs are up to date.\n');
}
