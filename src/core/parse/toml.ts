// TOML via smol-toml for the data; comments come from a small lexer that knows TOML's four string forms,
// so a `#` inside a string is never read as a comment.
import { parse, TomlError } from 'smol-toml';
import { LineIndex } from '../text/lines';
import type { Comment, ParseResult } from './document';

export function parseToml(path: string, text: string): ParseResult {
  const lines = new LineIndex(text);
  try {
    const data = parse(text) as Record<string, unknown>;
    return { ok: true, doc: { lang: 'toml', path, text, lines, comments: tomlComments(text), data } };
  } catch (e) {
    if (e instanceof TomlError) {
      return { ok: false, error: { file: path, line: e.line, column: e.column, message: `TOML: ${e.message.split('\n')[0]}` } };
    }
    return { ok: false, error: { file: path, message: `TOML: ${(e as Error).message}` } };
  }
}

export function tomlComments(text: string): Comment[] {
  const out: Comment[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '#') {
      let e = i;
      while (e < n && text[e] !== '\n' && text[e] !== '\r') e++;
      out.push({ span: { start: i, end: e }, text: text.slice(i, e) });
      i = e;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      i += close.length;
      while (i < n) {
        if (c === '"' && text[i] === '\\') {
          i += 2;
          continue;
        }
        if (!triple && (text[i] === '\n')) break;
        if (text.startsWith(close, i)) {
          i += close.length;
          break;
        }
        i++;
      }
    } else i++;
  }
  return out;
}
