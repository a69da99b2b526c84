// YAML via the `yaml` package: every document of the stream, with source positions, and the comments
// (from the package's own lexer, so `#` inside strings and block scalars is never mistaken for one).
import { CST, Lexer, parseAllDocuments } from 'yaml';
import { LineIndex } from '../text/lines';
import type { Comment, ParseResult } from './document';

export function parseYaml(path: string, text: string): ParseResult {
  const lines = new LineIndex(text);
  let docs;
  try {
    docs = parseAllDocuments(text, { keepSourceTokens: false, prettyErrors: false, uniqueKeys: false });
  } catch (e) {
    return { ok: false, error: { file: path, message: `YAML: ${(e as Error).message}` } };
  }
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list) {
    const err = d.errors[0];
    if (err) {
      const p = lines.position(err.pos[0]);
      return { ok: false, error: { file: path, line: p.line, column: p.column, message: `YAML: ${firstLine(err.message)}` } };
    }
  }
  return { ok: true, doc: { lang: 'yaml', path, text, lines, comments: yamlComments(text), docs: list as never } };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

export function yamlComments(text: string): Comment[] {
  const out: Comment[] = [];
  let off = 0;
  for (const tok of new Lexer().lex(text)) {
    // Single control characters mark structure and take no room in the source.
    if (tok.length === 1 && tok.charCodeAt(0) < 0x20 && tok !== '\n' && tok !== '\t' && tok !== '\r') continue;
    if (CST.tokenType(tok) === 'comment') out.push({ span: { start: off, end: off + tok.length }, text: tok });
    off += tok.length;
  }
  return out;
}
