// `npm run bench`: prints the speed and memory figures of issues 2 and 11 (and the others' hooks). Figures, not
// assertions: these machines are shared and noisy, so compare ratios measured in one run.
import { parser as lezerPython } from '@lezer/python';
import { analyzeText } from '../src/core/analyze';
import { resolveSettings } from '../src/core/config/load';
import { parsePythonText } from '../src/core/parse/python';
import { allRules } from '../src/core/rules';
import { initCore } from '../src/node/grammar';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { poolSize } from '../src/cli/pool';
import { mlPython, plainPython, plainYaml, repoRoot, writeTree } from './corpus';
import { benchExtension } from './extension';
import { benchJsts } from './jsts-parse';
import { benchLsp } from './lsp';
import { best } from './timing';
import { median, runNode, wholeScan } from './whole';

const cliJs = join(repoRoot, 'out', 'src', 'cli', 'main.js');

interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const figures: Figure[] = [];
function report(f: Figure): void {
  figures.push(f);
  const v = f.value >= 100 ? f.value.toFixed(0) : f.value.toFixed(2);
  console.log(`${f.name.padEnd(58)} ${v.padStart(10)} ${f.unit}${f.target ? `   (target ${f.target})` : ''}`);
}

async function main(): Promise<void> {
  await initCore();
  const settings = resolveSettings();
  const ids = allRules.map((r) => r.meta.id);

  // First the figures of issue 11's Done-when, each run its own process.
  // A. A generated 10,000-file tree through the CLI's own scan (file walk with .gitignore, read, analyse, JSON
  // report): time and peak RSS with the default pool, and with one worker.
  const root = writeTree(10_000);
  const treeRuns = [0, 1, 2].map(() => runNode(cliJs, ['scan', '.', '--format', 'json'], root));
  const treeOne = runNode(cliJs, ['scan', '.', '--format', 'json', '--jobs', '1'], root);
  const treeMs = median(treeRuns.map((r) => r.ms));
  const scanned = JSON.parse(treeRuns[0].stdout) as { findings: unknown[] };
  report({ name: `10,000-file tree, wattlint scan (${scanned.findings.length} findings, ${poolSize('auto', 10_000)} workers)`, value: treeMs / 1000, unit: 's', target: '≤ 10 s' });
  report({ name: '10,000-file tree throughput', value: 10_000 / (treeMs / 1000), unit: 'files/s' });
  report({ name: '10,000-file tree, peak RSS of the scan process', value: Math.max(...treeRuns.map((r) => r.rssMB)), unit: 'MB', target: '≤ 300 MB' });
  report({ name: '10,000-file tree, peak RSS, --jobs 1', value: treeOne.rssMB, unit: 'MB', target: '≤ 300 MB' });

  // B. Real repositories (../shared/corpus, or WATTLINT_CORPUS): the parse floor against the whole scan.
  const repos = process.env.WATTLINT_CORPUS ?? [join(repoRoot, '..', 'shared', 'corpus'), join(repoRoot, '..', '..', 'shared', 'corpus')].find((d) => existsSync(d));
  if (repos && existsSync(repos)) {
    const w = wholeScan(repos);
    console.log(`-- ${repos}: ${w.files} files, ${(w.bytes / 1e6).toFixed(1)} MB; whole processes, median of 3 interleaved runs`);
    const s = (ms: number) => ms / 1000;
    report({ name: 'parse floor (read + parse every file once, one thread)', value: s(w.floor.ms), unit: 's' });
    report({ name: 'wattlint scan --jobs 1', value: s(w.one.ms), unit: 's' });
    report({ name: `wattlint scan --jobs auto (${w.jobs} workers)`, value: s(w.pooled.ms), unit: 's' });
    report({ name: 'scan --jobs 1 / parse floor', value: w.one.ms / w.floor.ms, unit: '×' });
    report({ name: `scan --jobs auto / parse floor`, value: w.pooled.ms / w.floor.ms, unit: '×', target: '≤ 1.5× (goal 1.0×)' });
    report({ name: 'CPU time (all threads): floor, --jobs 1, --jobs auto', value: s(w.floor.cpuMs), unit: `/ ${s(w.one.cpuMs).toFixed(1)} / ${s(w.pooled.cpuMs).toFixed(1)} s` });
    report({ name: 'CPU time, scan --jobs 1 / parse floor', value: w.one.cpuMs / w.floor.cpuMs, unit: '× (the ratio the load of other work on a shared machine does not skew)' });
    console.log(`   load average at the start and end of these runs: ${w.load.map((l) => l.toFixed(2)).join(' → ')} (${availableParallelism()} CPUs)`);
    report({ name: 'files/s: floor, --jobs 1, --jobs auto', value: w.files / s(w.floor.ms), unit: `/ ${(w.files / s(w.one.ms)).toFixed(0)} / ${(w.files / s(w.pooled.ms)).toFixed(0)} files/s` });
    report({ name: 'peak RSS: floor, --jobs 1, --jobs auto', value: w.floor.rssMB, unit: `/ ${w.one.rssMB.toFixed(0)} / ${w.pooled.rssMB.toFixed(0)} MB` });
    console.log(`   runs (s): floor ${w.runs.floor.map((x) => s(x).toFixed(1)).join(', ')}; --jobs 1 ${w.runs.one.map((x) => s(x).toFixed(1)).join(', ')}; --jobs auto ${w.runs.pooled.map((x) => s(x).toFixed(1)).join(', ')}`);
    console.log(`   output of --jobs auto byte-identical to --jobs 1: ${w.identical ? 'yes' : 'NO'}`);
  } else {
    console.log('-- ../shared/corpus not found: no whole-scan figures (set WATTLINT_CORPUS to a folder of repositories)');
  }

  // 1. ML-heavy Python: parse only vs full analysis (both tree-sitter), and the other parser measured.
  const ml = mlPython(20_000);
  const lines = ml.split('\n').length;
  const parseMs = best(5, () => {
    const r = parsePythonText('bench.py', ml);
    if ('doc' in r) r.doc.tree.delete();
  });
  const lezerMs = best(5, () => void lezerPython.parse(ml));
  analyzeText('bench.py', ml, { settings, onlyRules: ids }); // warm-up: JIT and the estimate cache
  const rulesMs = best(5, () => void analyzeText('bench.py', ml, { settings, onlyRules: ids, estimates: false }));
  const fullMs = best(5, () => void analyzeText('bench.py', ml, { settings, onlyRules: ids }));
  report({ name: `Python parse only, tree-sitter (${lines} ML lines)`, value: (parseMs * 1000) / lines, unit: 'µs/line' });
  report({ name: 'Python parse only, @lezer/python (same text)', value: (lezerMs * 1000) / lines, unit: 'µs/line' });
  report({ name: 'Python analysis (parse + jobs + all rules)', value: (rulesMs * 1000) / lines, unit: 'µs/line' });
  report({ name: 'Python full analysis (… + estimates and savings)', value: (fullMs * 1000) / lines, unit: 'µs/line' });
  report({ name: 'analysis / parse only', value: rulesMs / parseMs, unit: '×', target: '≤ 1.5×' });
  report({ name: 'full analysis with estimates / parse only', value: fullMs / parseMs, unit: '×' });

  // 2. Files with no ML content are skipped by the pre-filter.
  const plain = plainPython(8 * 1024 * 1024);
  const yaml = plainYaml(8 * 1024 * 1024);
  const plainMs = best(3, () => {
    analyzeText('views.py', plain, { settings });
    analyzeText('ci.yaml', yaml, { settings });
  });
  report({ name: 'non-ML files skipped (Python + YAML)', value: (plain.length + yaml.length) / 1e6 / (plainMs / 1000), unit: 'MB/s', target: '≥ 20 MB/s' });

  // 3. JS/TS parsing (model-API code), the language server over LSP, and the editor's bundles.
  for (const f of benchJsts()) report(f);
  const lsp = await benchLsp();
  report({ name: 'server: keystroke → diagnostics, 2,000-line Python (comment)', value: lsp.pythonCommentMs, unit: 'ms', target: '≤ 16 ms' });
  report({ name: 'server: keystroke → diagnostics, 2,000-line Python (value)', value: lsp.pythonValueMs, unit: 'ms', target: '≤ 16 ms' });
  report({ name: 'server: keystroke → diagnostics, 300-cell notebook (comment)', value: lsp.notebookCommentMs, unit: 'ms', target: '≤ 30 ms' });
  report({ name: 'server: keystroke → diagnostics, 300-cell notebook (value)', value: lsp.notebookValueMs, unit: 'ms', target: '≤ 30 ms' });
  for (const [name, v] of [['Python (comment)', lsp.pythonCommentCpuMs], ['Python (value)', lsp.pythonValueCpuMs], ['notebook (comment)', lsp.notebookCommentCpuMs], ['notebook (value)', lsp.notebookValueCpuMs]] as const) {
    if (v !== undefined) report({ name: `server CPU per keystroke, ${name}`, value: v, unit: 'ms' });
  }
  report({ name: 'whole-document re-analysis, the same 2,000-line Python', value: lsp.pythonWholeMs, unit: 'ms' });
  report({ name: 'whole-document re-analysis, the same 300-cell notebook', value: lsp.notebookWholeMs, unit: 'ms' });
  report({ name: 'server: start → initialize answered', value: lsp.startMs, unit: 'ms' });
  report({ name: 'server: open → first diagnostics, 2,000-line Python', value: lsp.firstDiagnosticsMs, unit: 'ms' });
  const ext = await benchExtension();
  report({ name: 'extension bundle dist/extension.js (client, minified)', value: ext.extensionBundleBytes / 1024, unit: 'KB', target: '≤ 1,536 KB' });
  report({ name: 'CLI and server bundle dist/cli.js (minified)', value: ext.cliBundleBytes / 1024, unit: 'KB' });
  report({ name: 'JS/TS parser bundle dist/typescript.js (apart)', value: ext.typescriptBundleBytes / 1024, unit: 'KB' });
  report({ name: 'webview bundle dist/webview.js (chart.js, zod)', value: ext.webviewBundleBytes / 1024, unit: 'KB' });
  report({ name: 'heap after analysing examples/ (server path)', value: ext.heapAfterScanMB, unit: 'MB' });

  report({ name: 'peak memory (max RSS of this process)', value: process.resourceUsage().maxRSS / 1024, unit: 'MB' });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
