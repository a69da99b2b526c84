// Scans the labelled corpus files with today's analyser (in process, as `wattlint scan FILE...` run from the
// corpus folder) and scores the result against the labels. Shared by the mocha test and `report.ts`.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { toPosix } from '../../src/cli/files';
import { groupScanner } from '../../src/cli/group-scan';
import { walkGroups } from '../../src/cli/plan';
import { emptyReport, mergeReports, rebaseReport } from '../../src/core/report/model';
import { assembleReport, type FileScan } from '../../src/core/workspace-scan';
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

/**
 * Further corpora of public repositories outside ../shared/corpus (laid out the same way, each with its own
 * MANIFEST.json; test/corpus/<name>/README.md says which): a copy is found through `$WATTLINT_<NAME>`, when set. Each
 * was judged first as a held-out measurement (`heldOut`: the samples nobody had tuned the rules on when they were
 * judged) and is tuning data after that.
 */
export interface OtherCorpus {
  name: 'corpus2' | 'corpus3' | 'corpus4' | 'corpus5' | 'corpus6' | 'corpus7' | 'corpus8' | 'corpus9' | 'corpus10' | 'corpus11' | 'corpus12' | 'corpus13' | 'corpus14' | 'corpus15';
  env: string;
  dir: string | undefined;
  labels: string;
  heldOut: string[];
  what: string;
}
function other(name: OtherCorpus['name'], heldOut: string[], what: string): OtherCorpus {
  const env = `WATTLINT_${name.toUpperCase()}`;
  return { name, env, dir: process.env[env] ? resolve(process.env[env]) : undefined, labels: join(REPO, 'test', 'corpus', name), heldOut, what };
}
export const OTHER_CORPORA: readonly OtherCorpus[] = [
  other('corpus2', ['s10'], 'a second corpus (2,613 files from 21 other public ML repositories, test/corpus/corpus2)'),
  other('corpus3', ['s11'], 'a third corpus (1,190 files from 17 other public ML repositories, test/corpus/corpus3)'),
  other('corpus4', ['s13'], 'a fourth corpus (1,178 files from 18 other public ML repositories, test/corpus/corpus4)'),
  other('corpus5', ['s14'], 'a fifth corpus (1,216 files from 19 other public ML repositories, test/corpus/corpus5)'),
  other('corpus6', ['s15'], 'a sixth corpus (1,006 files from 20 other public ML repositories, test/corpus/corpus6)'),
  other('corpus7', ['s16'], 'a seventh corpus (1,990 files from 20 other public ML repositories, test/corpus/corpus7)'),
  other('corpus8', ['s17', 's18'], 'an eighth corpus (1,403 files from 20 other public ML repositories, test/corpus/corpus8)'),
  other('corpus9', ['s19'], 'a ninth corpus (385 files from 14 other public ML repositories, test/corpus/corpus9)'),
  other('corpus10', ['s20'], 'a tenth corpus (568 files from 15 other public ML repositories, test/corpus/corpus10)'),
  other('corpus11', ['s21'], 'an eleventh corpus (442 files from 13 other public ML repositories, test/corpus/corpus11)'),
  other('corpus12', ['s22'], 'a twelfth corpus (320 files from 11 other public ML repositories, test/corpus/corpus12)'),
  other('corpus13', ['s23'], 'a thirteenth corpus (434 files from 13 other public ML repositories, test/corpus/corpus13)'),
  other('corpus14', ['s24'], 'a fourteenth corpus (296 files from 12 other public ML repositories, test/corpus/corpus14)'),
  other('corpus15', ['s25'], 'a fifteenth corpus (471 files from 11 other public ML repositories, test/corpus/corpus15)'),
];
export const HELD_OUT_CORPUS = OTHER_CORPORA[0].dir;
export const HELD_OUT_LABELS = OTHER_CORPORA[0].labels;

/** Whether the shared corpus (no argument) or the given folder holds a corpus; `undefined` (an unset variable): no. */
export function corpusPresent(...corpus: [] | [string | undefined]): boolean {
  const dir = corpus.length ? corpus[0] : CORPUS;
  return dir !== undefined && existsSync(join(dir, 'MANIFEST.json'));
}

/**
 * Today's findings on the given corpus paths, as a user scanning each repository sees them: `wattlint scan REPO`
 * run from the corpus folder (the repository's dependency files, launch scripts and sibling configs readable),
 * with only the labelled files analysed. Scanning the files alone would hide the repository around them.
 */
export function scanCorpusFiles(files: readonly string[], corpus = CORPUS): { findings: ScoredFinding[]; errors: string[] } {
  const CORPUS = corpus;
  const io: CliIo = { cwd: CORPUS, out: () => undefined, err: () => undefined };
  const byRepo = new Map<string, Set<string>>();
  for (const f of files.filter((x) => existsSync(join(CORPUS, x)))) {
    const repo = f.split('/')[0];
    if (!byRepo.has(repo)) byRepo.set(repo, new Set());
    byRepo.get(repo)!.add(f);
  }
  const report = emptyReport();
  for (const [repo, wanted] of byRepo) {
    // the CLI's own per-file scan (plan.ts walk, group-scan.ts): only the labelled files are read and analysed
    for (const { group: g, walked } of walkGroups(io, [join(CORPUS, repo)], undefined)) {
      const scan = groupScanner({ root: g.root, roots: walked.roots, settings: g.settings, list: walked.files, estimates: true, keyBase: g.root });
      const scans: FileScan[] = [];
      for (const rel of walked.files) {
        if (!wanted.has(toPosix(relative(CORPUS, join(g.root, rel))))) continue;
        const r = scan(rel);
        if ('scan' in r) scans.push(r.scan);
      }
      mergeReports(report, rebaseReport(assembleReport(scans), (p) => toPosix(relative(CORPUS, join(g.root, p)))));
    }
  }
  // Read back through the JSON contract, so lines are what `scan --format json` says (notebooks: cell lines).
  const json = JSON.parse(formatJson(report)) as { findings: ScoredFinding[]; errors: { file: string; message: string }[] };
  return {
    findings: json.findings.map((f) => ({ file: f.file, rule: f.rule, line: f.line, ...(f.cell === undefined ? {} : { cell: f.cell }), severity: f.severity })),
    errors: json.errors.map((e) => `${e.file}: ${e.message}`),
  };
}

export interface CorpusScore {
  labels: Label[];
  problems: string[];
  stale: Label[];
  score: Score;
}

export function scoreCorpus(samples?: readonly string[], where: { corpus: string; labels: string } = { corpus: CORPUS, labels: LABELS }): CorpusScore {
  const { labels, problems } = loadLabels(where.labels);
  const stale = staleLabels(where.corpus, labels);
  const { findings } = scanCorpusFiles(labelledFiles(labels), where.corpus);
  return { labels, problems, stale, score: score(labels, findings, samples) };
}
