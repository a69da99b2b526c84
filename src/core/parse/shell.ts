// Shell launch lines (`accelerate launch ...`, `torchrun ...`, `deepspeed ...`), split into words with a proper
// POSIX shell-word splitter, each word with its span. It handles single and double quotes, backslash escapes,
// line continuations, comments (collected for suppression directives), the separators `&&`, `||`, `;`, `|`, `&`
// and redirections. It is not a shell: it never expands anything, it only marks words whose value depends on an
// expansion (`$VAR`, `$(...)`, backticks) so extractors can treat them as dynamic.
// Invariant: parsing never fails; unterminated quotes run to the end of the file.
import { LineIndex } from '../text/lines';
import type { Span } from '../types';
import type { Comment, ParseResult } from './document';

export interface ShellWord {
  /** The word after quote removal. */
  value: string;
  span: Span;
  /** The word contains a parameter expansion or command substitution: its value is not known statically. */
  expands?: boolean;
}

export interface ShellCommand {
  words: ShellWord[];
  span: Span;
}

const OPERATOR_CHARS = ';&|()';

export function splitShell(text: string): { commands: ShellCommand[]; comments: Comment[] } {
  const commands: ShellCommand[] = [];
  const comments: Comment[] = [];
  let words: ShellWord[] = [];
  let dropNext = false;
  const n = text.length;
  let i = 0;

  const heredocs: { delim: string; strip: boolean }[] = [];
  /** At the start of a line: skips the bodies of pending here-documents, returns where commands resume. */
  const skipHeredocs = (from: number): number => {
    let p = from;
    while (heredocs.length > 0) {
      const { delim, strip } = heredocs.shift()!;
      while (p < n) {
        let e = text.indexOf('\n', p);
        if (e < 0) e = n;
        let line = text.slice(p, e).replace(/\r$/, '');
        if (strip) line = line.replace(/^\t+/, '');
        p = Math.min(n, e + 1);
        if (line === delim) break;
      }
    }
    return p;
  };

  const endCommand = () => {
    if (words.length > 0) commands.push({ words, span: { start: words[0].span.start, end: words[words.length - 1].span.end } });
    words = [];
    dropNext = false;
  };

  /** Skips a `$(...)`, `${...}` or backtick body starting at `j` (just past the opener); returns the index after it. */
  const skipNested = (j: number, open: string, close: string): number => {
    let depth = 1;
    while (j < n && depth > 0) {
      const c = text[j];
      if (c === '\\') j += 2;
      else if (c === '"' && open !== '`') {
        let e = j + 1;
        while (e < n && text[e] !== '"') e += text[e] === '\\' ? 2 : 1;
        j = e + 1;
      } else if (c === "'" && open !== '`') {
        const e = text.indexOf("'", j + 1);
        j = e < 0 ? n : e + 1;
      } else {
        if (c === open && open !== close) depth++;
        else if (c === close) depth--;
        j++;
      }
    }
    return j;
  };

  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (c === '\n') {
      endCommand();
      i++;
      i = skipHeredocs(i);
      continue;
    }
    if (c === '#') {
      const s = i;
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      comments.push({ span: { start: s, end: i }, text: text.slice(s, i) });
      continue;
    }
    if (OPERATOR_CHARS.includes(c)) {
      endCommand();
      i++;
      continue;
    }
    if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
      // A here-document: its body (the lines after this one, up to the delimiter) is data, not commands.
      let j = i + 2;
      const strip = text[j] === '-';
      if (strip) j++;
      while (text[j] === ' ' || text[j] === '\t') j++;
      let k = j;
      while (k < n && !/[\s;&|<>()]/.test(text[k])) k++;
      const delim = text.slice(j, k).replace(/['"\\]/g, '');
      if (delim) heredocs.push({ delim, strip });
      i = k;
      continue;
    }
    if (c === '>' || c === '<') {
      // A redirection: its target word is not part of the command.
      const opStart = i;
      i++;
      while (i < n && (text[i] === '>' || text[i] === '<' || text[i] === '&' || text[i] === '|')) i++;
      const prev = words[words.length - 1];
      if (prev && prev.span.end === opStart && /^[0-9]+$/.test(prev.value)) words.pop();
      // `2>&1`: the target is attached to the operator.
      if (text[i - 1] === '&' && /[0-9-]/.test(text[i] ?? '')) {
        while (i < n && /[0-9-]/.test(text[i])) i++;
      } else dropNext = true;
      continue;
    }
    // A word.
    const start = i;
    let value = '';
    let expands = false;
    while (i < n) {
      const ch = text[i];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || OPERATOR_CHARS.includes(ch) || ch === '>' || ch === '<') break;
      if (ch === '\\') {
        if (text[i + 1] === '\n') i += 2;
        else if (text[i + 1] === '\r' && text[i + 2] === '\n') i += 3;
        else {
          if (i + 1 < n) value += text[i + 1];
          i += 2;
        }
        continue;
      }
      if (ch === "'") {
        const e = text.indexOf("'", i + 1);
        const end = e < 0 ? n : e;
        value += text.slice(i + 1, end);
        i = end + 1;
        continue;
      }
      if (ch === '"') {
        i++;
        while (i < n && text[i] !== '"') {
          const d = text[i];
          if (d === '\\' && i + 1 < n && '"\\$`\n'.includes(text[i + 1])) {
            if (text[i + 1] !== '\n') value += text[i + 1];
            i += 2;
          } else if (d === '$' && /[A-Za-z_{(0-9@*#?!$-]/.test(text[i + 1] ?? '')) {
            const r = dollar(i);
            value += text.slice(i, r);
            expands = true;
            i = r;
          } else if (d === '`') {
            const r = skipNested(i + 1, '`', '`');
            value += text.slice(i, r);
            expands = true;
            i = r;
          } else {
            value += d;
            i++;
          }
        }
        i++;
        continue;
      }
      if (ch === '$' && /[A-Za-z_{(0-9@*#?!$-]/.test(text[i + 1] ?? '')) {
        const r = dollar(i);
        value += text.slice(i, r);
        expands = true;
        i = r;
        continue;
      }
      if (ch === '`') {
        const r = skipNested(i + 1, '`', '`');
        value += text.slice(i, r);
        expands = true;
        i = r;
        continue;
      }
      value += ch;
      i++;
    }
    const end = Math.min(i, n);
    if (dropNext) {
      dropNext = false;
      continue;
    }
    const w: ShellWord = { value, span: { start, end } };
    if (expands) w.expands = true;
    words.push(w);
  }
  endCommand();
  return { commands, comments };

  /** The end of the expansion starting with `$` at `j`. */
  function dollar(j: number): number {
    const nx = text[j + 1];
    if (nx === '(') return skipNested(j + 2, '(', ')');
    if (nx === '{') return skipNested(j + 2, '{', '}');
    if (/[A-Za-z_]/.test(nx)) {
      let k = j + 1;
      while (k < n && /[A-Za-z0-9_]/.test(text[k])) k++;
      return k;
    }
    return j + 2; // $1, $@, $?, ...
  }
}

export function parseShell(path: string, text: string): ParseResult {
  const { commands, comments } = splitShell(text);
  return { ok: true, doc: { lang: 'shell', path, text, lines: new LineIndex(text), comments, commands } };
}
