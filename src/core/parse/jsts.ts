// JavaScript and TypeScript via @typescript-eslint/parser (TypeScript ESTree with ranges and comments).
import type { ParseResult } from './document';

export function parseJsts(path: string, _text: string): ParseResult {
  // TODO(js/ts helper)
  return { ok: false, error: { file: path, message: 'JS/TS is not supported yet' } };
}
