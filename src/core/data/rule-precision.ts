// Measured precision of each rule on real code (../shared/corpus, judged by reading the code: test/corpus/labels;
// and further corpora of other repositories, `corpora`: test/corpus/corpus2, test/corpus/corpus3) and the default
// severity that follows from it: the judged findings of all of them are added up. A rule whose judged precision is below the threshold does not warn
// by default (issue 8: severity follows measured precision); it reports at `info`, and the user can raise it in
// wattlint.toml. A rule with no judged finding keeps the severity its author gave it, and its docs say it is not
// measured. `node out/test/corpus/report.js --write-precision` rewrites the table from today's analyser; the corpus
// test fails when the table and today's judged figures differ.
import { z } from 'zod';
import type { Severity } from '../types';
import table from './rule-precision.json';

const RowSchema = z
  .object({
    rule: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/),
    /** Findings of this rule in the samples that today's analyser still makes, and how many were judged right. */
    judged: z.number().int().min(0),
    tp: z.number().int().min(0),
  })
  .strict()
  .refine((r) => r.tp <= r.judged, { message: 'tp > judged' });

/** What a block of figures was measured on. */
const SourceShape = {
  corpus: z.string().min(1),
  labels: z.string().min(1),
  samples: z.array(z.string().min(1)).min(1),
  commit: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
};

export const RulePrecisionTableSchema = z
  .object({
    version: z.literal(1),
    /** Warn by default only at or above this judged precision. */
    threshold: z.number().gt(0).lte(1),
    /**
     * A measured rule warns by default only when at least this many of its findings were judged: a handful right
     * (2 of 2 on tuning data) is too little evidence for a warning. A rule never seen on real code keeps its author's.
     */
    minJudgedToWarn: z.number().int().min(1),
    /** What the figures were measured on. */
    source: z.object(SourceShape).strict(),
    rules: z.array(RowSchema),
    /**
     * Further corpora by name (test/corpus/<name>/README.md): measured with `report.js --corpus <name>
     * --write-precision` where `$WATTLINT_<NAME>` points at a copy; the corpus test checks each there.
     */
    corpora: z
      .record(z.string().regex(/^corpus[0-9]+$/), z.object({ ...SourceShape, rules: z.array(RowSchema) }).strict())
      .optional(),
  })
  .strict();

export type RulePrecisionTable = z.infer<typeof RulePrecisionTableSchema>;
export interface MeasuredPrecision {
  judged: number;
  tp: number;
  precision: number;
}

let parsed: RulePrecisionTable | undefined;
export function rulePrecisionTable(): RulePrecisionTable {
  if (!parsed) {
    parsed = RulePrecisionTableSchema.parse(table);
    const seen = new Set<string>();
    for (const r of parsed.rules) {
      if (seen.has(r.rule)) throw new Error(`rule-precision.json: ${r.rule} twice`);
      seen.add(r.rule);
    }
  }
  return parsed;
}

/** Judged findings of the rule on every corpus together. */
export function measuredPrecision(rule: string): MeasuredPrecision | undefined {
  const t = rulePrecisionTable();
  const rows = [t.rules, ...Object.values(t.corpora ?? {}).map((c) => c.rules)].map((rs) => rs.find((r) => r.rule === rule));
  const judged = rows.reduce((n, r) => n + (r?.judged ?? 0), 0);
  const tp = rows.reduce((n, r) => n + (r?.tp ?? 0), 0);
  if (judged === 0) return undefined;
  return { judged, tp, precision: tp / judged };
}

/**
 * The default severity: the author's, lowered to `info` when the rule's judged precision is below the threshold or
 * fewer than `minJudgedToWarn` of its findings were judged.
 */
export function measuredSeverity(rule: string, authored: Severity): Severity {
  const m = measuredPrecision(rule);
  if (authored === 'info' || !m) return authored;
  const t = rulePrecisionTable();
  return m.precision < t.threshold || m.judged < t.minJudgedToWarn ? 'info' : authored;
}
