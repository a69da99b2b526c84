// Scans the labelled corpus files with today's analyser (in process, as `wattlint scan FILE...` run from the
// corpus folder) and scores the result against the labels. Shared by the mocha test and `report.ts`.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { toPosix } from '../../src/cli/files';
import { collectGroups } from '../../src/cli/plan';
import { emptyReport, mergeReports, rebaseReport } from '../../src/core/report/model';
import { scanWorkspace } from '../../src/core/workspace-scan';
import { fsWorkspace } from '../../src/node/workspace';
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

/**
 * Today's findings on the given corpus paths, as a user scanning each repository sees them: `wattlint scan REPO`
 * run from the corpus folder (the repository's dependency files, launch scripts and sibling configs readable),
 * with only the labelled files analysed. Scanning the files alone would hide the repository around them.
 */
export function scanCorpusFiles(files: readonly string[]): { findings: ScoredFinding[]; errors: string[] } {
  const io: CliIo = { cwd: CORPUS, out: () => undefined, err: () => undefined };
  const byRepo = new Map<string, Set<string>>();
  for (const f of files.filter((x) => existsSync(join(CORPUS, x)))) {
    const repo = f.split('/')[0];
    if (!byRepo.has(repo)) byRepo.set(repo, new Set());
    byRepo.get(repo)!.add(f);
  }
  const report = emptyReport();
  for (const [repo, wanted] of byRepo) {
    for (const { group: g, collected } of collectGroups(io, [join(CORPUS, repo)], undefined)) {
      const keep = collected.files.filter((f) => wanted.has(toPosix(relative(CORPUS, join(g.root, f.path)))));
      if (!keep.length) continue;
      const r = scanWorkspace(keep, {
        settings: g.settings,
        workspace: fsWorkspace(g.root, collected.list, g.settings.maxFileBytes, { roots: collected.roots }),
        estimates: true,
      });
      mergeReports(report, rebaseReport(r, (p) => toPosix(relative(CORPUS, join(g.root, p)))));
    }
  }
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
