// The `scan --format json` document: the stable contract in shared/docs/rules-and-contracts.md (version 1).
// Field names here are public API; add fields, never rename or remove them. Pure: takes a ScanReport.
import type { JobEstimate } from '../engine';
import type { ParseError, Saving, Severity, TextEdit } from '../types';
import { countBySeverity, sortFindings, type ReportFinding, type ScanReport } from './model';

export const JSON_REPORT_VERSION = 1;

export interface JsonEdit {
  file: string;
  cell?: number;
  startLine: number | null;
  startColumn: number | null;
  endLine: number | null;
  endColumn: number | null;
  newText: string;
}

export interface JsonFinding {
  rule: string;
  file: string;
  /** Notebook cell (0-based index among all cells); line and column are then inside that cell. */
  cell?: number;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  severity: Severity;
  message: string;
  fix?: { safety: string; title: string; edits: JsonEdit[] };
  saving?: Saving;
  related?: { file: string; cell?: number; line?: number; column?: number; message: string }[];
  fingerprint?: string;
}

export interface JsonJob {
  file: string;
  kind: string;
  estimate: JobEstimate | null;
  /** Facts the engine lacked (`"steps"`, `"hardware"`, …): what would make the estimate a total, or possible. */
  missing: string[];
  id: string;
  flavour: string;
  line: number | null;
  cell?: number;
}

export interface JsonReport {
  version: number;
  findings: JsonFinding[];
  jobs: JsonJob[];
  errors: ParseError[];
  skipped: { file: string; reason: string }[];
  summary: { files: number; findings: number; error: number; warning: number; info: number; suppressed: number; baselined: number };
}

function jsonEdit(e: TextEdit): JsonEdit {
  const out: JsonEdit = {
    file: e.file,
    startLine: e.range?.startLine ?? null,
    startColumn: e.range?.startColumn ?? null,
    endLine: e.range?.endLine ?? null,
    endColumn: e.range?.endColumn ?? null,
    newText: e.newText,
  };
  if (e.cell !== undefined) out.cell = e.cell;
  return out;
}

export function jsonFinding(f: ReportFinding): JsonFinding {
  const out: JsonFinding = {
    rule: f.rule,
    file: f.file,
    ...(f.cell !== undefined ? { cell: f.cell } : {}),
    line: f.range?.startLine ?? null,
    column: f.range?.startColumn ?? null,
    endLine: f.range?.endLine ?? null,
    endColumn: f.range?.endColumn ?? null,
    severity: f.severity,
    message: f.message,
  };
  if (f.fix) out.fix = { safety: f.fix.safety, title: f.fix.title, edits: f.fix.edits.map(jsonEdit) };
  if (f.saving) out.saving = f.saving;
  if (f.related?.length) {
    out.related = f.related.map((r) => ({
      file: r.ref.file,
      ...(r.ref.cell !== undefined ? { cell: r.ref.cell } : {}),
      ...(r.range ? { line: r.range.startLine, column: r.range.startColumn } : {}),
      message: r.message,
    }));
  }
  if (f.fingerprint) out.fingerprint = f.fingerprint;
  return out;
}

export function toJsonReport(r: ScanReport): JsonReport {
  const findings = sortFindings(r.findings);
  const c = countBySeverity(findings);
  return {
    version: JSON_REPORT_VERSION,
    findings: findings.map(jsonFinding),
    jobs: r.jobs.map((j) => {
      const out: JsonJob = {
        file: j.job.file,
        kind: j.job.phase,
        estimate: j.estimate ?? null,
        missing: j.missing ?? j.estimate?.missing ?? [],
        id: j.job.id,
        flavour: j.job.flavour,
        line: j.line ?? null,
      };
      if (j.job.anchor?.cell !== undefined) out.cell = j.job.anchor.cell;
      return out;
    }),
    errors: r.errors,
    skipped: r.skipped,
    summary: { files: r.stats.files, findings: findings.length, ...c, suppressed: r.stats.suppressed, baselined: r.stats.baselined },
  };
}

export function formatJson(r: ScanReport): string {
  return JSON.stringify(toJsonReport(r), null, 2) + '\n';
}
