// Finds and loads the config for a scanned path: `wattlint.toml`, or `[tool.wattlint]` in `pyproject.toml`, in
// the path's folder or the nearest enclosing one (wattlint.toml wins within a folder); `--config` overrides.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'smol-toml';
import { parseConfigText, type ConfigError } from '../core/config/load';
import type { WattlintConfig } from '../core/config/schema';
import { readTextFile } from '../node/fs-access';

/** A config file larger than this is refused (a pyproject.toml is a few KB; this bounds a hostile one). */
const CONFIG_MAX_BYTES = 4 * 1024 * 1024;

export interface FoundConfig {
  /** Absolute path of the config file. */
  file: string;
  config: WattlintConfig;
}

export type ConfigLookup = { ok: true; found?: FoundConfig } | { ok: false; errors: ConfigError[]; /** Absolute path of the config that failed. */ file: string };

function hasToolSection(text: string): boolean {
  if (!text.includes('wattlint')) return false; // cheap pre-filter; the parse below decides
  try {
    const data = parse(text) as { tool?: { wattlint?: unknown } };
    return data.tool?.wattlint !== undefined;
  } catch {
    return true; // let the loader report the TOML error, naming the file
  }
}

/** Loads one config file (wattlint.toml or pyproject.toml); `shown` is how errors name it. */
export function loadConfigFile(file: string, shown = file): ConfigLookup {
  const read = readTextFile(file, { maxBytes: CONFIG_MAX_BYTES });
  if (!read.ok) return { ok: false, file, errors: [{ file: shown, message: `cannot read the config: ${read.reason}` }] };
  // parseConfigText reads only [tool.wattlint] when the name ends with pyproject.toml.
  const r = parseConfigText(basename(file) === 'pyproject.toml' && !shown.endsWith('pyproject.toml') ? file : shown, read.text);
  return r.ok ? { ok: true, found: { file, config: r.config } } : { ok: false, file, errors: r.errors };
}

/** Whether a folder holds a Wattlint config of its own (wattlint.toml, or pyproject.toml with [tool.wattlint]). */
export function hasConfig(dir: string): boolean {
  if (existsSync(join(dir, 'wattlint.toml'))) return true;
  const py = join(dir, 'pyproject.toml');
  if (!existsSync(py)) return false;
  const r = readTextFile(py, { maxBytes: CONFIG_MAX_BYTES });
  return r.ok && hasToolSection(r.text);
}

/** The nearest config at or above `start` (a file or folder). */
export function discoverConfig(start: string, show: (abs: string) => string): ConfigLookup {
  let dir = existsSync(start) && statSync(start).isDirectory() ? start : dirname(start);
  for (;;) {
    const toml = join(dir, 'wattlint.toml');
    if (existsSync(toml)) return loadConfigFile(toml, show(toml));
    const py = join(dir, 'pyproject.toml');
    if (existsSync(py)) {
      const r = readTextFile(py, { maxBytes: CONFIG_MAX_BYTES });
      if (r.ok && hasToolSection(r.text)) return loadConfigFile(py, show(py));
    }
    const up = dirname(dir);
    if (up === dir) return { ok: true };
    dir = up;
  }
}
