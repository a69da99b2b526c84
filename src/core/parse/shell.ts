// Shell launch lines (`accelerate launch ...`, `torchrun ...`, `deepspeed ...`), split into words with a proper
// shell-word splitter, each word with its span.
import type { Span } from '../types';
import type { ParseResult } from './document';

export interface ShellWord {
  /** The word after quote removal. */
  value: string;
  span: Span;
}

export interface ShellCommand {
  words: ShellWord[];
  span: Span;
}

export function parseShell(path: string, _text: string): ParseResult {
  // TODO(config helper)
  return { ok: false, error: { file: path, message: 'shell is not supported yet' } };
}
