// Applies text edits to one text. Overlapping edits are dropped (the later one), never merged, so a
// fix either applies whole or not at all.
import type { Span, TextEdit } from '../types';

export interface EditResult {
  text: string;
  applied: number;
  skipped: number;
}

export function applyEdits(text: string, edits: readonly { span: Span; newText: string }[]): EditResult {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let pos = 0;
  let applied = 0;
  let skipped = 0;
  for (const e of sorted) {
    if (e.span.start < pos || e.span.end < e.span.start || e.span.end > text.length) {
      skipped++;
      continue;
    }
    out += text.slice(pos, e.span.start) + e.newText;
    pos = e.span.end;
    applied++;
  }
  return { text: out + text.slice(pos), applied, skipped };
}

/** Groups fixes' edits so that one fix's edits are applied all or none: a fix that overlaps an earlier one is left out. */
export function nonOverlappingFixes<T extends { edits: TextEdit[] }>(fixes: readonly T[]): T[] {
  const taken: Span[] = [];
  const out: T[] = [];
  for (const f of fixes) {
    const clash = f.edits.some((e) => taken.some((t) => e.span.start < t.end && t.start < e.span.end) ||
      taken.some((t) => e.span.start === e.span.end && t.start === t.end && t.start === e.span.start));
    if (clash) continue;
    out.push(f);
    taken.push(...f.edits.map((e) => e.span));
  }
  return out;
}
