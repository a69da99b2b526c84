// Applies text edits to one text. Overlapping edits are dropped (the later one), never merged, so a fix either
// applies whole or not at all. Identical edits (the same span and text: two fixes that both insert `import torch`
// in the same place) are one edit, applied once.
import type { Span, TextEdit } from '../types';

export interface EditResult {
  text: string;
  applied: number;
  skipped: number;
}

function sameEdit(a: { span: Span; newText: string; cell?: number }, b: { span: Span; newText: string; cell?: number }): boolean {
  return a.span.start === b.span.start && a.span.end === b.span.end && a.newText === b.newText && a.cell === b.cell;
}

export function applyEdits(text: string, edits: readonly { span: Span; newText: string }[]): EditResult {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let pos = 0;
  let applied = 0;
  let skipped = 0;
  let prev: { span: Span; newText: string } | undefined;
  for (const e of sorted) {
    if (prev && sameEdit(prev, e)) {
      applied++;
      continue;
    }
    if (e.span.start < pos || e.span.end < e.span.start || e.span.end > text.length) {
      skipped++;
      continue;
    }
    out += text.slice(pos, e.span.start) + e.newText;
    pos = e.span.end;
    applied++;
    prev = e;
  }
  return { text: out + text.slice(pos), applied, skipped };
}

/**
 * Groups fixes' edits so that one fix's edits are applied all or none: a fix that overlaps an earlier one is left
 * out (a later pass applies it). Two insertions at the same place clash (their order would be a guess) unless they
 * are the same edit, which the fixes then share.
 */
/** Overlapping ranges, an insertion strictly inside a replaced range, or two insertions at one point. */
function clashes(a: Span, b: Span): boolean {
  const aIns = a.start === a.end;
  const bIns = b.start === b.end;
  if (aIns && bIns) return a.start === b.start;
  if (aIns) return a.start > b.start && a.start < b.end;
  if (bIns) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

export function nonOverlappingFixes<T extends { edits: TextEdit[] }>(fixes: readonly T[]): T[] {
  const taken: TextEdit[] = [];
  const out: T[] = [];
  for (const f of fixes) {
    const clash = f.edits.some((e) => taken.some((t) => t.file === e.file && t.cell === e.cell && !sameEdit(t, e) && clashes(t.span, e.span)));
    if (clash) continue;
    out.push(f);
    taken.push(...f.edits);
  }
  return out;
}
