// The language server's keystroke figures, measured over LSP (wired into `npm run bench` by bench/index.ts): a
// real `wattlint server --stdio` process and a client speaking JSON-RPC to it (test/unit/lsp-client.ts). One
// keystroke is a `didChange` of one character followed by the `textDocument/diagnostic` pull VS Code's client sends;
// the figure is the time from sending the change to receiving the diagnostics (median), for a 2,000-line Python file
// and a cell of a 300-cell notebook. Two kinds of keystroke: typing a comment (nothing the rules read changes) and
// editing a value the rules read (a batch size). The same edits analysed from scratch in this process give the
// whole-document figure to compare with.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { analyzeText } from '../src/core/analyze';
import { resolveSettings } from '../src/core/config/load';
import { notebookJson, type CellText } from '../src/server/analyse';
import { initCore } from '../src/node/grammar';
import { LspClient, uriOf } from '../test/unit/lsp-client';
import { mlPython } from './corpus';
import { notebookCells } from './extension';

export interface LspFigures {
  /** Median ms, keystroke → diagnostics over LSP, 2,000-line Python file: typing a comment / editing a value. */
  pythonCommentMs: number;
  pythonValueMs: number;
  /** The same for a cell in the middle of a 300-cell notebook. */
  notebookCommentMs: number;
  notebookValueMs: number;
  /** Whole-document analysis of the same text in-process (what a keystroke cost before the server kept trees). */
  pythonWholeMs: number;
  notebookWholeMs: number;
  pythonDiagnostics: number;
  notebookDiagnostics: number;
  /** CPU time the server process used per keystroke (Linux /proc; the shared machine's load inflates wall time). */
  pythonCommentCpuMs?: number;
  pythonValueCpuMs?: number;
  notebookCommentCpuMs?: number;
  notebookValueCpuMs?: number;
  /** Server start (spawn → initialize answered) and the first diagnostics of the Python file. */
  startMs: number;
  firstDiagnosticsMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

type Pos = { line: number; character: number };

/** User + system CPU ms of a process so far (Linux), or undefined elsewhere. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/** Times `runs` keystrokes: `edit(i)` sends the change, `pull()` the diagnostics request. */
async function keystrokes(runs: number, edit: (i: number) => void, pull: () => Promise<Diagnostic[]>, pid?: number): Promise<{ ms: number; cpuMs?: number; count: number }> {
  const times: number[] = [];
  let count = 0;
  let cpu0: number | undefined;
  for (let i = 0; i < runs + 3; i++) {
    if (i === 3) cpu0 = cpuMs(pid);
    const t0 = performance.now();
    edit(i);
    count = (await pull()).length;
    if (i >= 3) times.push(performance.now() - t0); // the first few warm the JIT
  }
  const cpu1 = cpuMs(pid);
  return { ms: median(times), cpuMs: cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) / runs : undefined, count };
}

/** Where to type: the end of the first line at or after `from` that matches. */
function lineWhere(lines: string[], from: number, test: (l: string) => boolean): number {
  for (let i = from; i < lines.length; i++) if (test(lines[i])) return i;
  throw new Error('no such line');
}

/** Edits that keep the text valid: type "# note" one character at a time on a new line, then delete it again. */
function commentKeys(line: number, indent: string): ((i: number) => { range: { start: Pos; end: Pos }; text: string })[] {
  const word = '# note';
  const out: ((i: number) => { range: { start: Pos; end: Pos }; text: string })[] = [];
  out.push(() => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${indent}\n` }));
  for (let k = 0; k < word.length; k++) {
    const at = indent.length + k;
    out.push(() => ({ range: { start: { line, character: at }, end: { line, character: at } }, text: word[k] }));
  }
  for (let k = word.length - 1; k >= 0; k--) {
    const at = indent.length + k;
    out.push(() => ({ range: { start: { line, character: at }, end: { line, character: at + 1 } }, text: '' }));
  }
  return out;
}

export async function benchLsp(runs = 21): Promise<LspFigures> {
  await initCore();
  const dir = mkdtempSync(join(tmpdir(), 'wattlint-lsp-bench-'));
  writeFileSync(join(dir, 'wattlint.toml'), 'hardware = "A100 80GB SXM"\n');
  const settings = resolveSettings({ hardware: 'A100 80GB SXM' });
  const t0 = performance.now();
  const client = await LspClient.start({ folder: dir });
  const startMs = performance.now() - t0;
  try {
    // --- Python
    const python = mlPython(2000);
    const lines = python.split('\n');
    const pyUri = uriOf(join(dir, 'train_big.py'));
    const t1 = performance.now();
    client.open(pyUri, 'python', python);
    const first = await client.pull(pyUri);
    const firstDiagnosticsMs = performance.now() - t1;
    const mid = lineWhere(lines, 1000, (l) => l === '');
    const keys = commentKeys(mid, '');
    const pyComment = await keystrokes(runs, (i) => {
      const k = keys[i % keys.length](i);
      client.change(pyUri, k.range, k.text);
    }, () => client.pull(pyUri), client.proc.pid);
    // Bring the text back to the original (the comment keys leave an empty line when stopped mid-way).
    client.replace(pyUri, python);
    await client.pull(pyUri);
    const valueLine = lineWhere(lines, 1000, (l) => /batch_size\s*=\s*\d/.test(l));
    const col = lines[valueLine].search(/\d/);
    const pyValue = await keystrokes(runs, (i) => {
      // 8 → 16 → 8 …: a fact the rules read changes every other keystroke.
      const cur = i % 2 === 0 ? lines[valueLine][col] : '16';
      client.change(pyUri, { start: { line: valueLine, character: col }, end: { line: valueLine, character: col + cur.length } }, i % 2 === 0 ? '16' : lines[valueLine][col]);
    }, () => client.pull(pyUri), client.proc.pid);
    const wholePy: number[] = [];
    for (let i = 0; i < 8; i++) {
      const s = performance.now();
      analyzeText('train_big.py', `${python}\n# ${i}`, { settings });
      wholePy.push(performance.now() - s);
    }

    // --- Notebook: 300 cells, typing in the middle one.
    const cells = notebookCells(300);
    const nbUri = uriOf(join(dir, 'big.ipynb'));
    const cellUri = (i: number) => `${nbUri.replace('file:', 'vscode-notebook-cell:')}#c${i}`;
    client.notify('notebookDocument/didOpen', {
      notebookDocument: { uri: nbUri, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((c, i) => ({ kind: c.kind === 'code' ? 2 : 1, document: cellUri(i) })) },
      cellTextDocuments: cells.map((c, i) => ({ uri: cellUri(i), languageId: c.kind === 'code' ? 'python' : 'markdown', version: 1, text: c.source })),
    });
    const target = cells.findIndex((c, i) => i >= 150 && c.kind === 'code');
    await client.pull(cellUri(target));
    let nbVersion = 1;
    const cellVersions = new Map<number, number>();
    const changeCell = (i: number, range: { start: Pos; end: Pos }, text: string) => {
      const v = (cellVersions.get(i) ?? 1) + 1;
      cellVersions.set(i, v);
      client.notify('notebookDocument/didChange', {
        notebookDocument: { uri: nbUri, version: ++nbVersion },
        change: { cells: { textContent: [{ document: { uri: cellUri(i), version: v }, changes: [{ range, text }] }] } },
      });
    };
    const cellLines = cells[target].source.split('\n');
    const nbKeys = commentKeys(cellLines.length, '');
    const nbComment = await keystrokes(runs, (i) => {
      const k = nbKeys[i % nbKeys.length](i);
      changeCell(target, k.range, k.text);
    }, () => client.pull(cellUri(target)), client.proc.pid);
    // A value in some code cell at or after the middle.
    let vCell = -1;
    let vLine = -1;
    for (let i = 150; i < cells.length && vCell < 0; i++) {
      if (cells[i].kind !== 'code' || i === target) continue;
      const ls = cells[i].source.split('\n');
      const j = ls.findIndex((l: string) => /batch_size\s*=\s*\d/.test(l));
      if (j >= 0) [vCell, vLine] = [i, j];
    }
    const vText = cells[vCell].source.split('\n')[vLine];
    const vCol = vText.search(/\d/);
    const nbValue = await keystrokes(runs, (i) => {
      const cur = i % 2 === 0 ? vText[vCol] : '16';
      changeCell(vCell, { start: { line: vLine, character: vCol }, end: { line: vLine, character: vCol + cur.length } }, i % 2 === 0 ? '16' : vText[vCol]);
    }, () => client.pull(cellUri(vCell)), client.proc.pid);
    const wholeNb: number[] = [];
    for (let i = 0; i < 8; i++) {
      const edited: CellText[] = cells.map((c, k) => (k === target ? { ...c, source: `${c.source}\n# ${i}` } : c));
      const s = performance.now();
      analyzeText('big.ipynb', notebookJson(edited), { settings });
      wholeNb.push(performance.now() - s);
    }
    const nbDiagnostics = (await Promise.all(cells.map((c, i) => (c.kind === 'code' ? client.pull(cellUri(i)) : Promise.resolve([]))))).reduce((n, d) => n + d.length, 0);
    return {
      pythonCommentMs: pyComment.ms,
      pythonValueMs: pyValue.ms,
      notebookCommentMs: nbComment.ms,
      notebookValueMs: nbValue.ms,
      pythonWholeMs: median(wholePy),
      notebookWholeMs: median(wholeNb),
      pythonCommentCpuMs: pyComment.cpuMs,
      pythonValueCpuMs: pyValue.cpuMs,
      notebookCommentCpuMs: nbComment.cpuMs,
      notebookValueCpuMs: nbValue.cpuMs,
      pythonDiagnostics: first.length,
      notebookDiagnostics: nbDiagnostics,
      startMs,
      firstDiagnosticsMs,
    };
  } finally {
    await client.stop().catch(() => client.kill());
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchLsp().then((f) => {
    const cpu = (x?: number) => (x === undefined ? '' : `; server CPU ${x.toFixed(1)} ms`);
    console.log(`LSP keystroke → diagnostics, 2,000-line Python, comment   ${f.pythonCommentMs.toFixed(1)} ms (median${cpu(f.pythonCommentCpuMs)}; target ≤ 16 ms)`);
    console.log(`LSP keystroke → diagnostics, 2,000-line Python, value     ${f.pythonValueMs.toFixed(1)} ms (median${cpu(f.pythonValueCpuMs)}; ${f.pythonDiagnostics} diagnostics)`);
    console.log(`LSP keystroke → diagnostics, 300-cell notebook, comment   ${f.notebookCommentMs.toFixed(1)} ms (median${cpu(f.notebookCommentCpuMs)}; target ≤ 30 ms)`);
    console.log(`LSP keystroke → diagnostics, 300-cell notebook, value     ${f.notebookValueMs.toFixed(1)} ms (median${cpu(f.notebookValueCpuMs)}; ${f.notebookDiagnostics} diagnostics)`);
    console.log(`whole-document analysis, same Python / notebook           ${f.pythonWholeMs.toFixed(1)} / ${f.notebookWholeMs.toFixed(1)} ms`);
    console.log(`server start → initialized; first diagnostics              ${f.startMs.toFixed(0)} ms; ${f.firstDiagnosticsMs.toFixed(0)} ms`);
  });
}
