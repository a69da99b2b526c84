// The aggregated result of a scan, as every reporter (text, JSON, SARIF, Markdown) reads it. Built by
// workspace-scan.ts from FileAnalysis results, or by hand in tests. Pure data; no file system.
import type { JobEstimate } from '../engine';
import type { Finding, JobFacts, ParseError } from '../types';

/** A finding as reported: the core's Finding plus its baseline fingerprint when the scan computed one. */
export interface ReportFinding extends Finding {
  fingerprint?: string;
  /** Notebook findings: the line of the .ipynb file (its JSON) that holds the finding's first line, for SARIF. */
  notebookLine?: number;
}

export interface ReportJob {
  job: JobFacts;
  /** 1-based line of the job's anchor, when it has one. */
  line?: number;
  estimate?: JobEstimate;
  /** The facts the engine lacked for this job (the contract's `jobs[].missing`). */
  missing?: string[];
}

/** A file or folder that was not analysed, and why (said in the output, never silently). */
export interface SkippedPath {
  file: string;
  reason: string;
}

export interface ScanReport {
  findings: ReportFinding[];
  jobs: ReportJob[];
  errors: ParseError[];
  skipped: SkippedPath[];
  stats: ScanStats;
}

export interface ScanStats {
  /** Files read and handed to the analyser (including those the pre-filter found no ML content in). */
  files: number;
  /** Findings silenced by `wattlint: ignore` directives or per-file ignores. */
  suppressed: number;
  /** Findings hidden because the baseline holds them. */
  baselined: number;
}

export function emptyReport(): ScanReport {
  return { findings: [], jobs: [], errors: [], skipped: [], stats: { files: 0, suppressed: 0, baselined: 0 } };
}

/** `to.push(...items)` without spreading: a spread of a large array overflows the call stack. */
export function pushAll<T>(to: T[], items: readonly T[]): T[] {
  for (const x of items) to.push(x);
  return to;
}

/** Appends `b` to `a` (in place) and returns `a`. */
export function mergeReports(a: ScanReport, b: ScanReport): ScanReport {
  pushAll(a.findings, b.findings);
  pushAll(a.jobs, b.jobs);
  pushAll(a.errors, b.errors);
  pushAll(a.skipped, b.skipped);
  a.stats.files += b.stats.files;
  a.stats.suppressed += b.stats.suppressed;
  a.stats.baselined += b.stats.baselined;
  return a;
}

/** Rewrites every file path in a report (e.g. workspace-relative → relative to the current directory). */
export function rebaseReport(r: ScanReport, map: (file: string) => string): ScanReport {
  // Job ids are `${file}#${n}`: keep them naming the same file as the rest of the output.
  const mapId = (id: string) => {
    const hash = id.lastIndexOf('#');
    return hash > 0 ? `${map(id.slice(0, hash))}${id.slice(hash)}` : id;
  };
  const findings = r.findings.map((f): ReportFinding => {
    const out: ReportFinding = { ...f, file: map(f.file) };
    if (f.jobId) out.jobId = mapId(f.jobId);
    if (f.fix) out.fix = { ...f.fix, edits: f.fix.edits.map((e) => ({ ...e, file: map(e.file) })) };
    if (f.related) out.related = f.related.map((x) => ({ ...x, ref: { ...x.ref, file: map(x.ref.file) } }));
    return out;
  });
  const jobs = r.jobs.map(
    (j): ReportJob => ({
      ...j,
      job: {
        ...j.job,
        id: mapId(j.job.id),
        file: map(j.job.file),
        anchor: j.job.anchor ? { ...j.job.anchor, file: map(j.job.anchor.file) } : null,
        references: j.job.references.map(map),
      },
    }),
  );
  return {
    findings,
    jobs,
    errors: r.errors.map((e) => ({ ...e, file: map(e.file) })),
    skipped: r.skipped.map((s) => ({ ...s, file: map(s.file) })),
    stats: { ...r.stats },
  };
}

export const severityRank: Record<string, number> = { error: 3, warning: 2, info: 1 };

/** Findings sorted for people: by file, cell, line, column, rule. */
export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  return [...findings].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.cell ?? -1) - (b.cell ?? -1) ||
      (a.range?.startLine ?? 0) - (b.range?.startLine ?? 0) ||
      (a.range?.startColumn ?? 0) - (b.range?.startColumn ?? 0) ||
      a.rule.localeCompare(b.rule),
  );
}

export function countBySeverity(findings: readonly Finding[]): { error: number; warning: number; info: number } {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}
