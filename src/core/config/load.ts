// Reads wattlint.toml or [tool.wattlint] from pyproject.toml, validates it, and resolves it into the
// analysis settings. Errors name the file, the key and what was expected.
import { parse, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { allRules, ruleById } from '../rules';
import { defaultSettings, type AnalysisSettings } from '../settings';
import { configSchema, type WattlintConfig } from './schema';

export interface ConfigError {
  file: string;
  key?: string;
  line?: number;
  message: string;
}

export type ConfigResult = { ok: true; config: WattlintConfig } | { ok: false; errors: ConfigError[] };

/** Parses a config file's text. For pyproject.toml only `[tool.wattlint]` is read (absent → empty config). */
export function parseConfigText(file: string, text: string): ConfigResult {
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch (e) {
    const line = e instanceof TomlError ? e.line : undefined;
    return { ok: false, errors: [{ file, line, message: `not valid TOML: ${(e as Error).message.split('\n')[0]}` }] };
  }
  let section: unknown = data;
  let prefix = '';
  if (file.endsWith('pyproject.toml')) {
    const tool = data.tool as Record<string, unknown> | undefined;
    section = tool && typeof tool === 'object' ? (tool.wattlint ?? {}) : {};
    prefix = 'tool.wattlint.';
  }
  return validateConfig(file, section, prefix);
}

export function validateConfig(file: string, value: unknown, keyPrefix = ''): ConfigResult {
  const r = configSchema.safeParse(value);
  if (!r.success) return { ok: false, errors: zodErrors(file, r.error, keyPrefix) };
  const errors: ConfigError[] = [];
  const ruleKeys = [...Object.keys(r.data.rules ?? {}), ...Object.values(r.data['per-file-ignores'] ?? {}).flat()];
  for (const id of ruleKeys) {
    if (id !== '*' && !ruleById(id)) {
      errors.push({ file, key: `${keyPrefix}rules`, message: `unknown rule id "${id}"; known ids: ${allRules.map((x) => x.meta.id).join(', ')}` });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, config: r.data };
}

export function zodErrors(file: string, err: z.ZodError, keyPrefix = ''): ConfigError[] {
  return err.issues.map((i) => {
    const key = (keyPrefix + i.path.map(String).join('.')).replace(/\.$/, '');
    let message = i.message;
    if (i.code === 'unrecognized_keys') message = `unknown key(s) ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    return { file, key: key || undefined, message };
  });
}

export function formatConfigError(e: ConfigError): string {
  return `${e.file}${e.line ? `:${e.line}` : ''}: ${e.key ? `${e.key}: ` : ''}${e.message}`;
}

/** Merges configs (later wins) over the defaults. */
export function resolveSettings(...configs: (WattlintConfig | undefined)[]): AnalysisSettings {
  const s: AnalysisSettings = { ...defaultSettings, rules: {}, perFileIgnores: {}, exclude: [], testFiles: [...defaultSettings.testFiles], vendoredFiles: [...defaultSettings.vendoredFiles] };
  for (const c of configs) {
    if (!c) continue;
    if (c.hardware !== undefined) s.hardware = c.hardware;
    if (c['hardware-fixed'] !== undefined) s.hardwareFixed = c['hardware-fixed'];
    if (c.region !== undefined) s.region = c.region;
    if (c.pue !== undefined) s.pue = c.pue;
    if (c['price-per-gpu-hour'] !== undefined) s.pricePerDeviceHour = c['price-per-gpu-hour'];
    if (c['requests-per-day'] !== undefined) s.requestsPerDay = c['requests-per-day'];
    if (c['max-file-size-kb'] !== undefined) s.maxFileBytes = c['max-file-size-kb'] * 1024;
    if (c.exclude) s.exclude = [...s.exclude, ...c.exclude];
    if (c['test-files']) s.testFiles = [...c['test-files']];
    if (c['extend-test-files']) s.testFiles = [...s.testFiles, ...c['extend-test-files']];
    if (c['vendored-files']) s.vendoredFiles = [...c['vendored-files']];
    if (c['small-model-params'] !== undefined) s.smallModelParams = c['small-model-params'];
    if (c['min-saving-kwh'] !== undefined) s.minSavingKWh = c['min-saving-kwh'];
    if (c['extend-vendored-files']) s.vendoredFiles = [...s.vendoredFiles, ...c['extend-vendored-files']];
    Object.assign(s.rules, c.rules ?? {});
    Object.assign(s.perFileIgnores, c['per-file-ignores'] ?? {});
  }
  return s;
}
