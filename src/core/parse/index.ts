// One entry point: text in, a parsed document (or a parse error with file and position) out. Never throws.
import type { Language } from '../types';
import { LineIndex } from '../text/lines';
import { languageOf, type ParseResult } from './document';
import { nestingProblem } from './limits';
import { parseJson } from './json';
import { parseJsts } from './jsts';
import { parseNotebook } from './notebook';
import { parsePbtxt } from './pbtxt';
import { parsePython, type Reparse } from './python';
import { parseShell } from './shell';
import { parseToml } from './toml';
import { parseYaml } from './yaml';

export { languageOf };
export type { ParseResult, Reparse };

const parsers: Record<Language, (path: string, text: string, reparse?: Reparse) => ParseResult> = {
  yaml: parseYaml,
  json: parseJson,
  toml: parseToml,
  python: parsePython,
  notebook: parseNotebook,
  pbtxt: parsePbtxt,
  shell: parseShell,
  jsts: parseJsts,
};

/** `reparse`: an incremental re-parse of Python and notebooks (the caller then owns the tree; see parse/python.ts). */
export function parseDocument(path: string, text: string, lang = languageOf(path), reparse?: Reparse): ParseResult {
  if (!lang) return { ok: false, error: { file: path, message: 'not a file type Wattlint reads' } };
  const deep = nestingProblem(lang, text);
  if (deep) {
    const p = new LineIndex(text).position(deep.offset);
    return { ok: false, error: { file: path, line: p.line, column: p.column, message: deep.message } };
  }
  try {
    return parsers[lang](path, text, reparse);
  } catch (e) {
    return { ok: false, error: { file: path, message: `internal parser error: ${(e as Error).message.split('\n')[0]}` } };
  }
}
