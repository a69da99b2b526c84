// Applies fixes to a file's text. Notebook edits are made in their cell's source and written back into the
// notebook JSON with jsonc-parser, so the rest of the file keeps its formatting.
import { applyEdits as applyJsonEdits, findNodeAtLocation, getNodeValue, modify, parseTree } from 'jsonc-parser';
import { applyEdits, nonOverlappingFixes } from './text/edits';
import type { Fix, TextEdit } from './types';

export interface FixOutcome {
  text: string;
  /** Fixes applied whole. */
  applied: number;
  /** Fixes left out because they overlapped an earlier one (run again to apply them). */
  skipped: number;
}

export function applyFixes(file: string, text: string, fixes: readonly Fix[]): FixOutcome {
  const mine = fixes
    .map((f) => ({ ...f, edits: f.edits.filter((e) => e.file === file) }))
    .filter((f) => f.edits.length > 0);
  const chosen = nonOverlappingFixes(mine);
  const skipped = mine.length - chosen.length;
  const edits = chosen.flatMap((f) => f.edits);
  if (edits.some((e) => e.cell !== undefined)) {
    return { text: applyNotebookEdits(text, edits), applied: chosen.length, skipped };
  }
  return { text: applyEdits(text, edits).text, applied: chosen.length, skipped };
}

function applyNotebookEdits(text: string, edits: readonly TextEdit[]): string {
  const byCell = new Map<number, TextEdit[]>();
  for (const e of edits) {
    if (e.cell === undefined) continue;
    byCell.set(e.cell, [...(byCell.get(e.cell) ?? []), e]);
  }
  const indent = /\n( +|\t)"/.exec(text)?.[1] ?? ' ';
  let out = text;
  for (const [cell, cellEdits] of byCell) {
    const root = parseTree(out);
    const node = root && findNodeAtLocation(root, ['cells', cell, 'source']);
    if (!node) continue;
    const value: unknown = getNodeValue(node);
    const source = Array.isArray(value) ? value.join('') : String(value ?? '');
    const next = applyEdits(source, cellEdits).text;
    const lines = splitKeepingEnds(next);
    const jsonEdits = modify(out, ['cells', cell, 'source'], Array.isArray(value) ? lines : next, {
      formattingOptions: { insertSpaces: indent !== '\t', tabSize: indent === '\t' ? 1 : indent.length, eol: '\n' },
    });
    out = applyJsonEdits(out, jsonEdits);
  }
  return out;
}

/** Splits text into lines that keep their line breaks, as notebooks store cell sources. */
export function splitKeepingEnds(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\n') {
      out.push(s.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < s.length) out.push(s.slice(start));
  return out;
}
