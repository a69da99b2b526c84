// Writes the rule ids of the catalogue (src/core/rules/index.ts, compiled to out/) into package.json's
// `wattlint.rules` setting, so the Settings UI offers each rule. Run after adding a rule: `npx tsc -p . &&
// node scripts/sync-rule-settings.mjs`; test/unit/extension-manifest.test.ts fails when they drift.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { allRules } = createRequire(import.meta.url)(join(root, 'out/src/core/rules/index.js'));
const file = join(root, 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
const setting = pkg.contributes.configuration.properties['wattlint.rules'];
const severity = { type: 'string', enum: ['error', 'warning', 'info', 'off'] };
setting.properties = Object.fromEntries(
  allRules.map((r) => [r.meta.id, { ...severity, markdownDescription: `${r.meta.title} (default \`${r.meta.optIn ? 'off (opt-in)' : r.meta.severity}\`)` }]),
);
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log(`wattlint.rules: ${allRules.length} rules`);
