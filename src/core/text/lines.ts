// Converts between UTF-16 offsets and 1-based line/column positions. Pure and cheap: built once per text.
import type { Range, Span } from '../types';

export class LineIndex {
  private lineStarts: number[] | undefined;
  constructor(readonly text: string) {}

  /** The offsets lines start at, found on first use (a notebook's JSON text is rarely asked for a position). */
  private get starts(): number[] {
    let starts = this.lineStarts;
    if (!starts) {
      const text = this.text;
      starts = [0];
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
      this.lineStarts = starts;
    }
    return starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo] + 1 };
  }

  /** Offset of a 1-based line and column (clamped to the text). */
  offset(line: number, column: number): number {
    const l = Math.max(1, Math.min(line, this.starts.length));
    return Math.min(this.starts[l - 1] + Math.max(0, column - 1), this.text.length);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }

  /** End of a line's content, before its line break. */
  lineEnd(line: number): number {
    const next = line < this.starts.length ? this.starts[line] : this.text.length + 1;
    let end = next - 1;
    if (line >= this.starts.length) end = this.text.length;
    else if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return Math.max(this.lineStart(line), end);
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  range(span: Span): Range {
    const s = this.position(span.start);
    const e = this.position(span.end);
    return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  }
}

/** The line-break style a text mostly uses, for inserted lines. */
export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

/** Indentation (spaces/tabs) at the start of the line containing `offset`. */
export function indentAt(text: string, offset: number): string {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n') s--;
  let e = s;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  return text.slice(s, e);
}
