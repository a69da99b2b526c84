// `wattlint scan PATH...`: plan groups, read files, analyse, apply or write the baseline, print a report, and
// return the exit code (0: nothing at or above --fail-on, 1: findings at or above it).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { makeBaseline, parseBaseline, serializeBaseline, type Baseline } from '../core/baseline';
import { formatCodeQuality } from '../core/report/gitlab';
import { formatJson } from '../core/report/json';
import { formatMarkdown } from '../core/report/markdown';
import { emptyReport, mergeReports, pushAll, rebaseReport, severityRank, type ReportFinding, type ScanReport, type SkippedPath } from '../core/report/model';
import { formatSarif } from '../core/report/sarif';
import { formatText } from '../core/report/text';
import type { ParseError } from '../core/types';
import { assembleReport, type FileScan } from '../core/workspace-scan';
import { isInside, readTextFile } from '../node/fs-access';
import { toPosix } from './files';
import { CliError, printable, shownPath, type CliIo } from './io';
import type { FileResult, GroupSpec } from './group-scan';
import { walkGroups, type ScanGroup } from './plan';
import { poolSize, scanInThread, scanTasks, type ScanTask } from './pool';

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
  /** Worker threads: a number, or `auto` (from the CPUs and the number of files; the default). */
  jobs?: number | 'auto';
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

type ScanPlan = ReturnType<typeof planScan>;

function planScan(io: CliIo, args: ScanArgs) {
  const groups = walkGroups(io, args.paths, args.config, args.rules);
  const specs: GroupSpec[] = [];
  const tasks: ScanTask[] = [];
  const plans = groups.map(({ group: g, walked }, gi) => {
    const plan = baselinePlan(io, g, args);
    const baselineFile = plan.write ?? plan.read;
    const keyBase = baselineFile ? dirname(baselineFile) : g.root;
    specs.push({ root: g.root, roots: walked.roots, settings: g.settings, list: walked.files, estimates: args.estimates, keyBase });
    const first = tasks.length;
    for (const file of walked.files) tasks.push({ group: gi, file });
    return { g, walked, plan, keyBase, first, baseline: plan.read ? loadBaseline(io, plan.read) : undefined };
  });
  return { groups, plans, specs, tasks };
}

/** Scans in this thread (the grammars must be loaded: initCore); the tests' and tools' entry point. */
export function scanPaths(io: CliIo, args: ScanArgs): ScanOutcome {
  const p = planScan(io, args);
  return finishScan(io, args, p, scanInThread(p.specs, p.tasks));
}

/** Scans on the pool `args.jobs` asks for (loading the grammars where files are analysed). */
export async function scanPathsPooled(io: CliIo, args: ScanArgs): Promise<ScanOutcome> {
  const p = planScan(io, args);
  return finishScan(io, args, p, await scanTasks(p.specs, p.tasks, poolSize(args.jobs ?? 'auto', p.tasks.length)));
}

function finishScan(io: CliIo, args: ScanArgs, { groups, plans }: ScanPlan, results: FileResult[]): ScanOutcome {
  const report = emptyReport();
  const toWrite = new Map<string, ReportFinding[]>();
  for (const { g, walked, plan, keyBase, first, baseline } of plans) {
    const scans: FileScan[] = [];
    const skipped: SkippedPath[] = [];
    const unread: ParseError[] = [];
    for (const res of results.slice(first, first + walked.files.length)) {
      if ('scan' in res) scans.push(res.scan);
      else if ('skipped' in res) skipped.push(res.skipped);
      else if ('error' in res) unread.push(res.error);
    }
    const r = assembleReport(scans, baseline);
    // as the walk and the reads found them: skipped folders and files, then files too large to read; files refused
    // by the walk, files that could not be read, then sub-project configs that do not load
    pushAll(pushAll(r.skipped, walked.skipped), skipped);
    pushAll(pushAll(pushAll(r.errors, walked.errors.slice(0, walked.refused)), unread), walked.errors.slice(walked.refused));
    if (plan.write) {
      const entry = toWrite.get(plan.write) ?? [];
      // Paths are recorded relative to the baseline's folder, like the fingerprints' keys.
      pushAll(entry, r.findings.map((f) => ({ ...f, file: toPosix(relative(keyBase, join(g.root, f.file))) })));
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

export async function runScan(io: CliIo, args: ScanArgs, version: string): Promise<number> {
  const { report, written, failOn } = await scanPathsPooled(io, args);
  const out = formatReport(report, args.format, version);
  // JSON and SARIF escape control characters themselves; text and Markdown go to terminals as they are
  io.out(args.format === 'text' || args.format === 'markdown' ? printable(out) : out);
  for (const w of written) io.err(`wattlint: wrote ${w.count} finding${w.count === 1 ? '' : 's'} to the baseline ${shownPath(io, w.file)}\n`);
  if (written.length) return 0;
  return failsOn(report.findings, failOn) ? 1 : 0;
}
