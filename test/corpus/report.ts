// `node out/test/corpus/report.js [--samples s8,s9] [--scan SCAN.json] [--corpus corpus2|corpus3|corpus4|corpus5|corpus6|corpus7|corpus8|corpus9|corpus10|corpus11|corpus12|corpus13|corpus14|corpus15] [--write-precision]`:
// prints the real-code accuracy tables of docs/accuracy-rules.md. With --scan, scores a saved `scan --format json` of
// the corpus (e.g. the baseline) instead of scanning the labelled files now. With --corpus NAME, scores
// test/corpus/NAME/ against the copy of that corpus in $WATTLINT_NAME instead (`--held-out` is `--corpus corpus2`);
// --write-precision then rewrites that corpus's block of src/core/data/rule-precision.json.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../src/core/rules';
import { initCore } from '../../src/node/grammar';
import { corpusPresent, CORPUS, LABELS, OTHER_CORPORA, scoreCorpus, type OtherCorpus } from './run';
import { loadLabels, score, scoreTables, type ScoredFinding } from './score';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Rewrites src/core/data/rule-precision.json (the measured default severities) from today's judged figures. */
function writePrecision(judged: Map<string, { tp: number; fp: number }>, samples: string[], other: OtherCorpus | undefined): void {
  const repo = join(__dirname, '..', '..', '..');
  const file = join(repo, 'src', 'core', 'data', 'rule-precision.json');
  const old = JSON.parse(readFileSync(file, 'utf8')) as { threshold: number; minJudgedToWarn?: number; corpora?: Record<string, unknown> };
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
  const rows = allRules.map((r) => {
    const t = judged.get(r.meta.id) ?? { tp: 0, fp: 0 };
    return { rule: r.meta.id, judged: t.tp + t.fp, tp: t.tp };
  });
  if (other) {
    const date = new Date().toISOString().slice(0, 10);
    const block = { corpus: other.what, labels: `test/corpus/${other.name}`, samples, commit, date, rules: rows };
    const corpora = Object.fromEntries(Object.entries({ ...old.corpora, [other.name]: block }).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(file, JSON.stringify({ ...old, corpora }, null, 2) + '\n');
    console.log(`wrote the ${other.name} block of ${file}`);
    return;
  }
  const table = {
    version: 1,
    threshold: old.threshold,
    minJudgedToWarn: old.minJudgedToWarn,
    source: {
      corpus: '../shared/corpus (6,223 files from 23 public ML repositories)',
      labels: 'test/corpus/labels',
      samples,
      commit,
      date: new Date().toISOString().slice(0, 10),
    },
    rules: rows,
    ...(old.corpora ? { corpora: old.corpora } : {}),
  };
  writeFileSync(file, JSON.stringify(table, null, 2) + '\n');
  console.log(`wrote ${file}`);
}

const otherName = process.argv.includes('--held-out') ? 'corpus2' : arg('corpus');
const other = otherName === undefined ? undefined : OTHER_CORPORA.find((c) => c.name === otherName);
if (otherName !== undefined && !other) {
  console.error(`no corpus named ${otherName}: ${OTHER_CORPORA.map((c) => c.name).join(', ')}`);
  process.exit(2);
}
const where = other ? { corpus: other.dir, labels: other.labels } : { corpus: CORPUS, labels: LABELS };
if (!corpusPresent(where.corpus)) {
  console.error(other ? `${other.name} is absent: set ${other.env} to its folder` : 'the corpus (../shared/corpus) is absent');
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
    if (process.argv.includes('--write-precision')) writePrecision(r.score.judged, samples ?? [...new Set(r.labels.map((l) => l.sample))].sort(), other);
  });
}
