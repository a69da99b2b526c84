// Nesting limits checked on the text before a parser sees it, so no parser or tree walk recurses through 50,000
// levels (a stack overflow, or quadratic time in ancestor walks). Python's are CPython's own
// (Parser/tokenizer.h: MAXLEVEL 200 nested brackets, MAXINDENT 100 indentation levels): a file past them does not
// run, so nothing in it is worth analysing. Configs get a generous 500 levels (real ones stay under 30).
// Linear scans that skip strings and comments. Pure.
import type { Language } from '../types';

const PY_BRACKETS = 200;
const PY_INDENTS = 100;
const CONFIG_DEPTH = 500;

export interface NestingProblem {
  offset: number;
  message: string;
}

/** The first place the text nests deeper than the limit for its language, or undefined. */
export function nestingProblem(lang: Language, text: string): NestingProblem | undefined {
  switch (lang) {
    case 'python':
      return pythonNesting(text);
    case 'notebook':
      return bracketNesting(text, CONFIG_DEPTH * 4, '"', false); // the JSON of a notebook; its cells are Python (checked when joined)
    case 'json':
    case 'pbtxt':
    case 'jsts':
      return bracketNesting(text, CONFIG_DEPTH, '"\'`', lang === 'json' ? false : true);
    case 'yaml':
      return yamlNesting(text);
    default:
      return bracketNesting(text, CONFIG_DEPTH, '"\'', false);
  }
}

function tooDeep(offset: number, limit: number, unit: string, note = ''): NestingProblem {
  return { offset, message: `nested more than ${limit} ${unit} deep${note}; not analysed` };
}

/** Brackets `([{<` outside strings; `#` and `//` comments skipped when `comments`. (Code units, not one-character strings: this runs over every file's text.) */
function bracketNesting(text: string, limit: number, quotes: string, comments: boolean): NestingProblem | undefined {
  let depth = 0;
  const n = text.length;
  const q = Array.from(quotes, (ch) => ch.charCodeAt(0));
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (q.includes(c)) {
      for (i++; i < n && text.charCodeAt(i) !== c; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      continue;
    }
    if (comments && (c === HASH || (c === SLASH && text.charCodeAt(i + 1) === SLASH))) {
      while (i < n && text.charCodeAt(i) !== NL) i++;
      continue;
    }
    if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > limit) return tooDeep(i, limit, 'levels');
    } else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

const NL = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const HASH = 35;
const SLASH = 47;
const BACKSLASH = 92;
const DQUOTE = 34;
const SQUOTE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

function pythonNesting(text: string): NestingProblem | undefined {
  let depth = 0;
  const n = text.length;
  const indents: number[] = [0];
  let lineStart = true;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (lineStart && depth === 0) {
      lineStart = false;
      let col = 0;
      let j = i;
      for (let cj = text.charCodeAt(j); j < n && (cj === SPACE || cj === TAB); cj = text.charCodeAt(++j)) col += cj === TAB ? 8 - (col % 8) : 1;
      const cj = text.charCodeAt(j);
      if (j < n && cj !== NL && cj !== CR && cj !== HASH) {
        while (indents.length > 1 && col < indents[indents.length - 1]) indents.pop();
        if (col > indents[indents.length - 1]) {
          indents.push(col);
          if (indents.length > PY_INDENTS) return tooDeep(j, PY_INDENTS, 'indentation levels', " (CPython's own limit)");
        }
      }
      i = j - 1;
      continue;
    }
    if (c === NL) {
      lineStart = true;
      continue;
    }
    if (c === HASH) {
      while (i + 1 < n && text.charCodeAt(i + 1) !== NL) i++;
      continue;
    }
    if (c === DQUOTE || c === SQUOTE) {
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      if (triple) {
        const end = text.indexOf(c === DQUOTE ? '"""' : "'''", i + 3);
        i = end < 0 ? n : end + 2;
      } else {
        for (i++; i < n && text.charCodeAt(i) !== c && text.charCodeAt(i) !== NL; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      }
      continue;
    }
    if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > PY_BRACKETS) return tooDeep(i, PY_BRACKETS, 'brackets', " (CPython's own limit)");
    } else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** YAML: flow brackets and block indentation levels (a level per increase of indentation). */
function yamlNesting(text: string): NestingProblem | undefined {
  const flow = bracketNesting(text, CONFIG_DEPTH, '"\'', true);
  if (flow) return flow;
  const indents: number[] = [0];
  let at = 0;
  for (const line of text.split('\n')) {
    let col = 0;
    while (col < line.length && (line[col] === ' ' || line[col] === '-')) col++;
    if (col < line.length && line[col] !== '#') {
      while (indents.length > 1 && col < indents[indents.length - 1]) indents.pop();
      if (col > indents[indents.length - 1]) {
        indents.push(col);
        if (indents.length > CONFIG_DEPTH) return tooDeep(at + col, CONFIG_DEPTH, 'levels');
      }
    }
    at += line.length + 1;
  }
  return undefined;
}
