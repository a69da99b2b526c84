// Scans the labelled corpus files with today's analyser (in process, as `wattlint scan FILE...` run from the
// corpus folder) and scores the result against the labels. Shared by the mocha test and `report.ts`.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { scanPaths } from '../../src/cli/scan';
import { formatJson } from '../../src/core/report/json';
import type { CliIo } from '../../src/cli/io';
import { labelledFiles, loadLabels, score, staleLabels, type Label, type Score, type ScoredFinding } from './score';

const REPO = join(__dirname, '..', '..', '..');

/** `$WATTLINT_CORPUS`, else the nearest `shared/corpus` beside the checkout or a folder above it (git worktrees). */
function findCorpus(): string {
  if (process.env.WATTLINT_CORPUS) return resolve(process.env.WATTLINT_CORPUS);
  for (let d = resolve(REPO, '..'); ; d = dirname(d)) {
    if (existsSync(join(d, 'shared', 'corpus', 'MANIFEST.json'))) return join(d, 'shared', 'corpus');
    if (dirname(d) === d) return resolve(REPO, '..', 'shared', 'corpus');
  }
}

export const CORPUS = findCorpus();
export const LABELS = join(REPO, 'test', 'corpus', 'labels');

export function corpusPresent(): boolean {
  return existsSync(join(CORPUS, 'MANIFEST.json'));
}

/** Today's findings on the given corpus paths, as the scorer reads them. */
export function scanCorpusFiles(files: readonly string[]): { findings: ScoredFinding[]; errors: string[] } {
  const io: CliIo = { cwd: CORPUS, out: () => undefined, err: () => undefined };
  const present = files.filter((f) => existsSync(join(CORPUS, f)));
  const { report } = scanPaths(io, { paths: present, format: 'json', estimates: true });
  // Read back through the JSON contract, so lines are what `scan --format json` says (notebooks: cell lines).
  const json = JSON.parse(formatJson(report)) as { findings: ScoredFinding[]; errors: { file: string; message: string }[] };
  return {
    findings: json.findings.map((f) => ({ file: f.file, rule: f.rule, line: f.line, severity: f.severity })),
    errors: json.errors.map((e) => `${e.file}: ${e.message}`),
  };
}

export interface CorpusScore {
  labels: Label[];
  problems: string[];
  stale: Label[];
  score: Score;
}

export function scoreCorpus(samples?: readonly string[]): CorpusScore {
  const { labels, problems } = loadLabels(LABELS);
  const stale = staleLabels(CORPUS, labels);
  const { findings } = scanCorpusFiles(labelledFiles(labels));
  return { labels, problems, stale, score: score(labels, findings, samples) };
}
