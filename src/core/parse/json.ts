// JSON and JSONC via jsonc-parser (VS Code's own): a tree with offsets, tolerant of comments and trailing commas.
import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type ParseError as JsonParseError } from 'jsonc-parser';
import { LineIndex } from '../text/lines';
import type { Comment, ParseResult } from './document';

export function parseJson(path: string, text: string): ParseResult {
  const lines = new LineIndex(text);
  const errors: JsonParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  if (errors.length > 0) {
    const e = errors[0];
    const p = lines.position(e.offset);
    return { ok: false, error: { file: path, line: p.line, column: p.column, message: `JSON: ${printParseErrorCode(e.error)}` } };
  }
  return { ok: true, doc: { lang: 'json', path, text, lines, comments: jsonComments(text), root } };
}

export function jsonComments(text: string): Comment[] {
  const out: Comment[] = [];
  const sc = createScanner(text, false);
  for (let k = sc.scan(); k !== SyntaxKind.EOF; k = sc.scan()) {
    if (k === SyntaxKind.LineCommentTrivia || k === SyntaxKind.BlockCommentTrivia) {
      const start = sc.getTokenOffset();
      out.push({ span: { start, end: start + sc.getTokenLength() }, text: text.substr(start, sc.getTokenLength()) });
    }
  }
  return out;
}
