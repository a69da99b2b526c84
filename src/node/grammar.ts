// Loads the wasm grammars from disk for the pure core: next to the bundle (dist/wasm/) when bundled, else
// from node_modules.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initPython } from '../core/parse/python';

function locate(file: string, pkgPath: string): string {
  for (const p of [join(__dirname, 'wasm', file), join(__dirname, '..', 'dist', 'wasm', file)]) if (existsSync(p)) return p;
  return require.resolve(pkgPath);
}

export function grammarPaths(): { runtime: string; python: string } {
  return {
    runtime: locate('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm'),
    python: locate('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'),
  };
}

/** Makes the core ready to parse every language. Call once before analysing. */
export async function initCore(): Promise<void> {
  const p = grammarPaths();
  await initPython({ runtime: readFileSync(p.runtime), python: readFileSync(p.python) });
}
