// `wattlint scan PATH...`: plan groups, read files, analyse, apply or write the baseline, print a report, and
// return the exit code (0: nothing at or above --fail-on, 1: findings at or above it).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { makeBaseline, parseBaseline, serializeBaseline, type Baseline } from '../core/baseline';
import { formatCodeQuality } from '../core/report/gitlab';
import { formatJson } from '../core/report/json';
import { formatMarkdown } from '../core/report/markdown';
import { emptyReport, mergeReports, rebaseReport, severityRank, type ReportFinding, type ScanReport } from '../core/report/model';
import { formatSarif } from '../core/report/sarif';
import { formatText } from '../core/report/text';
import { scanWorkspace } from '../core/workspace-scan';
import { isInside, readTextFile } from '../node/fs-access';
import { fsWorkspace } from '../node/workspace';
import { toPosix } from './files';
import { CliError, printable, shownPath, type CliIo } from './io';
import { collectGroups, type ScanGroup } from './plan';

export const DEFAULT_BASELINE = 'wattlint-baseline.json';
export const formats = ['text', 'json', 'sarif', 'markdown', 'gitlab'] as const;
export type Format = (typeof formats)[number];
export const failOnLevels = ['error', 'warning', 'info', 'never'] as const;
export type FailOn = (typeof failOnLevels)[number];

export interface ScanArgs {
  paths: string[];
  format: Format;
  failOn?: FailOn;
  config?: string;
  baseline?: string;
  /** true: the default place (the --baseline file, the config's `baseline`, or wattlint-baseline.json in the root). */
  writeBaseline?: string | true;
  estimates: boolean;
  rules?: string[];
}

/** Whether any finding is at or above the --fail-on level. */
export function failsOn(findings: readonly { severity: string }[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return findings.some((f) => severityRank[f.severity] >= severityRank[failOn]);
}

/** A baseline larger than this is refused (one finding takes ~100 bytes: this holds a few hundred thousand). */
const BASELINE_MAX_BYTES = 64 * 1024 * 1024;

function loadBaseline(io: CliIo, file: string): Baseline {
  const read = readTextFile(file, { maxBytes: BASELINE_MAX_BYTES });
  if (!read.ok) {
    throw new CliError(`baseline ${shownPath(io, file)}: cannot read it (${read.reason}); write one with \`wattlint scan --write-baseline\``);
  }
  const r = parseBaseline(read.text);
  if (!r.ok) throw new CliError(`baseline ${shownPath(io, file)}: ${r.message}`);
  return r.baseline;
}

interface BaselinePlan {
  read?: string;
  write?: string;
}

function baselinePlan(io: CliIo, g: ScanGroup, args: ScanArgs): BaselinePlan {
  const explicit = args.baseline !== undefined ? resolve(io.cwd, args.baseline) : undefined;
  const fromConfig = g.config?.baseline && g.configFile ? resolve(dirname(g.configFile), g.config.baseline) : undefined;
  // A config names files inside its project: a `baseline` that leaves the config's folder is refused, not read
  // (or written); a path given on the command line is the user's own choice.
  if (fromConfig && explicit === undefined && typeof args.writeBaseline !== 'string' && !isInside(dirname(g.configFile!), fromConfig)) {
    throw new CliError(`${shownPath(io, g.configFile!)}: baseline: expected a path inside ${shownPath(io, dirname(g.configFile!))}/, got one outside it (give it with --baseline to use it)`);
  }
  const fallback = join(g.root, DEFAULT_BASELINE);
  if (args.writeBaseline !== undefined) {
    return { write: typeof args.writeBaseline === 'string' ? resolve(io.cwd, args.writeBaseline) : (explicit ?? fromConfig ?? fallback) };
  }
  if (explicit) return { read: explicit };
  if (fromConfig) return { read: fromConfig };
  return existsSync(fallback) ? { read: fallback } : {};
}

export interface ScanOutcome {
  report: ScanReport;
  /** Baseline files written, with the number of findings each holds. */
  written: { file: string; count: number }[];
  failOn: FailOn;
}

export function scanPaths(io: CliIo, args: ScanArgs): ScanOutcome {
  const groups = collectGroups(io, args.paths, args.config, args.rules);
  const report = emptyReport();
  const toWrite = new Map<string, ReportFinding[]>();
  for (const { group: g, collected } of groups) {
    const plan = baselinePlan(io, g, args);
    const baselineFile = plan.write ?? plan.read;
    const keyBase = baselineFile ? dirname(baselineFile) : g.root;
    const r = scanWorkspace(collected.files, {
      settings: g.settings,
      workspace: fsWorkspace(g.root, collected.list, g.settings.maxFileBytes, { roots: collected.roots }),
      estimates: args.estimates,
      baseline: plan.read ? loadBaseline(io, plan.read) : undefined,
      baselineKey: (p) => toPosix(relative(keyBase, join(g.root, p))),
    });
    r.skipped.push(...collected.skipped);
    r.errors.push(...collected.errors);
    if (plan.write) {
      const entry = toWrite.get(plan.write) ?? [];
      // Paths are recorded relative to the baseline's folder, like the fingerprints' keys.
      entry.push(...r.findings.map((f) => ({ ...f, file: toPosix(relative(keyBase, join(g.root, f.file))) })));
      toWrite.set(plan.write, entry);
    }
    mergeReports(report, rebaseReport(r, (p) => shownPath(io, join(g.root, p))));
  }
  const written: ScanOutcome['written'] = [];
  for (const [file, findings] of toWrite) {
    const withPrints = findings.filter((f): f is ReportFinding & { fingerprint: string } => !!f.fingerprint);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, serializeBaseline(makeBaseline(withPrints)));
    written.push({ file, count: withPrints.length });
  }
  const failOn = args.failOn ?? groups.find((g) => g.group.config?.['fail-on'])?.group.config?.['fail-on'] ?? 'error';
  return { report, written, failOn };
}

export function formatReport(report: ScanReport, format: Format, version: string): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, { version });
    case 'markdown':
      return formatMarkdown(report);
    case 'gitlab':
      return formatCodeQuality(report);
    default:
      return formatText(report);
  }
}

export function runScan(io: CliIo, args: ScanArgs, version: string): number {
  const { report, written, failOn } = scanPaths(io, args);
  const out = formatReport(report, args.format, version);
  // JSON and SARIF escape control characters themselves; text and Markdown go to terminals as they are
  io.out(args.format === 'text' || args.format === 'markdown' ? printable(out) : out);
  for (const w of written) io.err(`wattlint: wrote ${w.count} finding${w.count === 1 ? '' : 's'} to the baseline ${shownPath(io, w.file)}\n`);
  if (written.length) return 0;
  return failsOn(report.findings, failOn) ? 1 : 0;
}
