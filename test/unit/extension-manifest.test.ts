// The extension's package.json contributions agree with the core: every rule id is a `wattlint.rules` property,
// every editor setting maps to a key of the shared config schema, and activation covers every language the core reads.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema } from '../../src/core/config/schema';
import { allRules } from '../../src/core/rules';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const props = pkg.contributes.configuration.properties as Record<string, { properties?: Record<string, unknown> }>;

describe('extension manifest', () => {
  it('lists every rule id under wattlint.rules, and nothing else', () => {
    assert.deepStrictEqual(Object.keys(props['wattlint.rules'].properties ?? {}).sort(), allRules.map((r) => r.meta.id).sort(), 'run `node scripts/sync-rule-settings.mjs`');
  });

  it('maps each analysis setting to a key of the config schema', () => {
    const keys = Object.keys(configSchema.shape);
    const toKey = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace('-kb', '-kb');
    const editorOnly = ['enable', 'lintDelay', 'scanOnStartup', 'codeLens', 'trace.server'];
    for (const name of Object.keys(props).map((p) => p.slice('wattlint.'.length))) {
      if (editorOnly.includes(name)) continue;
      const key = name === 'pricePerGpuHour' ? 'price-per-gpu-hour' : name === 'maxFileSizeKb' ? 'max-file-size-kb' : toKey(name);
      assert.ok(keys.includes(key), `wattlint.${name} → ${key} is not in the config schema`);
    }
  });

  it('activates on the languages the core reads and on notebooks', () => {
    for (const e of ['onLanguage:python', 'onLanguage:yaml', 'onLanguage:json', 'onLanguage:toml', 'onLanguage:shellscript', 'onLanguage:typescript', 'onNotebook:jupyter-notebook', 'workspaceContains:**/*.pbtxt']) {
      assert.ok(pkg.activationEvents.includes(e), e);
    }
    assert.strictEqual(pkg.capabilities.untrustedWorkspaces.supported, true);
  });
});
