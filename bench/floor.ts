// The parse floor of a scan, as its own process (`node out/bench/floor.js PATH...`): list the files a scan reads
// (the CLI's own walk: .gitignore, skipped folders, size limit), read each one and parse it once with the parser its
// language uses, on one thread, and nothing else: tree-sitter Python (no copy of the tree), the `yaml` package's
// documents, jsonc-parser's tree, a notebook's JSON and its joined code cells through tree-sitter, smol-toml,
// typescript-estree for JS/TS, and the project's own shell and pbtxt readers (they are those languages' parsers).
// No pre-filter: every file is parsed. Prints {"files": n, "bytes": n} on stdout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTree } from 'jsonc-parser';
import { parse as parseTomlData } from 'smol-toml';
import { Language, Parser } from 'web-tree-sitter';
import { parseAllDocuments } from 'yaml';
import { languageOf } from '../src/core/parse/document';
import { parsePbtxt } from '../src/core/parse/pbtxt';
import { parseShell } from '../src/core/parse/shell';
import { walkGroups } from '../src/cli/plan';
import { grammarPaths } from '../src/node/grammar';

type Estree = typeof import('@typescript-eslint/typescript-estree');

async function main(paths: string[]): Promise<void> {
  const g = grammarPaths();
  await Parser.init({ wasmBinary: readFileSync(g.runtime) });
  const python = new Parser();
  python.setLanguage(await Language.load(readFileSync(g.python)));
  const parsePy = (text: string) => python.parse(text)?.delete();
  let estree: Estree | undefined;
  let files = 0;
  let bytes = 0;
  const io = { cwd: process.cwd(), out: () => undefined, err: () => undefined };
  for (const { group, walked } of walkGroups(io, paths, undefined)) {
    for (const rel of walked.files) {
      let text: string;
      try {
        text = readFileSync(join(group.root, rel), 'utf8');
      } catch {
        continue;
      }
      files++;
      bytes += Buffer.byteLength(text);
      try {
        switch (languageOf(rel)) {
          case 'python':
            parsePy(text);
            break;
          case 'notebook': {
            const nb = JSON.parse(text) as { cells?: { cell_type?: string; source?: string | string[] }[] };
            const code = (nb.cells ?? []).filter((c) => c.cell_type === 'code').map((c) => (Array.isArray(c.source) ? c.source.join('') : (c.source ?? '')));
            parsePy(code.join('\n'));
            break;
          }
          case 'yaml':
            parseAllDocuments(text);
            break;
          case 'json':
            parseTree(text, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
            break;
          case 'toml':
            parseTomlData(text);
            break;
          case 'jsts':
            estree ??= require('@typescript-eslint/typescript-estree') as Estree;
            estree.parse(text, { range: true, loc: true, comment: true, jsx: !/\.[cm]?ts$/.test(rel) });
            break;
          case 'shell':
            parseShell(rel, text);
            break;
          case 'pbtxt':
            parsePbtxt(rel, text);
            break;
        }
      } catch {
        // a file that does not parse still cost its parse
      }
    }
  }
  process.stdout.write(JSON.stringify({ files, bytes }) + '\n');
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
