// The editor's bench hooks (wired into `npm run bench` by bench/index.ts): the sizes of the minified bundles (the
// VS Code extension is now a thin language client; the analysis runs in `wattlint server`, bundled in dist/cli.js)
// and the heap after the server's analysis path has analysed examples/ and kept the results, as the server does.
// The keystroke → diagnostics figures are measured over LSP in bench/lsp.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { resolveSettings } from '../src/core/config/load';
import { analyseFile, type CellText } from '../src/server/analyse';
import { memoryWorkspace } from '../src/node/workspace';
import { initCore } from '../src/node/grammar';
import { mlPython } from './corpus';

export interface ExtensionFigures {
  /** Minified dist/extension.js (the language client), bytes. */
  extensionBundleBytes: number;
  /** Minified dist/cli.js (CLI and language server), bytes (the TypeScript compiler for JS/TS parsing is dist/typescript.js, apart). */
  cliBundleBytes: number;
  typescriptBundleBytes: number;
  webviewBundleBytes: number;
  /** Heap after analysing every file of examples/ through the server's analyseFile and keeping the results. */
  heapAfterScanMB: number;
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

export function bundleSizes(root = process.cwd()): Pick<ExtensionFigures, 'extensionBundleBytes' | 'cliBundleBytes' | 'typescriptBundleBytes' | 'webviewBundleBytes'> {
  const out = mkdtempSync(join(tmpdir(), 'wattlint-bundle-'));
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--minify'], { cwd: root, env: { ...process.env, WATTLINT_DIST: out }, stdio: 'ignore' });
    const size = (f: string) => statSync(join(out, f)).size;
    return { extensionBundleBytes: size('extension.js'), cliBundleBytes: size('cli.js'), typescriptBundleBytes: size('typescript.js'), webviewBundleBytes: size('webview.js') };
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

export async function benchExtension(): Promise<ExtensionFigures> {
  await initCore();
  return { ...bundleSizes(), heapAfterScanMB: heapAfterScanMB() };
}

if (require.main === module) {
  void benchExtension().then((f) => {
    console.log(`dist/extension.js minified (language client)   ${(f.extensionBundleBytes / 1024).toFixed(0)} KB`);
    console.log(`dist/cli.js minified (CLI and server)          ${(f.cliBundleBytes / 1024).toFixed(0)} KB`);
    console.log(`dist/typescript.js (JS/TS parser, apart)       ${(f.typescriptBundleBytes / 1024).toFixed(0)} KB`);
    console.log(`dist/webview.js minified (chart.js, zod)       ${(f.webviewBundleBytes / 1024).toFixed(0)} KB`);
    console.log(`heap after analysing examples/                 ${f.heapAfterScanMB.toFixed(0)} MB (run with --expose-gc for a settled figure)`);
  });
}
