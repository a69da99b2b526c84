// The extension's bench hook (wired into `npm run bench` by bench/index.ts): the time from an edit to updated
// diagnostics through the extension's own path into the core (src/extension/analyse.ts: the nbformat text of a
// notebook's cells, then scanWorkspace over the one file), for a 2,000-line Python file and a 300-cell notebook,
// the size of the minified extension bundle and the heap after analysing examples/. Activation time is measured
// where there is a VS Code: the e2e suite prints it (WattlintApi.activationMs). Excludes the debounce delay (`wattlint.lintDelay`, 150 ms by
// default, the user's choice) and VS Code's own rendering.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { resolveSettings } from '../src/core/config/load';
import { analyseFile, notebookJson, type CellText } from '../src/extension/analyse';
import { memoryWorkspace } from '../src/node/workspace';
import { initCore } from '../src/node/grammar';
import { mlPython } from './corpus';

export interface ExtensionFigures {
  /** Median ms from an edit to the new findings, 2,000-line Python file. */
  pythonEditMs: number;
  /** Median ms from an edit to the new findings, 300-cell notebook (cells → nbformat text → analysis). */
  notebookEditMs: number;
  /** Findings in each (a sanity check that the rules ran). */
  pythonFindings: number;
  notebookFindings: number;
  /** Minified dist/extension.js, bytes (the TypeScript compiler for JS/TS parsing is dist/typescript.js, apart). */
  extensionBundleBytes: number;
  typescriptBundleBytes: number;
  webviewBundleBytes: number;
  /** Heap after analysing every file of examples/ through analyseFile and keeping the results, as the store does. */
  heapAfterScanMB: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Simulates `runs` edits (a changed comment line) and times each re-analysis. */
function timeEdits(runs: number, analyse: (i: number) => number): { ms: number; findings: number } {
  let findings = 0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    findings = analyse(i);
    times.push(performance.now() - t0);
  }
  return { ms: median(times), findings };
}

/** `count` cells (every fifth one Markdown) of ML Python, split only where a top-level statement starts. */
export function notebookCells(count: number): CellText[] {
  const codeCells = count - Math.floor(count / 5);
  const lines = mlPython(codeCells * 10).split('\n');
  const chunks: string[][] = [[]];
  for (const line of lines) {
    const cur = chunks[chunks.length - 1];
    const topLevel = line.length > 0 && !/^\s/.test(line) && !line.startsWith(')') && !line.startsWith(']') && !line.startsWith('}');
    if (topLevel && cur.length >= 6 && chunks.length < codeCells) chunks.push([line]);
    else cur.push(line);
  }
  const cells: CellText[] = [];
  for (let i = 0, c = 0; i < count; i++) {
    if (i % 5 === 4) cells.push({ kind: 'markdown', source: `## Step ${i}\nWhat the next cells do.` });
    else cells.push({ kind: 'code', source: (chunks[c++] ?? ['pass']).join('\n') });
  }
  return cells;
}

export function bundleSizes(root = process.cwd()): Pick<ExtensionFigures, 'extensionBundleBytes' | 'typescriptBundleBytes' | 'webviewBundleBytes'> {
  const out = mkdtempSync(join(tmpdir(), 'wattlint-bundle-'));
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--minify'], { cwd: root, env: { ...process.env, WATTLINT_DIST: out }, stdio: 'ignore' });
    const size = (f: string) => statSync(join(out, f)).size;
    return { extensionBundleBytes: size('extension.js'), typescriptBundleBytes: size('typescript.js'), webviewBundleBytes: size('webview.js') };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function walkFiles(dir: string, base = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) walkFiles(abs, base, out);
    else out.push(relative(base, abs).split(sep).join('/'));
  }
  return out;
}

export function heapAfterScanMB(root = process.cwd()): number {
  const dir = join(root, 'examples');
  const settings = resolveSettings({ hardware: 'A100 80GB SXM' });
  const files = walkFiles(dir);
  const texts = Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  const workspace = memoryWorkspace(texts);
  global.gc?.();
  const kept = files.map((f) => analyseFile(f, texts[f], settings, workspace));
  global.gc?.();
  const mb = process.memoryUsage().heapUsed / 1024 / 1024;
  return kept.length ? mb : 0;
}

export async function benchExtension(runs = 15): Promise<ExtensionFigures> {
  await initCore();
  const settings = resolveSettings({ hardware: 'A100 80GB SXM' });
  const python = mlPython(2000);
  const pyLines = python.split('\n');
  const workspace = memoryWorkspace({});
  const py = timeEdits(runs, (i) => {
    const edited = [...pyLines.slice(0, 1000), `# edit ${i}`, ...pyLines.slice(1001)].join('\n');
    return analyseFile('train_big.py', edited, settings, workspace).analysis?.findings.length ?? 0;
  });
  const cells = notebookCells(300);
  const nb = timeEdits(runs, (i) => {
    const edited = cells.map((c, k) => (k === 150 && c.kind === 'code' ? { ...c, source: `${c.source}\n# edit ${i}` } : c));
    return analyseFile('big.ipynb', notebookJson(edited), settings, workspace).analysis?.findings.length ?? 0;
  });
  return {
    pythonEditMs: py.ms,
    notebookEditMs: nb.ms,
    pythonFindings: py.findings,
    notebookFindings: nb.findings,
    ...bundleSizes(),
    heapAfterScanMB: heapAfterScanMB(),
  };
}

if (require.main === module) {
  void benchExtension().then((f) => {
    console.log(`edit → diagnostics, 2,000-line Python file   ${f.pythonEditMs.toFixed(1)} ms (median; ${f.pythonFindings} findings; target ≤ 50 ms)`);
    console.log(`edit → diagnostics, 300-cell notebook        ${f.notebookEditMs.toFixed(1)} ms (median; ${f.notebookFindings} findings; target ≤ 50 ms)`);
    console.log(`dist/extension.js minified                   ${(f.extensionBundleBytes / 1024).toFixed(0)} KB (target ≤ 1,536 KB)`);
    console.log(`dist/typescript.js (JS/TS parser, apart)     ${(f.typescriptBundleBytes / 1024).toFixed(0)} KB`);
    console.log(`dist/webview.js minified (chart.js, zod)     ${(f.webviewBundleBytes / 1024).toFixed(0)} KB`);
    console.log(`heap after analysing examples/               ${f.heapAfterScanMB.toFixed(0)} MB (run with --expose-gc for a settled figure)`);
  });
}
