// Where an offset of the analysed text lies, as a reader of the file finds it. The rules see a notebook as its code
// cells joined into one Python module; a line of that joined text is nowhere in the .ipynb, so every line a message
// names must be the line in its cell (and say which cell when it is not the finding's own).
import type { ParsedDocument } from './document';

/** The code cell of the joined Python text that holds `offset`, and the 1-based line of `offset` in it. */
export function cellLine(doc: ParsedDocument, offset: number): { cell?: number; line: number } {
  if (doc.lang !== 'notebook') return { line: doc.lines.position(offset).line };
  let best: { index: number; offset: number } | undefined;
  for (const c of doc.cells) if (c.kind === 'code' && c.offset <= offset) best = c;
  if (!best) return { line: doc.python.lines.position(offset).line };
  const text = doc.python.text;
  let line = 1;
  for (let i = best.offset; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return { cell: best.index, line };
}

/**
 * `line N` for a place of the document; in a notebook the line in its cell, followed by `of cell C` when the place
 * is in another cell than `from` (the finding's own offset). C counts cells from 1, as the text report's
 * `notebook.ipynb[cell N]` does (the JSON report's `cell` and `related[].cell` are the 0-based index).
 */
export function linePlace(doc: ParsedDocument, offset: number, from?: number): string {
  const at = cellLine(doc, offset);
  if (at.cell === undefined) return `line ${at.line}`;
  const own = from === undefined ? undefined : cellLine(doc, from).cell;
  return own === at.cell ? `line ${at.line}` : `line ${at.line} of cell ${at.cell + 1}`;
}
