// A config tree over YAML (the `yaml` package's Document, with ranges) and JSON (jsonc-parser's tree): lookup by
// key path, each value with its span, and edit builders (set a scalar, rename a key, insert a missing key) that
// return TextEdits computed against the original text, so comments and formatting around them stay as they were.
// It never mutates the document; it only reads positions and writes small edits.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node as YNode, Scalar } from 'yaml';
import type { Node as JsonNode } from 'jsonc-parser';
import type { JsonDoc, YamlDoc } from '../../parse/document';
import { eolOf } from '../../text/lines';
import type { Span, TextEdit } from '../../types';

export type ScalarValue = string | number | boolean | null;
/** A value to write: a scalar or a small nested map of scalars. */
export type WriteValue = ScalarValue | { [key: string]: WriteValue };

export interface CEntry {
  key: string;
  keySpan: Span;
  /** undefined for a YAML key with no value (`key:`). */
  node: CNode | undefined;
  /** The whole pair (key to the end of its value). */
  span: Span;
}

export interface CNode {
  kind: 'map' | 'seq' | 'scalar';
  span: Span;
  value?: ScalarValue;
  quote?: 'plain' | 'single' | 'double' | 'block';
  entries?: CEntry[];
  items?: CNode[];
  /** A YAML flow collection (`{a: 1}`, `[1, 2]`); JSON collections are always flow. */
  flow?: boolean;
  /** A YAML local tag on the node (`!ref`, `!new:speechbrain.nnet.linear.Linear`), as written. */
  tag?: string;
}

export class ConfigTree {
  constructor(
    readonly file: string,
    readonly text: string,
    readonly format: 'yaml' | 'json',
    readonly root: CNode | undefined,
  ) {}

  static of(doc: YamlDoc | JsonDoc): ConfigTree | undefined {
    if (doc.lang === 'json') return new ConfigTree(doc.path, doc.text, 'json', doc.root ? fromJson(doc.root) : undefined);
    const d = doc.docs.find((x) => isMap(x.contents)) ?? doc.docs[0];
    if (!d) return undefined;
    return new ConfigTree(doc.path, doc.text, 'yaml', fromYaml(d));
  }

  /** The node at a key path (numbers index sequences). */
  get(path: readonly (string | number)[]): CNode | undefined {
    let cur = this.root;
    for (const k of path) {
      if (!cur) return undefined;
      if (typeof k === 'number') cur = cur.items?.[k];
      else cur = cur.entries?.find((e) => e.key === k)?.node;
    }
    return cur;
  }

  entry(path: readonly string[]): CEntry | undefined {
    if (path.length === 0) return undefined;
    const parent = this.get(path.slice(0, -1));
    return parent?.entries?.find((e) => e.key === path[path.length - 1]);
  }

  /** The scalar value at a path, or undefined when absent or not a scalar. */
  scalar(path: readonly (string | number)[]): ScalarValue | undefined {
    const n = this.get(path);
    return n?.kind === 'scalar' ? n.value : undefined;
  }

  /** Replaces a node's text with a scalar, keeping the node's quote style where it has one. */
  setValue(node: CNode, value: ScalarValue): TextEdit[] {
    let text = this.render(value, node.quote);
    // Keep the file's spelling of booleans (`True` in torchtune configs, `true` elsewhere).
    const old = this.text.slice(node.span.start, node.span.end);
    if (typeof value === 'boolean' && this.format === 'yaml' && /^[A-Z]/.test(old)) text = old === old.toUpperCase() ? text.toUpperCase() : text[0].toUpperCase() + text.slice(1);
    return [{ file: this.file, span: node.span, newText: text }];
  }

  renameKey(entry: CEntry, key: string): TextEdit[] {
    const old = this.text.slice(entry.keySpan.start, entry.keySpan.end);
    const q = old.startsWith('"') ? '"' : old.startsWith("'") ? "'" : this.format === 'json' ? '"' : '';
    return [{ file: this.file, span: entry.keySpan, newText: `${q}${key}${q}` }];
  }

  /** Replaces a pair (key and value) with another key and value, on the same place. */
  replaceEntry(entry: CEntry, key: string, value: WriteValue): TextEdit[] {
    if (this.format === 'json') {
      return [{ file: this.file, span: entry.span, newText: `${JSON.stringify(key)}: ${renderJsonInline(value)}` }];
    }
    if (value !== null && typeof value === 'object') return [];
    return [{ file: this.file, span: entry.span, newText: `${key}: ${this.render(value)}` }];
  }

  /** Inserts `key: value` into the map at `mapPath` (the root for []); undefined if the map is not there. */
  insert(mapPath: readonly string[], key: string, value: WriteValue): TextEdit[] | undefined {
    const map = mapPath.length === 0 ? this.root : this.get(mapPath);
    if (this.format === 'json') return this.insertJson(map, key, value);
    if (!map || map.kind !== 'map' || !map.entries) return undefined;
    const eol = eolOf(this.text);
    if (map.flow) {
      if (value !== null && typeof value === 'object') return undefined;
      const close = map.span.end - 1;
      const sep = map.entries.length > 0 ? ', ' : '';
      return [{ file: this.file, span: { start: close, end: close }, newText: `${sep}${key}: ${this.render(value)}` }];
    }
    const last = map.entries[map.entries.length - 1];
    if (!last) return undefined;
    const indent = columnIndent(this.text, map.entries[0].keySpan.start);
    const step = indentStep(this.text, map.entries);
    const at = lineEndAt(this.text, Math.max(last.span.end - 1, last.keySpan.end));
    return [{ file: this.file, span: { start: at, end: at }, newText: eol + this.yamlBlock(key, value, indent, step, eol) }];
  }

  private insertJson(map: CNode | undefined, key: string, value: WriteValue): TextEdit[] | undefined {
    if (!map || map.kind !== 'map' || !map.entries) return undefined;
    const eol = eolOf(this.text);
    const fmt = jsonFormatting(this.text);
    const step = fmt.insertSpaces ? ' '.repeat(fmt.tabSize) : '\t';
    const last = map.entries[map.entries.length - 1];
    if (!last) {
      // An empty object: write the member on its own line inside the braces.
      const indent = columnIndent(this.text, map.span.start, true);
      const at = map.span.start + 1;
      return [{ file: this.file, span: { start: at, end: map.span.end - 1 }, newText: `${eol}${indent}${step}${JSON.stringify(key)}: ${renderJson(value, indent + step, step, eol)}${eol}${indent}` }];
    }
    const indent = columnIndent(this.text, map.entries[0].keySpan.start, true);
    const sameLine = this.text.slice(map.span.start, map.entries[0].keySpan.start).indexOf('\n') < 0;
    const sep = sameLine ? ' ' : eol + indent;
    const inner = sameLine ? renderJsonInline(value) : renderJson(value, indent, step, eol);
    return [{ file: this.file, span: { start: last.span.end, end: last.span.end }, newText: `,${sep}${JSON.stringify(key)}: ${inner}` }];
  }

  private yamlBlock(key: string, value: WriteValue, indent: string, step: string, eol: string): string {
    if (value !== null && typeof value === 'object') {
      const inner = Object.entries(value).map(([k, v]) => this.yamlBlock(k, v, indent + step, step, eol));
      return `${indent}${key}:${eol}${inner.join(eol)}`;
    }
    return `${indent}${key}: ${this.render(value)}`;
  }

  /** A scalar in this format; YAML strings that a YAML 1.1 reader (PyYAML) would not read as strings are quoted. */
  render(value: ScalarValue, quote?: CNode['quote']): string {
    if (this.format === 'json') return JSON.stringify(value);
    if (typeof value !== 'string') return value === null ? 'null' : String(value);
    if (quote === 'single') return `'${value.replace(/'/g, "''")}'`;
    if (quote === 'double') return JSON.stringify(value);
    return plainSafe(value) ? value : `'${value.replace(/'/g, "''")}'`;
  }
}

/** A string PyYAML and YAML 1.2 both read back as the same string when written plain. */
function plainSafe(s: string): boolean {
  if (s === '' || /^(y|yes|n|no|true|false|on|off|null|~)$/i.test(s)) return false;
  if (/^[-+.]?[0-9]/.test(s) || /^[-+]?\.(inf|nan)$/i.test(s)) return false;
  return /^[A-Za-z_][A-Za-z0-9_.\-/]*$/.test(s);
}

function renderJsonInline(v: WriteValue): string {
  if (v !== null && typeof v === 'object') {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${renderJsonInline(x)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(v);
}

function jsonFormatting(text: string): { tabSize: number; insertSpaces: boolean; eol: string } {
  const eol = eolOf(text);
  for (const line of text.split(/\r?\n/)) {
    const m = /^([ \t]+)\S/.exec(line);
    if (m) {
      if (m[1].startsWith('\t')) return { tabSize: 1, insertSpaces: false, eol };
      return { tabSize: m[1].length, insertSpaces: true, eol };
    }
  }
  return { tabSize: 2, insertSpaces: true, eol };
}

/** The whitespace before `offset` on its line (as spaces, or as written when `verbatim`). */
function columnIndent(text: string, offset: number, verbatim = false): string {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n') s--;
  const before = text.slice(s, offset);
  if (verbatim && /^[ \t]*$/.test(before)) return before;
  return ' '.repeat(offset - s);
}

/** A JSON value written over several lines, members indented by `step` below `indent`. */
function renderJson(v: WriteValue, indent: string, step: string, eol: string): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const members = Object.entries(v).map(([k, x]) => `${indent}${step}${JSON.stringify(k)}: ${renderJson(x, indent + step, step, eol)}`);
  return `{${eol}${members.join(`,${eol}`)}${eol}${indent}}`;
}

/** The indentation step the file uses under a map (for writing nested blocks); two spaces by default. */
function indentStep(text: string, entries: CEntry[]): string {
  const base = columnIndent(text, entries[0].keySpan.start).length;
  for (const e of entries) {
    const child = e.node?.entries?.[0];
    if (child && !e.node?.flow) {
      const d = columnIndent(text, child.keySpan.start).length - base;
      if (d > 0) return ' '.repeat(d);
    }
  }
  return '  ';
}

function lineEndAt(text: string, offset: number): number {
  let i = Math.max(0, offset);
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

// ---------------------------------------------------------------------------------------------

function fromJson(n: JsonNode): CNode {
  const span = { start: n.offset, end: n.offset + n.length };
  switch (n.type) {
    case 'object':
      return {
        kind: 'map',
        span,
        flow: true,
        entries: (n.children ?? []).flatMap((p): CEntry[] => {
          const [k, v] = p.children ?? [];
          if (!k) return [];
          return [{ key: String(k.value), keySpan: { start: k.offset, end: k.offset + k.length }, node: v ? fromJson(v) : undefined, span: { start: p.offset, end: p.offset + p.length } }];
        }),
      };
    case 'array':
      return { kind: 'seq', span, flow: true, items: (n.children ?? []).map(fromJson) };
    default:
      return { kind: 'scalar', span, value: n.value as ScalarValue, quote: n.type === 'string' ? 'double' : 'plain' };
  }
}

function yRange(n: { range?: [number, number, number] | null }): Span | undefined {
  return n.range ? { start: n.range[0], end: n.range[1] } : undefined;
}

function fromYaml(d: Document.Parsed): CNode | undefined {
  return d.contents ? fromYamlNode(d.contents as YNode) : undefined;
}

function fromYamlNode(n: YNode): CNode | undefined {
  const c = fromYamlNodeUntagged(n);
  const tag = (n as { tag?: string }).tag;
  if (c && typeof tag === 'string' && tag.startsWith('!')) c.tag = tag;
  return c;
}

function fromYamlNodeUntagged(n: YNode): CNode | undefined {
  const span = yRange(n as never);
  if (!span) return undefined;
  if (isMap(n)) {
    const entries: CEntry[] = [];
    for (const p of n.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const ks = yRange(p.key);
      if (!ks) continue;
      const node = p.value ? fromYamlNode(p.value as YNode) : undefined;
      entries.push({ key: String(p.key.value), keySpan: ks, node, span: { start: ks.start, end: node ? node.span.end : ks.end } });
    }
    return { kind: 'map', span, entries, flow: n.flow === true };
  }
  if (isSeq(n)) {
    return { kind: 'seq', span, flow: n.flow === true, items: n.items.flatMap((x) => (x && !isPair(x) ? [fromYamlNode(x as YNode)].filter((c): c is CNode => !!c) : [])) };
  }
  if (isScalar(n)) {
    const v = n.value;
    const value: ScalarValue = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
    const quote = n.type === Scalar.QUOTE_SINGLE ? 'single' : n.type === Scalar.QUOTE_DOUBLE ? 'double' : n.type === Scalar.PLAIN ? 'plain' : 'block';
    return { kind: 'scalar', span, value, quote };
  }
  if (isAlias(n)) return { kind: 'scalar', span, value: null, quote: 'plain' };
  return undefined;
}
