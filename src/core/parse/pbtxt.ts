// Protocol-buffer text format (Triton's config.pbtxt): a small tokenizer and recursive-descent parser that keeps
// the span of every field. `#` comments are collected for suppression directives. A repeated field written as a
// list (`instance_group [ {...}, {...} ]`) becomes one PbField per element, as protobuf itself reads it.
// Invariant: never throws past parsePbtxt; a syntax error comes back with its line and column.
import { LineIndex } from '../text/lines';
import type { Span } from '../types';
import type { Comment, ParseResult } from './document';

export interface PbField {
  name: string;
  nameSpan: Span;
  /** A scalar (number, identifier or string, unquoted) or a nested message. */
  value: string | PbMessage;
  valueSpan: Span;
  /** Whole field, name to end of value. */
  span: Span;
}

export interface PbMessage {
  fields: PbField[];
  span: Span;
}

type TokKind = 'ident' | 'string' | 'number' | 'punct';
interface Tok {
  kind: TokKind;
  text: string;
  /** Unquoted value for strings. */
  value: string;
  span: Span;
}

class PbSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentChar = (c: string) => /[A-Za-z0-9_.]/.test(c);

function tokenize(text: string, comments: Comment[]): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '#') {
      const s = i;
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      comments.push({ span: { start: s, end: i }, text: text.slice(s, i) });
      continue;
    }
    if (c === '"' || c === "'") {
      const s = i++;
      let value = '';
      while (i < n && text[i] !== c) {
        if (text[i] === '\n') throw new PbSyntaxError('unterminated string', s);
        if (text[i] === '\\' && i + 1 < n) {
          const e = text[i + 1];
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
        } else value += text[i++];
      }
      if (i >= n) throw new PbSyntaxError('unterminated string', s);
      i++;
      // Adjacent string literals concatenate.
      const prev = toks[toks.length - 1];
      if (prev && prev.kind === 'string' && /^\s*$/.test(text.slice(prev.span.end, s))) {
        prev.value += value;
        prev.span = { start: prev.span.start, end: i };
        prev.text = text.slice(prev.span.start, i);
      } else toks.push({ kind: 'string', text: text.slice(s, i), value, span: { start: s, end: i } });
      continue;
    }
    if (/[0-9]/.test(c) || ((c === '-' || c === '+' || c === '.') && /[0-9.A-Za-z]/.test(text[i + 1] ?? ''))) {
      const s = i++;
      while (i < n && /[0-9A-Za-z_.+-]/.test(text[i])) {
        // A sign only continues a number right after an exponent marker.
        if ((text[i] === '-' || text[i] === '+') && !/[eE]/.test(text[i - 1])) break;
        i++;
      }
      const t = text.slice(s, i);
      toks.push({ kind: /^[-+]?[A-Za-z]/.test(t) ? 'ident' : 'number', text: t, value: t, span: { start: s, end: i } });
      continue;
    }
    if (isIdentStart(c)) {
      const s = i++;
      while (i < n && isIdentChar(text[i])) i++;
      const t = text.slice(s, i);
      toks.push({ kind: 'ident', text: t, value: t, span: { start: s, end: i } });
      continue;
    }
    if ('{}<>[]:,;'.includes(c)) {
      toks.push({ kind: 'punct', text: c, value: c, span: { start: i, end: i + 1 } });
      i++;
      continue;
    }
    throw new PbSyntaxError(`unexpected character (U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`, i);
  }
  return toks;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly textLength: number,
  ) {}

  private peek(): Tok | undefined {
    return this.toks[this.pos];
  }

  private next(what: string): Tok {
    const t = this.toks[this.pos++];
    if (!t) throw new PbSyntaxError(`unexpected end of file, expected ${what}`, this.textLength);
    return t;
  }

  private isPunct(t: Tok | undefined, p: string): boolean {
    return t !== undefined && t.kind === 'punct' && t.text === p;
  }

  /** Fields until `close` (or end of file when close is undefined). */
  message(start: number, close?: string): PbMessage {
    const fields: PbField[] = [];
    for (;;) {
      const t = this.peek();
      if (!t) {
        if (close) throw new PbSyntaxError(`unexpected end of file, expected '${close}'`, this.textLength);
        return { fields, span: { start, end: this.textLength } };
      }
      if (close && this.isPunct(t, close)) {
        this.pos++;
        return { fields, span: { start, end: t.span.end } };
      }
      if (this.isPunct(t, ',') || this.isPunct(t, ';')) {
        this.pos++;
        continue;
      }
      fields.push(...this.field());
    }
  }

  private field(): PbField[] {
    const name = this.next('a field name');
    if (name.kind !== 'ident') throw new PbSyntaxError('expected a field name', name.span.start);
    let colon = false;
    if (this.isPunct(this.peek(), ':')) {
      this.pos++;
      colon = true;
    }
    const t = this.peek();
    if (this.isPunct(t, '[')) {
      this.pos++;
      const out: PbField[] = [];
      // Elements are separated by commas (a trailing one is tolerated): `[ {a} {b} ]` or `[ {a} x {} ]` is an error.
      let afterElement = false;
      for (;;) {
        const e = this.peek();
        if (this.isPunct(e, ']')) {
          this.pos++;
          return out;
        }
        if (this.isPunct(e, ',')) {
          this.pos++;
          afterElement = false;
          continue;
        }
        if (afterElement && e) throw new PbSyntaxError(`expected ',' or ']' in the list \`${name.text}\``, e.span.start);
        afterElement = true;
        const v = this.value(colon, true);
        out.push({ name: name.text, nameSpan: name.span, value: v.value, valueSpan: v.span, span: { start: name.span.start, end: v.span.end } });
      }
    }
    const v = this.value(colon, false);
    return [{ name: name.text, nameSpan: name.span, value: v.value, valueSpan: v.span, span: { start: name.span.start, end: v.span.end } }];
  }

  private value(colon: boolean, inList: boolean): { value: string | PbMessage; span: Span } {
    const t = this.next('a value');
    if (this.isPunct(t, '{') || this.isPunct(t, '<')) {
      const m = this.message(t.span.start, t.text === '{' ? '}' : '>');
      return { value: m, span: m.span };
    }
    if (!colon && !inList) throw new PbSyntaxError("expected ':' or '{' after the field name", t.span.start);
    if (t.kind === 'punct') throw new PbSyntaxError(`expected a value, found ${t.text === '}' || t.text === '>' || t.text === ']' ? `'${t.text}'` : 'punctuation'}`, t.span.start);
    return { value: t.value, span: t.span };
  }
}

export function parsePbtxt(path: string, text: string): ParseResult {
  const lines = new LineIndex(text);
  const comments: Comment[] = [];
  try {
    const toks = tokenize(text, comments);
    const root = new Parser(toks, text.length).message(0);
    return { ok: true, doc: { lang: 'pbtxt', path, text, lines, comments, root } };
  } catch (e) {
    if (e instanceof PbSyntaxError) {
      const p = lines.position(e.offset);
      return { ok: false, error: { file: path, line: p.line, column: p.column, message: `pbtxt: ${e.message}` } };
    }
    throw e;
  }
}

/** Fields of a message with this name. */
export function pbFields(m: PbMessage, name: string): PbField[] {
  return m.fields.filter((f) => f.name === name);
}
