// `node out/test/corpus/report.js [--samples s8,s9] [--scan SCAN.json] [--held-out]`: prints the real-code accuracy
// tables of docs/accuracy-rules.md. With --scan, scores a saved `scan --format json` of the corpus (e.g. the
// baseline) instead of scanning the labelled files now. With --held-out, scores test/corpus/corpus2/ against the
// held-out corpus in $WATTLINT_CORPUS2 instead (never used to tune the rules; --write-precision is refused there).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../src/core/rules';
import { initCore } from '../../src/node/grammar';
import { corpusPresent, CORPUS, HELD_OUT_CORPUS, HELD_OUT_LABELS, LABELS, scoreCorpus } from './run';
import { loadLabels, score, scoreTables, type ScoredFinding } from './score';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Rewrites src/core/data/rule-precision.json (the measured default severities) from today's judged figures. */
function writePrecision(judged: Map<string, { tp: number; fp: number }>, samples: string[], heldOut: boolean): void {
  const repo = join(__dirname, '..', '..', '..');
  const file = join(repo, 'src', 'core', 'data', 'rule-precision.json');
  const old = JSON.parse(readFileSync(file, 'utf8')) as { threshold: number; heldOut?: unknown };
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
  const rows = allRules.map((r) => {
    const t = judged.get(r.meta.id) ?? { tp: 0, fp: 0 };
    return { rule: r.meta.id, judged: t.tp + t.fp, tp: t.tp };
  });
  if (heldOut) {
    const date = new Date().toISOString().slice(0, 10);
    const block = { corpus: 'a second corpus (2,613 files from 21 other public ML repositories, test/corpus/corpus2)', labels: 'test/corpus/corpus2', samples, commit, date, rules: rows };
    writeFileSync(file, JSON.stringify({ ...old, heldOut: block }, null, 2) + '\n');
    console.log(`wrote the heldOut block of ${file}`);
    return;
  }
  const table = {
    version: 1,
    threshold: old.threshold,
    source: {
      corpus: '../shared/corpus (6,223 files from 23 public ML repositories)',
      labels: 'test/corpus/labels',
      samples,
      commit,
      date: new Date().toISOString().slice(0, 10),
    },
    rules: rows,
    ...(old.heldOut ? { heldOut: old.heldOut } : {}),
  };
  writeFileSync(file, JSON.stringify(table, null, 2) + '\n');
  console.log(`wrote ${file}`);
}

const heldOut = process.argv.includes('--held-out');
const where = heldOut ? { corpus: HELD_OUT_CORPUS, labels: HELD_OUT_LABELS } : { corpus: CORPUS, labels: LABELS };
if (!corpusPresent(where.corpus)) {
  console.error(heldOut ? 'the held-out corpus is absent: set WATTLINT_CORPUS2 to its folder' : 'the corpus (../shared/corpus) is absent');
  process.exit(2);
}
const samples = arg('samples')?.split(',');
const scanFile = arg('scan');
if (scanFile) {
  const scan = JSON.parse(readFileSync(scanFile, 'utf8')) as { findings: ScoredFinding[] };
  const { labels } = loadLabels(where.labels);
  console.log(scoreTables(score(labels, scan.findings, samples)));
} else {
  void initCore().then(() => {
    const r = scoreCorpus(samples, { corpus: where.corpus!, labels: where.labels });
    if (r.problems.length) console.error(r.problems.join('\n'));
    if (r.stale.length) console.error(`${r.stale.length} stale labels`);
    console.log(scoreTables(r.score));
    for (const m of r.score.missed) console.log(`missed ${m.rule} ${m.file}:${m.line ?? '-'} — ${m.why}`);
    if (process.argv.includes('--write-precision')) writePrecision(r.score.judged, samples ?? [...new Set(r.labels.map((l) => l.sample))].sort(), heldOut);
  });
}
