// Protocol-buffer text format (Triton's config.pbtxt): a small tokenizer and recursive-descent parser that keeps
// the span of every field.
import type { Span } from '../types';
import type { ParseResult } from './document';

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

export function parsePbtxt(path: string, _text: string): ParseResult {
  // TODO(config helper)
  return { ok: false, error: { file: path, message: 'pbtxt is not supported yet' } };
}
