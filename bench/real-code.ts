// `node out/bench/real-code.js [DIR] [--save FILE]`: scans DIR (default ../shared/corpus) as `wattlint scan DIR
// --format json` would and prints the engine's real-code figures (bench/accuracy/real-code.ts). Nice it: a scan of
// the corpus takes about a minute of one core.
import { writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { toJsonReport } from '../src/core/report/json';
import { scanPaths } from '../src/cli/scan';
import { initCore } from '../src/node/grammar';
import { realCodeFigures } from './accuracy/real-code';

/** ../shared/corpus of the checkout (or of a worktree's main checkout); WATTLINT_CORPUS overrides it. */
export function corpusDir(): string | undefined {
  if (process.env.WATTLINT_CORPUS) return resolve(process.env.WATTLINT_CORPUS);
  let dir = resolve(__dirname, '..', '..');
  for (let i = 0; i < 4; i++) {
    const c = join(dirname(dir), 'shared', 'corpus');
    if (existsSync(c)) return c;
    dir = dirname(dir);
  }
  return undefined;
}

export async function scanDir(dir: string) {
  await initCore();
  const io = { cwd: dir, out: () => undefined, err: () => undefined };
  const { report } = scanPaths(io, { paths: ['.'], format: 'json', estimates: true });
  return toJsonReport(report);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const saveAt = args.indexOf('--save');
  const save = saveAt >= 0 ? args[saveAt + 1] : undefined;
  const given = args.find((a, i) => !a.startsWith('--') && (saveAt < 0 || i !== saveAt + 1));
  const dir = given ? resolve(given) : corpusDir();
  if (!dir) throw new Error('no ../shared/corpus here; give a folder to scan');
  const t0 = Date.now();
  const json = await scanDir(dir);
  if (save) writeFileSync(save, JSON.stringify(json));
  const f = realCodeFigures(json);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(`scanned ${dir} in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${f.files} files, ${f.findings} findings (${f.warnings} warning/error), ${f.jobs} jobs`);
  console.log(`jobs with an estimate ${f.jobsWithEstimate}, with a rate only ${f.jobsWithRate}: coverage ${pct(f.coverage)}`);
  console.log(`findings with a saving ${f.withSaving} of ${f.findings}; warnings with a saving ${f.warningsWithSaving} of ${f.warnings}; warnings without a positive saving: ${f.warningsWithoutSaving.length}`);
  console.log(`ranges checked ${f.rangesChecked}, out of order ${f.outOfOrder.length}`);
  for (const o of f.outOfOrder.slice(0, 10)) console.log(`  out of order: ${o.where} ${JSON.stringify(o.range)}`);
  console.log(`fp32 → half training savings: ${f.fp32.count}, median mid ${pct(f.fp32.medianMid)}, lowest low ${pct(f.fp32.lowest)}, highest high ${pct(f.fp32.highest)}`);
  for (const [rule, r] of Object.entries(f.byRule).sort()) console.log(`  ${rule}: ${r.findings} findings, ${r.warnings} warnings, ${r.info} info, ${r.withSaving} with a saving`);
  console.log(`missing facts: ${Object.entries(f.missing).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

if (require.main === module && process.argv[1]?.endsWith('real-code.js')) void main();
