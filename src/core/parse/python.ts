// Python via tree-sitter (web-tree-sitter + the tree-sitter-python wasm). The grammar's bytes are handed in by
// the adapter (CLI, extension, tests): the core reads no files.
import { Language as TsLanguage, Parser } from 'web-tree-sitter';
import { LineIndex } from '../text/lines';
import type { Comment, ParseResult, PythonDoc } from './document';

let parser: Parser | undefined;

export interface PythonGrammarBytes {
  /** web-tree-sitter's runtime (web-tree-sitter.wasm). */
  runtime: Uint8Array;
  /** tree-sitter-python.wasm */
  python: Uint8Array;
}

/** Loads the Python grammar once; later calls are free. */
export async function initPython(bytes: PythonGrammarBytes): Promise<void> {
  if (parser) return;
  await Parser.init({ wasmBinary: bytes.runtime });
  const lang = await TsLanguage.load(bytes.python);
  const p = new Parser();
  p.setLanguage(lang);
  parser = p;
}

export function pythonReady(): boolean {
  return parser !== undefined;
}

export function parsePythonText(path: string, text: string): { doc: PythonDoc } | { error: string; line?: number; column?: number } {
  if (!parser) return { error: 'Python grammar not loaded (initPython was not called)' };
  const tree = parser.parse(text);
  if (!tree) return { error: 'Python: the parser gave no tree' };
  const lines = new LineIndex(text);
  const comments: Comment[] = [];
  // TODO(python helper): collect comment nodes; report the first ERROR / MISSING node as a parse error.
  return { doc: { lang: 'python', path, text, lines, comments, tree } };
}

export function parsePython(path: string, text: string): ParseResult {
  const r = parsePythonText(path, text);
  if ('error' in r) return { ok: false, error: { file: path, line: r.line, column: r.column, message: r.error } };
  return { ok: true, doc: r.doc };
}
