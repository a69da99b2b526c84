// Turns the PATHs of `scan` / `fix` into groups that share a workspace root and a config, reads their files,
// and resolves settings. Shared by scan and fix.
import { existsSync, lstatSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { formatConfigError, resolveSettings, type ConfigError } from '../core/config/load';
import type { WattlintConfig } from '../core/config/schema';
import { allRules, ruleById } from '../core/rules';
import type { AnalysisSettings } from '../core/settings';
import type { WorkspaceFile } from '../core/workspace-scan';
import type { SkippedPath } from '../core/report/model';
import { discoverConfig, hasConfig, loadConfigFile, type ConfigLookup } from './config';
import type { ParseError } from '../core/types';
import { readTextFile, type ReadResult, type TextEncoding } from '../node/fs-access';
import { leavesBase, scanRoots, toPosix, walkPaths } from './files';
import { CliError, shownPath, type CliIo } from './io';

export interface ScanGroup {
  /** Absolute workspace root: the config's folder, else the current folder (or the path when outside it). */
  root: string;
  configFile?: string;
  config?: WattlintConfig;
  settings: AnalysisSettings;
  /** Absolute paths given on the command line that belong to this group. */
  paths: string[];
}

function inside(dir: string, p: string): boolean {
  const r = relative(dir, p);
  return r === '' || (!leavesBase(toPosix(r)) && !isAbsolute(r));
}

function fallbackRoot(cwd: string, p: string): string {
  if (inside(cwd, p)) return cwd;
  return existsSync(p) && statSync(p).isDirectory() ? p : dirname(p);
}

/** Parses `--rules a,b`, checking every id. */
export function parseRuleList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !ruleById(id));
  if (unknown.length || ids.length === 0) {
    throw new CliError(`--rules: unknown rule id ${unknown.map((u) => `"${u}"`).join(', ') || '(none given)'}; run \`wattlint rules\` for the list`);
  }
  return ids;
}

/**
 * `--rules a,b`: every other rule off; the named ones on even if the config turns them off or they are opt-in.
 * Done in the settings (not AnalyzeOptions.onlyRules, which is for fixtures) so the pre-filter still skips files.
 */
export function restrictRules(settings: AnalysisSettings, onlyRules: readonly string[] | undefined): AnalysisSettings {
  if (!onlyRules) return settings;
  const rules: AnalysisSettings['rules'] = {};
  for (const r of allRules) {
    const current = settings.rules[r.meta.id];
    rules[r.meta.id] = !onlyRules.includes(r.meta.id) ? 'off' : current && current !== 'off' ? current : r.meta.severity;
  }
  return { ...settings, rules };
}

/**
 * Groups the paths by root and config. A config that does not load is a usage error (exit 2) for a path named on
 * the command line; for a nested folder found while walking (`onConfigError` given), it is reported and that
 * folder is left out, so one bad sub-project config does not stop the scan of the rest.
 */
export function planGroups(
  io: CliIo,
  pathArgs: readonly string[],
  configArg: string | undefined,
  onlyRules?: readonly string[],
  onConfigError?: (path: string, errors: ConfigError[], configFile: string) => void,
): ScanGroup[] {
  if (pathArgs.length === 0) throw new CliError('give at least one PATH to scan (e.g. `wattlint scan .`)');
  const show = (abs: string) => shownPath(io, abs);
  let override: ConfigLookup | undefined;
  if (configArg !== undefined) {
    const abs = resolve(io.cwd, configArg);
    if (!existsSync(abs)) throw new CliError(`--config: ${configArg}: no such file`);
    override = loadConfigFile(abs, show(abs));
  }
  const groups = new Map<string, ScanGroup>();
  for (const arg of pathArgs) {
    const abs = resolve(io.cwd, arg);
    // lstat: a dangling or looping link exists (the walk reports it), a missing path does not
    if (!lstatSync(abs, { throwIfNoEntry: false })) throw new CliError(`${arg}: no such file or folder`);
    const lookup = override ?? discoverConfig(abs, show);
    if (!lookup.ok && onConfigError) {
      onConfigError(abs, lookup.errors, lookup.file);
      continue;
    }
    if (!lookup.ok) throw new CliError(lookup.errors.map(formatConfigError).join('\n'));
    const found = lookup.found;
    const root = found && inside(dirname(found.file), abs) ? dirname(found.file) : fallbackRoot(io.cwd, abs);
    const key = `${root}\0${found?.file ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      const settings = restrictRules(resolveSettings(found?.config), onlyRules);
      g = { root, configFile: found?.file, config: found?.config, settings, paths: [] };
      groups.set(key, g);
    }
    g.paths.push(abs);
  }
  return [...groups.values()];
}

export interface CollectedFiles {
  /** Root-relative paths and texts. */
  files: WorkspaceFile[];
  /** Root-relative paths of every file walked (the WorkspaceReader's list). */
  list: string[];
  /** Shown relative to the root, like the analysis paths; rebased with the rest of the report. */
  skipped: SkippedPath[];
  /** Absolute subfolders with their own config (scanned as their own groups). */
  nested: string[];
  /** Files found but not read (a link out of the folder, a FIFO, UTF-16 or binary content), root-relative. */
  errors: ParseError[];
  /** How each file read was encoded, for writing it back byte for byte (`lossless: false`: never written). */
  encodings: Map<string, { bom: boolean; encoding: TextEncoding; lossless: boolean }>;
  /** The folders this group may read from: the paths given (a file's folder), references included. */
  roots: string[];
}

/** A group's files as the walk found them, none read yet (the scan reads each where it analyses it). */
export interface WalkedFiles {
  /** Root-relative paths (forward slashes) of the files to read, sorted. */
  files: string[];
  /** Shown relative to the root, like the analysis paths; rebased with the rest of the report. */
  skipped: SkippedPath[];
  /** Absolute subfolders with their own config (scanned as their own groups). */
  nested: string[];
  /** Files found that may not be read (a link out of the folder, a FIFO), then bad sub-project configs. */
  errors: ParseError[];
  /** How many of `errors` are files refused by the walk (the rest are configs). */
  refused: number;
  /** The folders this group may read from: the paths given (a file's folder), references included. */
  roots: string[];
}

/** Lists a group's files (reads none of them). */
export function walkGroup(g: ScanGroup, nestedConfigs = false): WalkedFiles {
  const walked = walkPaths(g.paths, {
    root: g.root,
    maxFileBytes: g.settings.maxFileBytes,
    exclude: g.settings.exclude,
    ownConfig: nestedConfigs ? hasConfig : undefined,
  });
  const rel = (abs: string) => toPosix(relative(g.root, abs)) || '.';
  return {
    files: walked.files.map(rel),
    skipped: walked.skipped.map((s) => ({ file: rel(s.path), reason: s.reason })),
    nested: walked.nested,
    errors: walked.refused.map((s) => ({ file: rel(s.path), message: s.reason })),
    refused: walked.refused.length,
    roots: scanRoots(g.paths),
  };
}

/**
 * Reads one walked file of a group (root-relative path) through the one reader of user files: its text, or what
 * the report says instead (`skipped`: too large; `error`: refused; `missing`: gone since the walk, said nowhere).
 */
/** `rootsReal`: `roots` are real paths already (fs-access.ts's realRoots). */
export function readWalkedFile(g: { root: string; roots: readonly string[]; rootsReal?: boolean; maxFileBytes: number }, rel: string): WalkedRead {
  const r = readTextFile(resolve(g.root, rel), { maxBytes: g.maxFileBytes, roots: g.roots, rootsReal: g.rootsReal });
  if (r.ok) return { read: r };
  if (r.kind === 'too-large') return { skipped: { file: rel, reason: r.reason } };
  if (r.kind !== 'missing') return { error: { file: rel, message: r.reason } };
  return { missing: true };
}

export type WalkedRead = { read: Extract<ReadResult, { ok: true }> } | { skipped: SkippedPath } | { error: ParseError } | { missing: true };

export function collectFiles(g: ScanGroup, nestedConfigs = false): CollectedFiles {
  const walked = walkGroup(g, nestedConfigs);
  const files: WorkspaceFile[] = [];
  const { skipped, errors, roots } = walked;
  const encodings: CollectedFiles['encodings'] = new Map();
  for (const rel of walked.files) {
    const r = readWalkedFile({ root: g.root, roots, maxFileBytes: g.settings.maxFileBytes }, rel);
    if ('read' in r) {
      files.push({ path: rel, text: r.read.text });
      encodings.set(rel, { bom: r.read.bom, encoding: r.read.encoding, lossless: r.read.lossless });
    } else if ('skipped' in r) skipped.push(r.skipped);
    else if ('error' in r) errors.push(r.error);
  }
  return { files, list: files.map((f) => f.path), skipped, nested: walked.nested, errors, encodings, roots };
}

/**
 * Plans and reads every group of a run. Without --config, a subfolder with its own config is its own group
 * (its settings apply below it: the nearest config wins), found while walking the parent.
 */
export function collectGroups(
  io: CliIo,
  pathArgs: readonly string[],
  configArg: string | undefined,
  onlyRules?: readonly string[],
): { group: ScanGroup; collected: CollectedFiles }[] {
  return planAll(io, pathArgs, configArg, onlyRules, (g) => collectFiles(g, configArg === undefined)).map(({ group, walked }) => ({ group, collected: walked }));
}

/** `collectGroups` without reading the files (the scan reads each one where it analyses it). */
export function walkGroups(
  io: CliIo,
  pathArgs: readonly string[],
  configArg: string | undefined,
  onlyRules?: readonly string[],
): { group: ScanGroup; walked: WalkedFiles }[] {
  return planAll(io, pathArgs, configArg, onlyRules, (g) => walkGroup(g, configArg === undefined));
}

function planAll<T extends { nested: string[]; errors: ParseError[] }>(
  io: CliIo,
  pathArgs: readonly string[],
  configArg: string | undefined,
  onlyRules: readonly string[] | undefined,
  walk: (g: ScanGroup) => T,
): { group: ScanGroup; walked: T }[] {
  const queue = planGroups(io, pathArgs, configArg, onlyRules);
  const out: { group: ScanGroup; walked: T }[] = [];
  const seen = new Set<string>();
  while (queue.length) {
    const group = queue.shift()!;
    const key = `${group.root}\0${group.configFile ?? ''}\0${group.paths.join('\0')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const walked = walk(group);
    out.push({ group, walked });
    if (walked.nested.length) {
      const bad = (dir: string, errors: ConfigError[], configFile: string) => {
        const folder = toPosix(relative(group.root, dir)) || '.';
        for (const e of errors) {
          walked.errors.push({
            file: toPosix(relative(group.root, configFile)),
            ...(e.line ? { line: e.line } : {}),
            message: `${e.key ? `${e.key}: ` : ''}${e.message}; the folder ${folder}/ was not scanned (fix its config)`,
          });
        }
      };
      queue.push(...planGroups(io, walked.nested, undefined, onlyRules, bad));
    }
  }
  return out;
}
