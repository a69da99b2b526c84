// Which settings apply to a file, in one place: the editor's `wattlint.*` settings (workspace/configuration, per
// workspace folder) under the repository's wattlint.toml / pyproject.toml [tool.wattlint], found the way the CLI
// finds it (the nearest config at or above the file; its folder is the root paths are relative to). Both are
// validated by the core's schema; a value that cannot be used is reported naming the setting or key, and left out.
import { dirname, isAbsolute, relative } from 'node:path';
import { formatConfigError, resolveSettings, validateConfig } from '../core/config/load';
import type { WattlintConfig } from '../core/config/schema';
import type { AnalysisSettings } from '../core/settings';
import { discoverConfig, type ConfigLookup } from '../cli/config';
import { leavesBase, toPosix } from '../cli/files';

/** Editor setting (under `wattlint.`) → key of the shared config schema. */
export const settingKeys = {
  rules: 'rules',
  hardware: 'hardware',
  hardwareFixed: 'hardware-fixed',
  region: 'region',
  pue: 'pue',
  pricePerGpuHour: 'price-per-gpu-hour',
  requestsPerDay: 'requests-per-day',
  maxFileSizeKb: 'max-file-size-kb',
  exclude: 'exclude',
  perFileIgnores: 'per-file-ignores',
  testFiles: 'test-files',
  vendoredFiles: 'vendored-files',
  smallModelParams: 'small-model-params',
  minSavingKwh: 'min-saving-kwh',
} as const satisfies Record<string, keyof WattlintConfig>;

export type SettingName = keyof typeof settingKeys;

/** The editor-only settings (not in wattlint.toml). */
export interface EditorOptions {
  enable: boolean;
  /** Push mode only (clients that do not pull diagnostics): wait this long after an edit. */
  lintDelayMs: number;
  scanOnStartup: boolean;
  codeLens: boolean;
}

export interface EditorSettings {
  options: EditorOptions;
  config: WattlintConfig;
  problems: string[];
}

/** Reads the `wattlint` settings section as the client sent it (values left at their defaults are dropped). */
export function editorSettings(section: unknown, defaults: Partial<EditorOptions> = {}): EditorSettings {
  const s = section && typeof section === 'object' ? (section as Record<string, unknown>) : {};
  const bool = (k: string, d: boolean) => (typeof s[k] === 'boolean' ? (s[k] as boolean) : d);
  const options: EditorOptions = {
    enable: bool('enable', defaults.enable ?? true),
    lintDelayMs: typeof s.lintDelay === 'number' && s.lintDelay >= 0 ? s.lintDelay : (defaults.lintDelayMs ?? 150),
    scanOnStartup: bool('scanOnStartup', defaults.scanOnStartup ?? false),
    codeLens: bool('codeLens', defaults.codeLens ?? true),
  };
  const raw: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(settingKeys)) {
    const v = s[name];
    // Unset settings come as their package.json defaults (null for the optional ones), which are the core's.
    if (v === undefined || v === null || v === '') continue;
    raw[key] = v;
  }
  const problems: string[] = [];
  let r = validateConfig('settings', raw);
  // Drop each unreadable key (naming it) and keep the rest.
  for (let guard = 0; !r.ok && guard < 20; guard++) {
    for (const e of r.errors) {
      const key = (e.key ?? '').split('.')[0];
      const name = Object.entries(settingKeys).find(([, k]) => k === key)?.[0];
      problems.push(`Setting \`wattlint.${name ?? key}\` cannot be used: ${e.message}. It is ignored until fixed.`);
      if (key in raw) delete raw[key];
      else return { options, config: {}, problems };
    }
    r = validateConfig('settings', raw);
  }
  return { options, config: r.ok ? r.config : {}, problems };
}

/** The settings a file is analysed with, and where they came from. */
export interface FileSettings {
  /** Absolute folder the file's path is relative to (the config's folder, else the workspace folder). */
  root: string;
  /** The file's path relative to `root`, forward slashes (what the CLI and the core call it). */
  path: string;
  settings: AnalysisSettings;
  options: EditorOptions;
  /** The repository config applied, absolute, if any. */
  configFile?: string;
  /** Keys the repository config sets (they win over the editor's settings). */
  repoKeys: string[];
  /** Problems with the settings or the config, each naming the setting or the file and key. */
  problems: string[];
}

function inside(dir: string, p: string): boolean {
  const r = relative(dir, p);
  return r === '' || (!leavesBase(toPosix(r)) && !isAbsolute(r));
}

/** Caches config lookups per folder until a config file changes. */
export class ConfigFinder {
  private readonly cache = new Map<string, ConfigLookup>();

  lookup(dir: string): ConfigLookup {
    let r = this.cache.get(dir);
    if (!r) {
      r = discoverConfig(dir, (abs) => abs);
      this.cache.set(dir, r);
    }
    return r;
  }

  clear(): void {
    this.cache.clear();
  }

  /**
   * Settings for an absolute file path: the nearest config at or above it wins over the editor's settings;
   * `folder` is the workspace folder holding the file (the root when there is no config), if any.
   */
  resolve(file: string, folder: string | undefined, editor: EditorSettings): FileSettings {
    const lookup = this.lookup(dirname(file));
    const problems = [...editor.problems];
    let config: WattlintConfig | undefined;
    let configFile: string | undefined;
    if (lookup.ok) {
      if (lookup.found && inside(dirname(lookup.found.file), file)) {
        config = lookup.found.config;
        configFile = lookup.found.file;
      }
    } else {
      problems.push(...lookup.errors.map((e) => `${formatConfigError(e)} (the file is ignored until fixed)`));
    }
    const root = configFile ? dirname(configFile) : folder && inside(folder, file) ? folder : dirname(file);
    return {
      root,
      path: toPosix(relative(root, file)),
      settings: resolveSettings(editor.config, config),
      options: editor.options,
      configFile,
      repoKeys: Object.keys(config ?? {}),
      problems,
    };
  }
}

/** Whether a file change concerns Wattlint's configuration. */
export function isConfigFile(path: string): boolean {
  return /(^|[\\/])(wattlint\.toml|pyproject\.toml)$/.test(path);
}
