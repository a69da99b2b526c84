// Shared by the incremental-analysis property tests (incremental-trivia, incremental-value): the settings, the
// comparison of an analysis as plain JSON, and one notebook keystroke through the server's Analyser next to a fresh
// analysis of the same text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, type FileAnalysis } from '../../src/core/analyze';
import { resolveSettings } from '../../src/core/config/load';
import { notebookJson, type Analyser, type CellText, type Source } from '../../src/server/analyse';
import { editorSettings, type FileSettings } from '../../src/server/settings';
import { afresh } from '../../src/core/incremental/kept';

export const root = join(__dirname, '..', '..', '..');
export const settings = resolveSettings({ hardware: 'A100 80GB SXM' });
export const read = (p: string) => readFileSync(join(root, p), 'utf8');

/** Files of the project whose edits the property tests replay: the bundled examples and labelled sets. */
export const SOURCES = [
  'examples/train.py',
  'examples/evaluate.py',
  'examples/classify_tickets.py',
  'test/labelled/core/eval_loop.py',
  'test/labelled/core/generate_each.py',
  'test/labelled/core/train_raw_loop.py',
  'test/labelled/core/image_loader.py',
  'test/labelled/core/hf_trainer_finetune.py',
  'test/labelled/core/embed_gpu.py',
];

/** Everything an analysis says, without closures (a fact's edit builder), keys sorted. */
export function said(a: FileAnalysis | undefined): string {
  return JSON.stringify(a, (_k, v: unknown) => (typeof v === 'function' ? undefined : v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y))) : v));
}

export function fsFor(path: string): FileSettings {
  const e = editorSettings({});
  return { root: '', path, settings, options: e.options, repoKeys: [], problems: [] };
}

export type Rand = () => number;
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Notebook cells cut from module sources at top-level statements, `per` statements a cell, markdown between. */
export function cellsOf(sources: readonly string[], per: number, markdown: string): CellText[] {
  const cells: CellText[] = [];
  for (const s of sources) {
    const chunks = s.split(/\n(?=\S)/);
    for (let i = 0; i < chunks.length; i += per) cells.push({ kind: 'code', source: chunks.slice(i, i + per).join('\n') });
    cells.push({ kind: 'markdown', source: markdown });
  }
  return cells;
}

/**
 * One keystroke in a notebook: `edit` rewrites a random code cell in place, then the server's analyser (keeping its
 * trees and caches from the steps before) and a fresh analysis read the same notebook.
 */
export function notebookKeystroke(r: Rand, cells: CellText[], analyser: Analyser, step: number, edit: (r: Rand, source: string) => string) {
  const codeIdx = cells.map((c, i) => (c.kind === 'code' ? i : -1)).filter((i) => i >= 0);
  const ci = pick(r, codeIdx);
  cells[ci] = { ...cells[ci], source: edit(r, cells[ci].source) };
  const text = notebookJson(cells);
  const src: Source = { uri: 'file:///w/nb.ipynb', text, version: step + 1, cells: cells.map((c, i) => ({ uri: `cell:${i}`, kind: c.kind })), sources: cells.map((c) => c.source) };
  const a = analyser.analyse(src, fsFor('nb.ipynb'));
  return { ci, a, fresh: afresh(() => analyzeText('nb.ipynb', text, { settings })) };
}
