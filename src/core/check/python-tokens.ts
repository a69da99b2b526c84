// The part of CPython's own syntax check that tree-sitter does not do: the tokenizer's line structure. tree-sitter
// recovers from (and accepts) `x = 1\n    y = 2`, a dedent to a level that was never opened, tabs mixed with
// spaces, or a line continuation followed by text; CPython rejects them all. This re-implements, for a whole
// module, what CPython 3's tokenizer (Parser/tokenizer.c) decides and what its parser then requires of the token
// stream:
// - physical → logical lines: `\r\n` and `\r` are newlines; a backslash joins lines (and must be followed by the
//   newline); brackets join lines; strings (all prefixes, triple quotes, escapes) and comments are skipped;
// - INDENT / DEDENT as the tokenizer computes them: columns with tabs to multiples of 8 and, alongside, with tabs as
//   one column; the two must order every indentation the same way (else TabError); a dedent must land on an open
//   level (else "unindent does not match any outer indentation level"); blank and comment-only lines do not count;
//   at most 100 levels;
// - the parser's rule for them: a logical line ending in `:` opens a block, so the next one must be indented
//   ("expected an indented block"), and an indented line anywhere else is "unexpected indent";
// - brackets: every closer matches its opener, none is left open, at most 200 deep;
// - characters that are no Python token (`$`, `?`, a lone `!`, `` ` ``, `<>`), a string prefix that is not one,
//   and NUL bytes.
// f-strings are read as plain string tokens, as CPython up to 3.11 does (3.12's nested quotes are refused: a
// stricter reading, never a laxer one). Pure; linear in the text.

export interface SyntaxProblem {
  /** 0-based offset in the text. */
  offset: number;
  message: string;
}

const MAXINDENT = 100; // Parser/tokenizer.h
const MAXLEVEL = 200; // Parser/tokenizer.h
const TABSIZE = 8;

const STRING_PREFIXES = new Set(['r', 'u', 'f', 'b', 'br', 'rb', 'fr', 'rf']);
const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
// Characters that begin an operator or delimiter token.
const OPERATOR_CHARS = new Set([...'+-*/%@&|^~<>=.,:;!']);

const ID_START = /^[\p{ID_Start}_]$/u;
const ID_CONTINUE = /^[\p{ID_Continue}]$/u;

/** The character (a whole code point: an astral letter is two UTF-16 units) at `i`. */
function charAt(text: string, i: number): string {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? text.slice(i, i + 2) : text[i];
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || (c > '\x7f' && ID_START.test(c));
}

function isIdentChar(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || (c >= '0' && c <= '9') || (c > '\x7f' && ID_CONTINUE.test(c));
}

/**
 * The first problem CPython's tokenizer (and its INDENT rules) would report, or undefined. `blockColons`, when
 * given, receives the offset of every `:` that ends a logical line: each must end a compound statement's header,
 * which the caller checks against the syntax tree.
 */
export function checkPythonTokens(source: string, blockColons?: number[]): SyntaxProblem | undefined {
  const nul = source.indexOf('\0');
  if (nul >= 0) return { offset: nul, message: 'source code cannot contain null bytes' };
  const text = source.endsWith('\n') || source.endsWith('\r') ? source : source + '\n';
  const n = text.length;
  const indstack = [0];
  const altstack = [0];
  const brackets: { ch: string; at: number }[] = [];
  let i = 0;
  let atLineStart = true;
  /** The previous logical line ended with `:` (opens a block); where it ended. */
  let opensBlock = false;
  let headerAt = 0;
  /** The last significant token of the current logical line, and where it starts. */
  let last = '';
  let lastAt = 0;
  let lineHasTokens = false;

  const isNewline = (k: number) => text[k] === '\n' || text[k] === '\r';
  const skipNewline = (k: number) => (text[k] === '\r' && text[k + 1] === '\n' ? k + 2 : k + 1);

  while (i < n) {
    if (atLineStart) {
      atLineStart = false;
      let col = 0;
      let alt = 0;
      let contCol = -1;
      const lineStart = i;
      for (;;) {
        const c = text[i];
        if (c === ' ') {
          col++;
          alt++;
          i++;
        } else if (c === '\t') {
          col = (Math.floor(col / TABSIZE) + 1) * TABSIZE;
          alt++;
          i++;
        } else if (c === '\f') {
          col = alt = 0;
          i++;
        } else if (c === '\\' && isNewline(i + 1)) {
          // indentation split over lines by backslashes: the first one decides (tokenizer.c)
          if (contCol < 0) contCol = col;
          i = skipNewline(i + 1);
        } else break;
      }
      if (contCol >= 0) {
        col = contCol;
        alt = contCol;
      }
      const c = text[i];
      const blank = c === '#' || c === '\n' || c === '\r' || i >= n;
      if (!blank && brackets.length === 0) {
        const top = indstack.length - 1;
        if (col === indstack[top]) {
          if (alt !== altstack[top]) return { offset: lineStart, message: 'TabError: inconsistent use of tabs and spaces in indentation' };
          if (opensBlock) return { offset: i, message: `IndentationError: expected an indented block after the line ending in ':' at offset ${headerAt}` };
        } else if (col > indstack[top]) {
          if (indstack.length >= MAXINDENT) return { offset: lineStart, message: 'IndentationError: too many levels of indentation' };
          if (alt <= altstack[top]) return { offset: lineStart, message: 'TabError: inconsistent use of tabs and spaces in indentation' };
          if (!opensBlock) return { offset: i, message: 'IndentationError: unexpected indent' };
          indstack.push(col);
          altstack.push(alt);
        } else {
          if (opensBlock) return { offset: i, message: `IndentationError: expected an indented block after the line ending in ':' at offset ${headerAt}` };
          while (indstack.length > 1 && col < indstack[indstack.length - 1]) {
            indstack.pop();
            altstack.pop();
          }
          if (col !== indstack[indstack.length - 1]) return { offset: i, message: 'IndentationError: unindent does not match any outer indentation level' };
          if (alt !== altstack[altstack.length - 1]) return { offset: lineStart, message: 'TabError: inconsistent use of tabs and spaces in indentation' };
        }
        opensBlock = false;
      }
      continue;
    }
    const c = text[i];
    if (c === '\n' || c === '\r') {
      i = skipNewline(i);
      atLineStart = true;
      if (brackets.length === 0 && lineHasTokens) {
        // end of a logical line
        opensBlock = last === ':';
        if (opensBlock) {
          headerAt = i;
          blockColons?.push(lastAt);
        }
        last = '';
        lineHasTokens = false;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && !isNewline(i)) i++;
      continue;
    }
    if (c === '\\') {
      if (!isNewline(i + 1)) return { offset: i, message: 'unexpected character after line continuation character' };
      i = skipNewline(i + 1);
      if (i >= n) return { offset: i - 1, message: 'unexpected EOF while parsing' };
      continue;
    }
    lineHasTokens = true;
    if (c === '"' || c === "'") {
      const end = skipString(text, i, false);
      if (typeof end !== 'number') return end;
      i = end;
      last = 'string';
      continue;
    }
    const wide = charAt(text, i);
    if (isIdentStart(wide)) {
      let j = i + wide.length;
      for (;;) {
        if (j >= n) break;
        const d = charAt(text, j);
        if (!isIdentChar(d)) break;
        j += d.length;
      }
      if (text[j] === '"' || text[j] === "'") {
        const prefix = text.slice(i, j).toLowerCase();
        if (!STRING_PREFIXES.has(prefix)) return { offset: i, message: 'invalid syntax (a name directly followed by a string)' };
        const end = skipString(text, j, prefix.includes('r'));
        if (typeof end !== 'number') return end;
        i = end;
        last = 'string';
        continue;
      }
      i = j;
      last = 'name';
      continue;
    }
    if (c >= '0' && c <= '9') {
      // numbers: digits, letters (0x, e, j, suffixes), `_`, `.`, and a sign after an exponent
      let j = i + 1;
      while (j < n) {
        const d = text[j];
        if (isIdentChar(d) || d === '.') j++;
        else if ((d === '+' || d === '-') && /[eE]/.test(text[j - 1]) && !/^0[xX]/.test(text.slice(i, j))) j++;
        else break;
      }
      i = j;
      last = 'number';
      continue;
    }
    if (c in OPENERS) {
      if (brackets.length >= MAXLEVEL) return { offset: i, message: 'too many nested parentheses' };
      brackets.push({ ch: c, at: i });
      i++;
      last = c;
      continue;
    }
    if (c in CLOSERS) {
      const open = brackets.pop();
      if (!open) return { offset: i, message: `unmatched '${c}'` };
      if (open.ch !== CLOSERS[c]) return { offset: i, message: `closing parenthesis '${c}' does not match opening parenthesis '${open.ch}'` };
      i++;
      last = c;
      continue;
    }
    if (c === '.' && text[i + 1] >= '0' && text[i + 1] <= '9') {
      let j = i + 1;
      while (j < n && (isIdentChar(text[j]) || ((text[j] === '+' || text[j] === '-') && /[eE]/.test(text[j - 1])))) j++;
      i = j;
      last = 'number';
      continue;
    }
    if (OPERATOR_CHARS.has(c)) {
      if (c === '!' && text[i + 1] !== '=') return { offset: i, message: "invalid syntax ('!' is not an operator)" };
      if (c === '<' && text[i + 1] === '>') return { offset: i, message: "invalid syntax ('<>' is not an operator in Python 3)" };
      // the operator's last character is what matters for `:` at the end of a line (`:=` is not a colon)
      if (c === ':' && text[i + 1] === '=') {
        i += 2;
        last = ':=';
        continue;
      }
      lastAt = i;
      i++;
      last = c;
      continue;
    }
    return { offset: i, message: `invalid character (U+${wide.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})` };
  }
  if (brackets.length) {
    const open = brackets[brackets.length - 1];
    return { offset: open.at, message: `'${open.ch}' was never closed` };
  }
  if (opensBlock) return { offset: source.length, message: "IndentationError: expected an indented block after the last line ending in ':'" };
  return undefined;
}

/** The offset after the string literal whose opening quote is at `q`, or the problem. */
function skipString(text: string, q: number, raw: boolean): number | SyntaxProblem {
  const quote = text[q];
  const triple = text[q + 1] === quote && text[q + 2] === quote;
  const n = text.length;
  let i = q + (triple ? 3 : 1);
  while (i < n) {
    const c = text[i];
    if (c === '\\') {
      // an escape (or, in a raw string, a backslash that still protects the next character from ending the string)
      i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    if (!triple && (c === '\n' || c === '\r')) return { offset: q, message: 'unterminated string literal' };
    if (c === quote) {
      if (!triple) return i + 1;
      if (text[i + 1] === quote && text[i + 2] === quote) return i + 3;
    }
    i++;
  }
  void raw;
  return { offset: q, message: triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal' };
}
