// `scan --format gitlab`: a GitLab Code Quality report (`artifacts: reports: codequality:`), the subset of the
// Code Climate issue format GitLab reads: description, check_name, fingerprint, severity, location.path and
// location.lines.begin. Format: https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
// (Ruff names the same output `gitlab`). Pure: takes a ScanReport.
import type { Severity } from '../types';
import { savingPhrase } from './format';
import { sortFindings, type ScanReport } from './model';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number } };
}

/** Wattlint's three levels on GitLab's five (errors rank above warnings in the merge request widget). */
export function codeQualitySeverity(s: Severity): CodeQualityIssue['severity'] {
  return s === 'error' ? 'major' : s === 'warning' ? 'minor' : 'info';
}

export function toCodeQuality(r: ScanReport): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  return sortFindings(r.findings).map((f) => {
    const cell = f.cell !== undefined ? `[cell ${f.cell + 1}${f.range ? `, line ${f.range.startLine}` : ''}] ` : '';
    const saving = f.saving ? ` (${savingPhrase(f.saving)})` : '';
    // GitLab shows one issue per fingerprint: the baseline's (unique per finding) when the scan computed it.
    const base = f.fingerprint ?? `${f.rule}:${f.file}:${f.range?.startLine ?? 0}:${f.message}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return {
      description: `${cell}${f.message}${saving}`,
      check_name: f.rule,
      fingerprint: n ? `${base}#${n}` : base,
      severity: codeQualitySeverity(f.severity),
      // A file-level finding (a missing key or block) and notebook findings sit on the file's first line or the
      // line of the .ipynb that holds the cell's line, as in SARIF.
      location: { path: f.file, lines: { begin: f.cell !== undefined ? (f.notebookLine ?? 1) : (f.range?.startLine ?? 1) } },
    };
  });
}

export function formatCodeQuality(r: ScanReport): string {
  return JSON.stringify(toCodeQuality(r), null, 2) + '\n';
}
