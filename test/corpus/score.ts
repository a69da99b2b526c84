// Scores the analyser against the judgements kept in test/corpus/labels/*.jsonl (see README.md beside this file):
// - judged findings: a finding today that matches a `tp` label is a true positive, one that matches an `fp` label a
//   false positive; findings nobody judged are counted apart (they need a fresh sample, not a guess);
// - files read in full: every finding today in such a file is a TP when it matches a listed positive, else an FP;
//   a listed positive that no finding matches is a miss (recall).
// Matching: same file and rule, lines within LINE_SLACK (a `null` line matches the rule anywhere in the file); in a
// notebook, where lines count within a cell, the same cell too when the label names one (`cell`, 0-based as in the
// JSON report).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LINE_SLACK = 3;

export interface FindingLabel {
  kind: 'finding';
  sample: string;
  repo: string;
  path: string;
  blob: string;
  line: number | null;
  /** A notebook's cell (0-based, as `scan --format json` gives it); absent on older labels. */
  cell?: number;
  rule: string;
  verdict: 'tp' | 'fp';
  category?: string;
  why: string;
}

export interface FileLabel {
  kind: 'file';
  sample: string;
  repo: string;
  path: string;
  blob: string;
  positives: { rule: string; line: number | null; cell?: number; why: string }[];
  notes?: string;
}

export type Label = FindingLabel | FileLabel;

/** What the scorer needs of a finding: the corpus path (`owner+name/path`), rule and line. */
export interface ScoredFinding {
  file: string;
  rule: string;
  line: number | null;
  /** A notebook finding's cell (0-based). */
  cell?: number;
  severity: string;
}

export function corpusPath(l: { repo: string; path: string }): string {
  return `${l.repo.replace('/', '+')}/${l.path}`;
}

export function loadLabels(dir: string): { labels: Label[]; problems: string[] } {
  const labels: Label[] = [];
  const problems: string[] = [];
  if (!existsSync(dir)) return { labels, problems };
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) {
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        try {
          const l = JSON.parse(line) as Label;
          if ((l.kind !== 'finding' && l.kind !== 'file') || !l.repo || !l.path || !l.blob) throw new Error('missing kind/repo/path/blob');
          if (l.kind === 'finding' && l.verdict !== 'tp' && l.verdict !== 'fp') throw new Error(`verdict ${String(l.verdict)}`);
          labels.push(l);
        } catch (e) {
          problems.push(`${f}:${i + 1}: ${(e as Error).message}`);
        }
      });
  }
  return { labels, problems };
}

/** git's blob id of a file's bytes. */
export function gitBlob(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Labels whose file is missing from the corpus or no longer has the labelled blob. */
export function staleLabels(corpus: string, labels: readonly Label[]): Label[] {
  const blobs = new Map<string, string | undefined>();
  return labels.filter((l) => {
    const p = corpusPath(l);
    if (!blobs.has(p)) {
      const abs = join(corpus, p);
      blobs.set(p, existsSync(abs) ? gitBlob(readFileSync(abs)) : undefined);
    }
    return blobs.get(p) !== l.blob;
  });
}

function near(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b || b === null;
  return Math.abs(a - b) <= LINE_SLACK;
}

/** A finding and a label (or positive) at the same place: near lines, and the same cell where both name one. */
function at(f: ScoredFinding, l: { line: number | null; cell?: number }): boolean {
  return near(f.line, l.line) && (f.cell === undefined || l.cell === undefined || f.cell === l.cell);
}

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

export interface Score {
  /** Per rule and overall ('all'): judged findings (precision). */
  judged: Map<string, Tally>;
  /** The same, warnings only. */
  judgedWarnings: Tally;
  /** Findings in judged files with no label: not counted. */
  unjudged: number;
  /** tp labels no finding matches any more (a lost true positive). */
  lostTp: FindingLabel[];
  /** Files read in full: per rule and overall. */
  files: Map<string, Tally>;
  missed: { file: string; rule: string; line: number | null; why: string }[];
  falseInReadFiles: ScoredFinding[];
}

function bump(m: Map<string, Tally>, rule: string, k: keyof Tally): void {
  for (const key of [rule, 'all']) {
    const t = m.get(key) ?? { tp: 0, fp: 0, fn: 0 };
    t[k]++;
    m.set(key, t);
  }
}

/** Scores `findings` (a scan of at least every labelled file) against the labels. */
export function score(labels: readonly Label[], findings: readonly ScoredFinding[], samples?: readonly string[]): Score {
  const use = samples ? labels.filter((l) => samples.includes(l.sample)) : labels;
  const byFile = new Map<string, ScoredFinding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const out: Score = { judged: new Map(), judgedWarnings: { tp: 0, fp: 0, fn: 0 }, unjudged: 0, lostTp: [], files: new Map(), missed: [], falseInReadFiles: [] };

  const findingLabels = use.filter((l): l is FindingLabel => l.kind === 'finding');
  const labelsByFile = new Map<string, FindingLabel[]>();
  for (const l of findingLabels) labelsByFile.set(corpusPath(l), [...(labelsByFile.get(corpusPath(l)) ?? []), l]);
  for (const [file, ls] of labelsByFile) {
    const here = byFile.get(file) ?? [];
    const used = new Set<FindingLabel>();
    for (const f of here) {
      // the nearest label of the same rule, each label used once
      const cands = ls.filter((l) => l.rule === f.rule && !used.has(l) && at(f, l));
      cands.sort((a, b) => Math.abs((a.line ?? 0) - (f.line ?? 0)) - Math.abs((b.line ?? 0) - (f.line ?? 0)));
      const l = cands[0];
      if (!l) {
        out.unjudged++;
        continue;
      }
      used.add(l);
      bump(out.judged, f.rule, l.verdict);
      if (f.severity === 'warning' || f.severity === 'error') out.judgedWarnings[l.verdict]++;
    }
    for (const l of ls) if (l.verdict === 'tp' && !used.has(l)) out.lostTp.push(l);
  }

  for (const l of use.filter((x): x is FileLabel => x.kind === 'file')) {
    const file = corpusPath(l);
    const here = byFile.get(file) ?? [];
    const matched = new Set<number>();
    for (const f of here) {
      const i = l.positives.findIndex((p, j) => !matched.has(j) && p.rule === f.rule && at(f, p));
      if (i >= 0) {
        matched.add(i);
        bump(out.files, f.rule, 'tp');
      } else {
        bump(out.files, f.rule, 'fp');
        out.falseInReadFiles.push(f);
      }
    }
    l.positives.forEach((p, j) => {
      if (matched.has(j)) return;
      bump(out.files, p.rule, 'fn');
      out.missed.push({ file, rule: p.rule, line: p.line, why: p.why });
    });
  }
  return out;
}

export const precision = (t: Tally | undefined): number => (t && t.tp + t.fp > 0 ? t.tp / (t.tp + t.fp) : NaN);
export const recall = (t: Tally | undefined): number => (t && t.tp + t.fn > 0 ? t.tp / (t.tp + t.fn) : NaN);

/** Every corpus path some label names. */
export function labelledFiles(labels: readonly Label[]): string[] {
  return [...new Set(labels.map(corpusPath))].sort();
}

function fmt(x: number): string {
  return Number.isNaN(x) ? '–' : x.toFixed(2);
}

/** Markdown tables of a score (docs/accuracy-rules.md quotes them). */
export function scoreTables(s: Score): string {
  const rows: string[] = ['| rule | judged TP | judged FP | precision | read-file TP | FP | FN | precision | recall |', '|---|---|---|---|---|---|---|---|---|'];
  const rules = [...new Set([...s.judged.keys(), ...s.files.keys()])].filter((r) => r !== 'all').sort();
  for (const r of [...rules, 'all']) {
    const j = s.judged.get(r) ?? { tp: 0, fp: 0, fn: 0 };
    const f = s.files.get(r) ?? { tp: 0, fp: 0, fn: 0 };
    const name = r === 'all' ? '**all**' : `\`${r}\``;
    rows.push(`| ${name} | ${j.tp} | ${j.fp} | ${fmt(precision(j))} | ${f.tp} | ${f.fp} | ${f.fn} | ${fmt(precision(f))} | ${fmt(recall(f))} |`);
  }
  rows.push('', `Warnings among judged findings: ${s.judgedWarnings.tp} TP, ${s.judgedWarnings.fp} FP (precision ${fmt(precision(s.judgedWarnings))}). Unjudged findings in labelled files: ${s.unjudged}. Judged true positives no longer found: ${s.lostTp.length}.`);
  return rows.join('\n');
}
