// `node out/test/corpus/report.js [--samples s8,s9] [--scan SCAN.json]`: prints the real-code accuracy tables of
// docs/accuracy-rules.md. With --scan, scores a saved `scan --format json` of the corpus (e.g. the baseline) instead
// of scanning the labelled files now.
import { readFileSync } from 'node:fs';
import { initCore } from '../../src/node/grammar';
import { corpusPresent, LABELS, scoreCorpus } from './run';
import { loadLabels, score, scoreTables, type ScoredFinding } from './score';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (!corpusPresent()) {
  console.error('the corpus (../shared/corpus) is absent');
  process.exit(2);
}
const samples = arg('samples')?.split(',');
const scanFile = arg('scan');
if (scanFile) {
  const scan = JSON.parse(readFileSync(scanFile, 'utf8')) as { findings: ScoredFinding[] };
  const { labels } = loadLabels(LABELS);
  console.log(scoreTables(score(labels, scan.findings, samples)));
} else {
  void initCore().then(() => {
    const r = scoreCorpus(samples);
    if (r.problems.length) console.error(r.problems.join('\n'));
    if (r.stale.length) console.error(`${r.stale.length} stale labels`);
    console.log(scoreTables(r.score));
    for (const m of r.score.missed) console.log(`missed ${m.rule} ${m.file}:${m.line ?? '-'} — ${m.why}`);
  });
}
