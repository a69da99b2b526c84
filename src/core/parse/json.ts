// JSON and JSONC via jsonc-parser (VS Code's own): a tree with offsets, tolerant of comments and trailing commas,
// and of the `NaN` / `Infinity` / `-Infinity` literals that Python's `json` module reads and writes by default
// (DeepSpeed and the HF Trainer load their JSON configs and states with it).
import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type Node as JsonNode, type ParseError as JsonParseError } from 'jsonc-parser';
import { LineIndex } from '../text/lines';
import type { Comment, ParseResult } from './document';

export function parseJson(path: string, text: string): ParseResult {
  const lines = new LineIndex(text);
  const errors: JsonParseError[] = [];
  const { parsed, specials } = pythonNumbers(text);
  const root = parseTree(parsed, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  if (root && specials.size > 0) restoreSpecials(root, specials);
  if (errors.length > 0) {
    const e = errors[0];
    const p = lines.position(e.offset);
    return { ok: false, error: { file: path, line: p.line, column: p.column, message: `JSON: ${printParseErrorCode(e.error)}` } };
  }
  return { ok: true, doc: { lang: 'json', path, text, lines, comments: jsonComments(text), root } };
}

/**
 * The text with Python's non-finite literals written as numbers of the same length, so offsets do not move
 * (`Infinity` → `1e999999`, which parses as Infinity; `NaN` → `0.0`, restored to NaN in the tree afterwards).
 */
function pythonNumbers(text: string): { parsed: string; specials: Map<number, number> } {
  const specials = new Map<number, number>();
  if (!text.includes('NaN') && !text.includes('Infinity')) return { parsed: text, specials };
  const parts: string[] = [];
  let last = 0;
  const sc = createScanner(text, false);
  for (let k = sc.scan(); k !== SyntaxKind.EOF; k = sc.scan()) {
    if (k !== SyntaxKind.Unknown) continue;
    const at = sc.getTokenOffset();
    const word = text.substr(at, sc.getTokenLength());
    if (word !== 'NaN' && word !== 'Infinity') continue;
    parts.push(text.slice(last, at), word === 'NaN' ? '0.0' : '1e999999');
    last = at + word.length;
    const negative = word === 'Infinity' && text[at - 1] === '-';
    specials.set(negative ? at - 1 : at, word === 'NaN' ? NaN : negative ? -Infinity : Infinity);
  }
  parts.push(text.slice(last));
  return { parsed: parts.join(''), specials };
}

function restoreSpecials(n: JsonNode, specials: Map<number, number>): void {
  if (n.type === 'number' && specials.has(n.offset)) (n as { value: unknown }).value = specials.get(n.offset);
  for (const c of n.children ?? []) restoreSpecials(c, specials);
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
