// Reads Wattlint's settings in one place: the editor's `wattlint.*` settings and the repo's wattlint.toml /
// pyproject.toml [tool.wattlint], both validated by the core's zod schema; the repo's file wins key by key.
// Invariant: a value that cannot be read is reported with the setting's name and left out, never replaced silently.
import * as vscode from 'vscode';
import { formatConfigError, parseConfigText, resolveSettings, validateConfig, type ConfigError } from '../core/config/load';
import type { WattlintConfig } from '../core/config/schema';
import type { AnalysisSettings } from '../core/settings';

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
} as const satisfies Record<string, keyof WattlintConfig>;

export type SettingName = keyof typeof settingKeys;

export interface ResolvedSettings {
  enabled: boolean;
  lintDelayMs: number;
  scanOnStartup: boolean;
  settings: AnalysisSettings;
  /** The repo config that was applied, if any (workspace-relative). */
  configFile?: string;
  /** Keys the repo config sets (they win over the editor's settings). */
  repoKeys: string[];
  /** Human-readable problems, each naming the setting or file key it is about. */
  problems: string[];
}

const CONFIG_FILES = ['wattlint.toml', 'pyproject.toml'];

/** The editor's explicitly set values (defaults stay the core's). */
function editorConfig(scope?: vscode.ConfigurationScope): { config: Record<string, unknown>; problems: string[] } {
  const c = vscode.workspace.getConfiguration('wattlint', scope);
  const raw: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(settingKeys)) {
    const i = c.inspect(name);
    const v = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (v !== undefined && v !== null && v !== '') raw[key] = v;
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
      else return { config: {}, problems };
    }
    r = validateConfig('settings', raw);
  }
  return { config: r.ok ? r.config : {}, problems };
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

async function repoConfig(folder?: vscode.WorkspaceFolder): Promise<{ config?: WattlintConfig; file?: string; errors: ConfigError[] }> {
  if (!folder) return { errors: [] };
  for (const name of CONFIG_FILES) {
    const text = await readText(vscode.Uri.joinPath(folder.uri, name));
    if (text === undefined) continue;
    if (name === 'pyproject.toml' && !text.includes('wattlint')) continue; // cheap: no [tool.wattlint] section
    const r = parseConfigText(name, text);
    return r.ok ? { config: r.config, file: name, errors: [] } : { file: name, errors: r.errors };
  }
  return { errors: [] };
}

export async function readSettings(folder?: vscode.WorkspaceFolder): Promise<ResolvedSettings> {
  const c = vscode.workspace.getConfiguration('wattlint', folder);
  const editor = editorConfig(folder);
  const repo = await repoConfig(folder);
  const problems = [...editor.problems, ...repo.errors.map((e) => `${formatConfigError(e)} (the file is ignored until fixed)`)];
  return {
    enabled: c.get<boolean>('enable', true),
    lintDelayMs: Math.max(0, c.get<number>('lintDelay', 150)),
    scanOnStartup: c.get<boolean>('scanOnStartup', true),
    settings: resolveSettings(editor.config, repo.config),
    configFile: repo.config ? repo.file : undefined,
    repoKeys: Object.keys(repo.config ?? {}),
    problems,
  };
}

/** Caches settings per workspace folder; cleared when a setting or a config file changes. */
export class SettingsCache implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<ResolvedSettings>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private reported = new Set<string>();

  constructor(private readonly report: (problem: string) => void) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('wattlint')) this.invalidate();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (CONFIG_FILES.some((n) => d.uri.path.endsWith(`/${n}`))) this.invalidate();
      }),
    );
    const watcher = vscode.workspace.createFileSystemWatcher('**/{wattlint.toml,pyproject.toml}');
    this.disposables.push(watcher, watcher.onDidCreate(() => this.invalidate()), watcher.onDidDelete(() => this.invalidate()), watcher.onDidChange(() => this.invalidate()));
  }

  get(folder?: vscode.WorkspaceFolder): Promise<ResolvedSettings> {
    const key = folder?.uri.toString() ?? '';
    let p = this.cache.get(key);
    if (!p) {
      p = readSettings(folder).then((s) => {
        for (const problem of s.problems) {
          if (!this.reported.has(problem)) this.report(problem);
          this.reported.add(problem);
        }
        return s;
      });
      this.cache.set(key, p);
    }
    return p;
  }

  invalidate(): void {
    this.cache.clear();
    this.reported = new Set();
    this.changed.fire();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.changed.dispose();
  }
}
