// Applies fixes to a file's text. Notebook edits are made in their cell's source and written back into the
// notebook JSON by replacing only the source lines that changed (each line is one JSON string of the `source`
// list), so every other byte of the notebook (other lines, other cells, outputs, escapes, indentation) is kept.
import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
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
    const out = applyNotebookEdits(text, edits);
    return out === undefined ? { text, applied: 0, skipped: mine.length } : { text: out, applied: chosen.length, skipped };
  }
  return { text: applyEdits(text, edits).text, applied: chosen.length, skipped };
}

/** The value of a notebook cell's `source` (a list of lines or one string). */
function sourceOf(node: JsonNode): string | undefined {
  if (node.type === 'string') return node.value as string;
  if (node.type !== 'array') return undefined;
  let s = '';
  for (const c of node.children ?? []) {
    if (c.type !== 'string') return undefined;
    s += c.value as string;
  }
  return s;
}

/** Applies cell edits to a notebook's JSON text; undefined when a cell's source cannot be located. */
function applyNotebookEdits(text: string, edits: readonly TextEdit[]): string | undefined {
  const byCell = new Map<number, TextEdit[]>();
  for (const e of edits) {
    if (e.cell === undefined) continue;
    byCell.set(e.cell, [...(byCell.get(e.cell) ?? []), e]);
  }
  const root = parseTree(text);
  if (!root) return undefined;
  const jsonEdits: { span: { start: number; end: number }; newText: string }[] = [];
  for (const [cell, cellEdits] of byCell) {
    const node = findNodeAtLocation(root, ['cells', cell, 'source']);
    const source = node && sourceOf(node);
    if (!node || source === undefined) return undefined;
    const next = applyEdits(source, cellEdits).text;
    if (next === source) continue;
    jsonEdits.push(...sourceEdits(text, node, source, next));
  }
  return applyEdits(text, jsonEdits).text;
}

/**
 * JSON edits that turn a `source` node holding `before` into one holding `after`: for a list of lines, only the
 * changed lines are replaced (new lines take the separator the list already uses); a plain string is replaced.
 */
function sourceEdits(text: string, node: JsonNode, before: string, after: string): { span: { start: number; end: number }; newText: string }[] {
  if (node.type === 'string') return [{ span: { start: node.offset, end: node.offset + node.length }, newText: JSON.stringify(after) }];
  const items = node.children ?? [];
  const old = items.map((c) => c.value as string);
  const neu = splitKeepingEnds(after);
  let head = 0;
  while (head < old.length && head < neu.length && old[head] === neu[head]) head++;
  let tail = 0;
  while (tail < old.length - head && tail < neu.length - head && old[old.length - 1 - tail] === neu[neu.length - 1 - tail]) tail++;
  const added = neu.slice(head, neu.length - tail).map((l) => JSON.stringify(l));
  const sep = items.length >= 2 ? text.slice(items[0].offset + items[0].length, items[1].offset) : listSeparator(text, node);
  const removedFrom = head;
  const removedTo = old.length - tail; // exclusive
  if (removedFrom < removedTo) {
    // replace items [removedFrom, removedTo) with the new ones
    const start = items[removedFrom].offset;
    const end = items[removedTo - 1].offset + items[removedTo - 1].length;
    if (added.length) return [{ span: { start, end }, newText: added.join(sep) }];
    // lines removed only: take a separator with them
    if (removedTo < items.length) return [{ span: { start, end: items[removedTo].offset }, newText: '' }];
    if (removedFrom > 0) return [{ span: { start: items[removedFrom - 1].offset + items[removedFrom - 1].length, end }, newText: '' }];
    return [{ span: { start, end }, newText: '' }];
  }
  if (added.length === 0) return [];
  // insertion only
  if (removedFrom < items.length) {
    const at = items[removedFrom].offset;
    return [{ span: { start: at, end: at }, newText: added.join(sep) + sep }];
  }
  if (items.length > 0) {
    const at = items[items.length - 1].offset + items[items.length - 1].length;
    return [{ span: { start: at, end: at }, newText: sep + added.join(sep) }];
  }
  // an empty list `[]`
  return [{ span: { start: node.offset + 1, end: node.offset + node.length - 1 }, newText: added.join(sep) }];
}

/** The separator for a list with fewer than two items: a comma, then the list's own indentation style. */
function listSeparator(text: string, node: JsonNode): string {
  const inner = text.slice(node.offset + 1, node.children?.[0]?.offset ?? node.offset + 1);
  const nl = /\r?\n[ \t]*$/.exec(inner);
  return nl ? `,${nl[0]}` : ', ';
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
