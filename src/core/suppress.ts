// Suppression directives in comments: `# wattlint: ignore[rule-id, ...] -- reason` silences those rules on its
// line (a comment alone on a line silences the next line too); `wattlint: ignore` without ids silences every
// rule there; `wattlint: file-ignore[...]` anywhere silences them in the whole file.
import type { Comment } from './parse/document';
import type { LineIndex } from './text/lines';
import type { Span } from './types';

export interface Directive {
  kind: 'ignore' | 'file-ignore';
  /** Empty: every rule. */
  rules: string[];
  reason?: string;
  span: Span;
  /** 1-based lines the directive covers (ignore only). */
  lines: number[];
}

const MARK = 'wattlint:';

/** Reads one comment's directive, if it holds one. Comment text includes its marker (`#`, `//`, `/*`). */
export function parseDirective(comment: Comment): Omit<Directive, 'lines'> | undefined {
  const at = comment.text.indexOf(MARK);
  if (at < 0) return undefined;
  let rest = comment.text.slice(at + MARK.length).trimStart();
  let kind: Directive['kind'];
  if (rest.startsWith('file-ignore')) {
    kind = 'file-ignore';
    rest = rest.slice('file-ignore'.length);
  } else if (rest.startsWith('ignore')) {
    kind = 'ignore';
    rest = rest.slice('ignore'.length);
  } else return undefined;
  let rules: string[] = [];
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    rules = rest
      .slice(1, close)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    rest = rest.slice(close + 1);
  }
  const dash = rest.indexOf('--');
  let reason = dash >= 0 ? rest.slice(dash + 2).trim() : undefined;
  if (reason?.endsWith('*/')) reason = reason.slice(0, -2).trim();
  return { kind, rules, reason: reason || undefined, span: comment.span };
}

export function collectDirectives(comments: readonly Comment[], lines: LineIndex): Directive[] {
  const out: Directive[] = [];
  for (const c of comments) {
    const d = parseDirective(c);
    if (!d) continue;
    const line = lines.position(c.span.start).line;
    const before = lines.text.slice(lines.lineStart(line), c.span.start);
    const alone = before.trim().length === 0;
    out.push({ ...d, lines: alone ? [line, line + 1] : [line] });
  }
  return out;
}

export class Suppressions {
  private readonly fileRules = new Set<string>();
  private fileAll = false;
  private readonly byLine = new Map<number, Set<string> | 'all'>();

  constructor(readonly directives: Directive[]) {
    for (const d of directives) {
      if (d.kind === 'file-ignore') {
        if (d.rules.length === 0) this.fileAll = true;
        d.rules.forEach((r) => this.fileRules.add(r));
        continue;
      }
      for (const l of d.lines) {
        const cur = this.byLine.get(l);
        if (d.rules.length === 0 || cur === 'all') this.byLine.set(l, 'all');
        else this.byLine.set(l, new Set([...(cur ?? []), ...d.rules]));
      }
    }
  }

  /** `line` is 1-based, or null for a file-level finding (only file-ignore covers those). */
  isSuppressed(rule: string, line: number | null): boolean {
    if (this.fileAll || this.fileRules.has(rule)) return true;
    if (line === null) return false;
    const s = this.byLine.get(line);
    return s === 'all' || (s !== undefined && s.has(rule));
  }
}

/** The comment syntax to write a directive in, by language. */
export function commentPrefix(lang: string): string | undefined {
  switch (lang) {
    case 'python':
    case 'notebook':
    case 'yaml':
    case 'toml':
    case 'pbtxt':
    case 'shell':
      return '#';
    case 'jsts':
      return '//';
    default:
      return undefined; // JSON has no comments
  }
}
