// Analyses many files with shared settings and one WorkspaceReader, and aggregates the FileAnalysis results
// into a ScanReport for the reporters: findings (with baseline fingerprints), jobs with their estimates,
// errors, skipped files. Pure: the caller reads the files (the CLI walks the disk, the editor has documents).
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { globMatch } from './glob';
import { analyzeText, type AnalyzeOptions, type FileAnalysis } from './analyze';
import { applyBaseline, cellSource, fingerprints, linesOf, type Baseline } from './baseline';
import { emptyReport, pushAll, type ReportFinding, type ReportJob, type ScanReport, type SkippedPath } from './report/model';
import type { AnalysisSettings, WorkspaceReader } from './settings';
import { LineIndex } from './text/lines';
import type { ParseError, SourceRef } from './types';

export interface WorkspaceFile {
  /** Workspace-relative path, forward slashes. */
  path: string;
  text: string;
}

export interface WorkspaceScanOptions {
  settings: AnalysisSettings;
  /** Reads files the analysed ones reference; defaults to the given files. Given files are always read from memory. */
  workspace?: WorkspaceReader;
  onlyRules?: readonly string[];
  /** Attach the engine's estimates and savings (default true). */
  estimates?: boolean;
  /** Hide findings this baseline holds. */
  baseline?: Baseline;
  /** The path a baseline records for a file (default: the path itself). */
  baselineKey?: (file: string) => string;
  /** Called with each file's analysis (progress, the editor's per-file diagnostics). */
  onFile?: (analysis: FileAnalysis) => void;
  /** Incremental re-parse (the language server's open document; one file per scan). */
  reparse?: AnalyzeOptions['reparse'];
}

/** Whether a workspace-relative path matches one of the `exclude` globs (a glob also matches in any folder). */
export function isExcluded(path: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  return globs.some(
    (g) => globMatch(path, g) || globMatch(path, `**/${g}`) || globMatch(path, `${g}/**`),
  );
}

function readerOver(files: ReadonlyMap<string, string>, fallback?: WorkspaceReader): WorkspaceReader {
  return {
    read: (p) => files.get(p) ?? fallback?.read(p),
    list: () => [...new Set([...files.keys(), ...(fallback?.list?.() ?? [])])],
    whyNot: (p) => (files.has(p) ? undefined : fallback?.whyNot?.(p)),
  };
}

/** Line (1-based) of a source reference, in its cell for notebooks. */
function lineOf(ref: SourceRef, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (ref.cell === undefined) return linesOf(text).position(ref.span.start).line;
  const src = cellSource(text, ref.cell);
  return src === undefined ? undefined : linesOf(src).position(ref.span.start).line;
}

/** The line of a notebook's JSON text that holds line `line` (1-based) of cell `cell`'s source. */
export function notebookLine(notebookText: string, cell: number, line: number): number | undefined {
  return notebookLineMap(notebookText)(cell, line);
}

/** Reads a notebook's JSON once and answers `notebookLine` for any cell and line of it. */
export function notebookLineMap(notebookText: string): (cell: number, line: number) => number | undefined {
  const root = parseTree(notebookText);
  let lines: LineIndex | undefined;
  return (cell, line) => {
    const source = root && findNodeAtLocation(root, ['cells', cell, 'source']);
    if (!source) return undefined;
    const node = source.type === 'array' ? source.children?.[line - 1] : source;
    lines ??= new LineIndex(notebookText);
    return node ? lines.position(node.offset).line : undefined;
  };
}

/** What one file contributes to a scan report; built by `scanFile`, joined in file order by `assembleReport`. */
export interface FileScan {
  file: string;
  /** Counted in `stats.files` (read and handed to the analyser). */
  counted: boolean;
  /** Why the file was left out, when it was. */
  skipped?: SkippedPath;
  errors: ParseError[];
  suppressed: number;
  jobs: ReportJob[];
  /** With their fingerprints (per file: a fingerprint counts equal findings within its own file). */
  findings: ReportFinding[];
}

export interface FileScanOptions {
  settings: AnalysisSettings;
  /**
   * Reads the files the analysed one references; it must serve the analysed file's own text too. Keep one reader for
   * the whole scan: what it reads (and imported modules' summaries) is cached per reader.
   */
  workspace?: WorkspaceReader;
  onlyRules?: readonly string[];
  estimates?: boolean;
  baselineKey?: (file: string) => string;
  onFile?: (analysis: FileAnalysis) => void;
  reparse?: AnalyzeOptions['reparse'];
}

/** Serves one file from memory and the rest through `fallback`. */
function withFile(f: WorkspaceFile, fallback: WorkspaceReader | undefined): WorkspaceReader {
  return {
    read: (p) => (p === f.path ? f.text : fallback?.read(p)),
    list: () => fallback?.list?.() ?? [f.path],
    whyNot: (p) => (p === f.path ? undefined : fallback?.whyNot?.(p)),
  };
}

/**
 * Analyses one file and turns its analysis into report entries (job lines, ranges of edits in other files, notebook
 * lines, fingerprints). Depends on nothing but the file and the reader, so files can be scanned in any order or in
 * parallel and joined by `assembleReport` in their own order.
 */
export function scanFile(f: WorkspaceFile, opts: FileScanOptions): FileScan {
  const out: FileScan = { file: f.path, counted: false, errors: [], suppressed: 0, jobs: [], findings: [] };
  const { settings } = opts;
  if (isExcluded(f.path, settings.exclude)) return out;
  if (f.text.length > settings.maxFileBytes) {
    out.skipped = { file: f.path, reason: `larger than the ${Math.round(settings.maxFileBytes / 1024)} KB size limit` };
    return out;
  }
  out.counted = true;
  const workspace = opts.workspace ?? withFile(f, undefined);
  const lineIndexes = new Map<string, LineIndex>();
  const fileLines = (file: string): LineIndex | undefined => {
    let li = lineIndexes.get(file);
    if (!li) {
      const t = workspace.read(file);
      if (t === undefined) return undefined;
      li = new LineIndex(t);
      lineIndexes.set(file, li);
    }
    return li;
  };
  const a = analyzeText(f.path, f.text, { settings, workspace, onlyRules: opts.onlyRules, estimates: opts.estimates, reparse: opts.reparse });
  opts.onFile?.(a);
  out.errors = a.errors;
  out.suppressed = a.suppressed;
  for (const job of a.jobs) {
    const j: ReportJob = { job };
    const line = job.anchor ? lineOf(job.anchor, workspace.read(job.anchor.file)) : undefined;
    if (line !== undefined) j.line = line;
    const est = a.estimates[job.id];
    if (est) j.estimate = est;
    const missing = a.missing?.[job.id];
    if (missing) j.missing = missing;
    out.jobs.push(j);
  }
  let nbLine: ((cell: number, line: number) => number | undefined) | undefined;
  for (const finding of a.findings) {
    // Edits of other files (a referenced config) have no range yet: the analysis only located its own file.
    for (const e of finding.fix?.edits ?? []) {
      if (e.range || e.cell !== undefined) continue;
      const li = fileLines(e.file);
      if (li) e.range = li.range(e.span);
    }
    if (finding.cell !== undefined && finding.range) {
      nbLine ??= notebookLineMap(f.text);
      const raw = nbLine(finding.cell, finding.range.startLine);
      if (raw !== undefined) (finding as ReportFinding).notebookLine = raw;
    }
    out.findings.push(finding);
  }
  const prints = fingerprints(out.findings, (file) => workspace.read(file), opts.baselineKey);
  out.findings.forEach((x, i) => (x.fingerprint = prints[i]));
  return out;
}

/** Joins file scans, in the order given, into a report, and hides the findings a baseline holds. */
export function assembleReport(scans: Iterable<FileScan>, baseline?: Baseline): ScanReport {
  const report = emptyReport();
  const findings: ReportFinding[] = [];
  for (const s of scans) {
    if (s.skipped) report.skipped.push(s.skipped);
    if (s.counted) report.stats.files++;
    pushAll(report.errors, s.errors);
    report.stats.suppressed += s.suppressed;
    pushAll(report.jobs, s.jobs);
    pushAll(findings, s.findings);
  }
  if (baseline) {
    const { kept, hidden } = applyBaseline(findings, baseline);
    report.findings = kept;
    report.stats.baselined = hidden;
  } else {
    report.findings = findings;
  }
  return report;
}

export function scanWorkspace(files: readonly WorkspaceFile[], opts: WorkspaceScanOptions): ScanReport {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const workspace = readerOver(texts, opts.workspace);
  const fileOpts: FileScanOptions = { ...opts, workspace };
  return assembleReport(
    files.map((f) => scanFile(f, fileOpts)),
    opts.baseline,
  );
}
