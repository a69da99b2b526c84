// Jupyter notebooks: the JSON is read with jsonc-parser; code cells are joined into one Python module so that
// imports and aliases carry across cells, and findings are mapped back to (cell, offset in cell).
import type { ParseResult } from './document';

export function parseNotebook(path: string, _text: string): ParseResult {
  // TODO(python helper)
  return { ok: false, error: { file: path, message: 'notebooks are not supported yet' } };
}
