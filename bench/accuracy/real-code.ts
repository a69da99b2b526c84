// The engine's figures on a scan of real repositories (issue 10's "Done when"): ranges out of order, warnings whose
// paired saving is not above zero, the fp32 → bf16 saving against its measured range, and how many jobs carry an
// estimate or a rate. Works on a scan's JSON document, so the same check runs on ../shared/corpus and on any other
// tree (`npm run validate -- --corpus DIR`).
import type { JsonReport } from '../../src/core/report/json';
import type { Range3 } from '../../src/core/types';

export interface RealCodeFigures {
  files: number;
  jobs: number;
  jobsWithEstimate: number;
  jobsWithRate: number;
  /** Share of jobs with an estimate (a total) or a rate. */
  coverage: number;
  findings: number;
  warnings: number;
  withSaving: number;
  warningsWithSaving: number;
  /** Warnings (or errors) whose saving's P10 is not above zero, or that have no saving. */
  warningsWithoutSaving: { rule: string; file: string; line: number | null }[];
  /** Every Range3 in the document with low > mid or mid > high, by where it sits. */
  outOfOrder: { where: string; range: Range3 }[];
  rangesChecked: number;
  /** fp32 → half precision training savings (precision/fp32-training), as fractions. */
  fp32: { count: number; mids: number[]; lowest: number; highest: number; medianMid: number };
  /** Findings by rule: count, warnings, with saving. */
  byRule: Record<string, { findings: number; warnings: number; info: number; withSaving: number }>;
  missing: Record<string, number>;
}

function isRange(x: unknown): x is Range3 {
  return typeof x === 'object' && x !== null && typeof (x as Range3).low === 'number' && typeof (x as Range3).mid === 'number' && typeof (x as Range3).high === 'number';
}

/** Walks any JSON value and reports every range out of order. */
function checkRanges(v: unknown, where: string, out: { where: string; range: Range3 }[], count: { n: number }): void {
  if (Array.isArray(v)) v.forEach((x, i) => checkRanges(x, `${where}[${i}]`, out, count));
  else if (isRange(v)) {
    count.n++;
    // 1e-9 relative slack: values are rounded to significant figures independently.
    const eps = 1e-9 * Math.max(Math.abs(v.low), Math.abs(v.high), 1);
    if (v.low > v.mid + eps || v.mid > v.high + eps) out.push({ where, range: v });
  } else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) checkRanges(x, `${where}.${k}`, out, count);
}

function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function realCodeFigures(report: JsonReport): RealCodeFigures {
  const outOfOrder: { where: string; range: Range3 }[] = [];
  const count = { n: 0 };
  report.findings.forEach((f, i) => checkRanges(f.saving, `findings[${i}] ${f.rule} ${f.file}:${f.line ?? ''} saving`, outOfOrder, count));
  report.jobs.forEach((j, i) => checkRanges(j.estimate, `jobs[${i}] ${j.file}:${j.line ?? ''} estimate`, outOfOrder, count));
  const warnings = report.findings.filter((f) => f.severity !== 'info');
  const warningsWithoutSaving = warnings
    .filter((f) => !f.saving || !(f.saving.energyFraction.low > 0 || (f.saving.co2Kg?.low ?? f.saving.rate?.co2Kg.low ?? 0) > 0))
    .map((f) => ({ rule: f.rule, file: f.file, line: f.line }));
  const fp32 = report.findings.filter((f) => f.rule === 'precision/fp32-training' && f.saving);
  const mids = fp32.map((f) => f.saving!.energyFraction.mid);
  const byRule: RealCodeFigures['byRule'] = {};
  for (const f of report.findings) {
    const r = (byRule[f.rule] ??= { findings: 0, warnings: 0, info: 0, withSaving: 0 });
    r.findings++;
    if (f.severity === 'info') r.info++;
    else r.warnings++;
    if (f.saving) r.withSaving++;
  }
  const missing: Record<string, number> = {};
  for (const j of report.jobs) for (const m of j.missing ?? []) missing[m] = (missing[m] ?? 0) + 1;
  const withEstimate = report.jobs.filter((j) => j.estimate && (j.estimate.energyKWh || j.estimate.perDay)).length;
  const withRate = report.jobs.filter((j) => j.estimate && !(j.estimate.energyKWh || j.estimate.perDay) && j.estimate.rate).length;
  return {
    files: report.summary.files,
    jobs: report.jobs.length,
    jobsWithEstimate: withEstimate,
    jobsWithRate: withRate,
    coverage: report.jobs.length ? (withEstimate + withRate) / report.jobs.length : 1,
    findings: report.findings.length,
    warnings: warnings.length,
    withSaving: report.findings.filter((f) => f.saving).length,
    warningsWithSaving: warnings.filter((f) => f.saving).length,
    warningsWithoutSaving,
    outOfOrder,
    rangesChecked: count.n,
    fp32: {
      count: fp32.length,
      mids,
      lowest: fp32.length ? Math.min(...fp32.map((f) => f.saving!.energyFraction.low)) : NaN,
      highest: fp32.length ? Math.max(...fp32.map((f) => f.saving!.energyFraction.high)) : NaN,
      medianMid: median(mids),
    },
    byRule,
    missing,
  };
}
