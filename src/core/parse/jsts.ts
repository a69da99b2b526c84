// JavaScript and TypeScript → TypeScript ESTree (with ranges, locations and comments). Owned by the JS/TS work.
// We call @typescript-eslint/typescript-estree's `parse` directly: it is the parser that @typescript-eslint/parser
// wraps, without the scope analysis that parseForESLint adds (the extractor resolves the few bindings it needs
// itself), which roughly halves the parse cost. Never throws: a syntax error becomes a ParseError with a 1-based
// line and column.
import type { TSESTree } from '@typescript-eslint/types';

type Estree = typeof import('@typescript-eslint/typescript-estree');
let estree: Estree | undefined;

/** typescript-estree loads the TypeScript compiler (megabytes): load it on the first JS/TS file, not at start-up. */
function parse(...args: Parameters<Estree['parse']>): ReturnType<Estree['parse']> {
  estree ??= require('@typescript-eslint/typescript-estree') as Estree;
  return estree.parse(...args);
}
import { LineIndex } from '../text/lines';
import type { Comment, JstsDoc, ParseResult } from './document';

/** JSX is on for .jsx/.tsx and plain JavaScript; off for .ts/.mts/.cts, where `<T>x` is a type assertion. */
export function jsxFor(path: string): boolean {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return !(ext === 'ts' || ext === 'mts' || ext === 'cts');
}

interface TsErrorLike {
  message: string;
  lineNumber?: number;
  column?: number;
  location?: { start: { line: number; column: number } };
}

export function parseJstsText(path: string, text: string): { doc: JstsDoc } | { error: string; line?: number; column?: number } {
  let ast: TSESTree.Program;
  try {
    ast = parse(text, { range: true, loc: true, comment: true, jsx: jsxFor(path), errorOnUnknownASTType: false });
  } catch (e) {
    const err = e as TsErrorLike;
    const start = err.location?.start;
    // typescript-estree reports 1-based lines and 0-based columns.
    const line = start?.line ?? err.lineNumber;
    const col = start?.column ?? err.column;
    return { error: `JS/TS: ${err.message}`, line, column: col !== undefined ? col + 1 : undefined };
  }
  const comments: Comment[] = (ast.comments ?? []).map((c) => ({
    span: { start: c.range[0], end: c.range[1] },
    text: text.slice(c.range[0], c.range[1]),
  }));
  return { doc: { lang: 'jsts', path, text, lines: new LineIndex(text), comments, ast } };
}

export function parseJsts(path: string, text: string): ParseResult {
  const r = parseJstsText(path, text);
  if ('error' in r) return { ok: false, error: { file: path, line: r.line, column: r.column, message: r.error } };
  return { ok: true, doc: r.doc };
}
