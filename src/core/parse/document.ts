// The parsed forms of every input language. Each keeps positions (offsets into `text`) and the comments,
// which suppression directives are read from.
import type { Document } from 'yaml';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Tree } from 'web-tree-sitter';
import type { TSESTree } from '@typescript-eslint/types';
import type { LineIndex } from '../text/lines';
import type { Language, ParseError, Span } from '../types';
import type { PbMessage } from './pbtxt';
import type { ShellCommand } from './shell';

export interface Comment {
  span: Span;
  /** The comment's text including its marker (`# ...`, `// ...`). */
  text: string;
}

interface BaseDoc {
  /** Workspace-relative path, forward slashes. */
  path: string;
  text: string;
  lines: LineIndex;
  comments: Comment[];
}

export interface YamlDoc extends BaseDoc {
  lang: 'yaml';
  /** Every document of a multi-document stream. */
  docs: Document.Parsed[];
}

export interface JsonDoc extends BaseDoc {
  lang: 'json';
  root: JsonNode | undefined;
}

export interface TomlDoc extends BaseDoc {
  lang: 'toml';
  data: Record<string, unknown>;
}

export interface PythonDoc extends BaseDoc {
  lang: 'python';
  tree: Tree;
}

export interface NotebookCell {
  /** Index among all cells of the notebook (0-based), as `Finding.cell`. */
  index: number;
  kind: 'code' | 'markdown' | 'raw';
  /** The cell's source as one string. */
  source: string;
  /** Where this cell's source starts in the joined Python text (code cells only). */
  offset: number;
}

export interface NotebookDoc extends BaseDoc {
  lang: 'notebook';
  cells: NotebookCell[];
  /** All code cells joined by newlines (magics blanked out to comments of the same length), parsed as one module. */
  python: PythonDoc;
  /** Code cells that are not valid Python (Jupyter fails them alone): blanked in `python`, reported as errors. */
  skippedCells?: ParseError[];
  /**
   * The longest run time the saved outputs record, in minutes (an executed notebook's own measurement: HF Trainer's
   * `train_runtime`, a loop's `Time elapsed: 12.3 min` / `Total Training Time: …`); undefined when none is recorded.
   */
  recordedMinutes?: number;
}

export interface PbtxtDoc extends BaseDoc {
  lang: 'pbtxt';
  root: PbMessage;
}

export interface ShellDoc extends BaseDoc {
  lang: 'shell';
  commands: ShellCommand[];
}

export interface JstsDoc extends BaseDoc {
  lang: 'jsts';
  ast: TSESTree.Program;
}

export type ParsedDocument = YamlDoc | JsonDoc | TomlDoc | PythonDoc | NotebookDoc | PbtxtDoc | ShellDoc | JstsDoc;

export type ParseResult = { ok: true; doc: ParsedDocument } | { ok: false; error: ParseError };

export function languageOf(path: string): Language | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot + 1) : '';
  switch (ext) {
    case 'yaml':
    case 'yml':
      return 'yaml';
    case 'json':
    case 'jsonc':
      return 'json';
    case 'toml':
      return 'toml';
    case 'py':
      return 'python';
    case 'ipynb':
      return 'notebook';
    case 'pbtxt':
      return 'pbtxt';
    case 'sh':
    case 'bash':
      return 'shell';
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'ts':
    case 'mts':
    case 'cts':
    case 'tsx':
    case 'jsx':
      return 'jsts';
    default:
      return undefined;
  }
}
