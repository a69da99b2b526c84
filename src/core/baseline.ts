// Baselines: an existing repository records today's findings (`wattlint scan --write-baseline`) and later scans
// show only new ones. A finding's fingerprint is rule + file + the normalised text of its line + its occurrence
// index among equal (rule, file, text) findings, so it survives lines moving when code above is edited.
// Pure: the CLI reads and writes the file.
import { parseTree, type ParseError } from 'jsonc-parser';
import { LineIndex } from './text/lines';
import type { Finding } from './types';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  rule: string;
  file: string;
  fingerprint: string;
  /** For people reading the file; not used for matching. */
  line?: number | null;
  message?: string;
}

export interface Baseline {
  version: number;
  findings: BaselineEntry[];
}

/** cyrb53: a fast 53-bit string hash, as 14 hex digits. Not cryptographic; collisions are irrelevant at this scale. */
export function hash53(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** Whitespace-insensitive form of a line, so re-indenting or re-spacing keeps the fingerprint. */
export function normaliseLine(s: string): string {
  return s.trim().split(/\s+/).join(' ');
}

/** The text a finding's line holds ('' for a file-level finding). Notebook lines are read from the cell. */
export function findingLineText(text: string, f: Pick<Finding, 'cell' | 'range'>): string {
  if (!f.range) return '';
  const src = f.cell !== undefined ? cellSource(text, f.cell) : text;
  return src === undefined ? '' : linesOf(src).lineText(f.range.startLine);
}

// The last notebook read, by text: a report asks for many cells of the same notebook in a row.
let lastNotebook: { text: string; cells: (string | undefined)[] | undefined } | undefined;

/** The source of a notebook's cell (0-based index among all cells), or undefined if unreadable. */
export function cellSource(notebookText: string, cell: number): string | undefined {
  if (lastNotebook?.text !== notebookText) {
    let cells: (string | undefined)[] | undefined;
    try {
      const nb = JSON.parse(notebookText) as { cells?: { source?: string | string[] }[] };
      cells = nb.cells?.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
    } catch {
      cells = undefined;
    }
    lastNotebook = { text: notebookText, cells };
  }
  return lastNotebook.cells?.[cell];
}

// Likewise the line index of the last text asked about.
let lastLines: LineIndex | undefined;

/** A line index of `text`, reused while the same text is asked about. */
export function linesOf(text: string): LineIndex {
  if (lastLines?.text !== text) lastLines = new LineIndex(text);
  return lastLines;
}

/**
 * Fingerprints of findings, in order. `textOf` gives a file's text (by the finding's `file`); `keyOf` the path
 * the baseline records (relative to the baseline file, so the scan may run from another folder).
 */
export function fingerprints(
  findings: readonly Finding[],
  textOf: (file: string) => string | undefined,
  keyOf: (file: string) => string = (f) => f,
): string[] {
  const seen = new Map<string, number>();
  const lineIndexCache = new Map<string, string>();
  return findings.map((f) => {
    const text = textOf(f.file) ?? '';
    const cacheKey = `${f.file}\0${f.cell ?? ''}\0${f.range?.startLine ?? ''}`;
    let line = lineIndexCache.get(cacheKey);
    if (line === undefined) {
      line = normaliseLine(findingLineText(text, f));
      lineIndexCache.set(cacheKey, line);
    }
    const base = `${f.rule}\0${keyOf(f.file)}\0${line}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return hash53(`${base}\0${n}`);
  });
}

export function makeBaseline(findings: readonly (Finding & { fingerprint: string })[], keyOf: (file: string) => string = (f) => f): Baseline {
  return {
    version: BASELINE_VERSION,
    findings: findings.map((f) => ({ rule: f.rule, file: keyOf(f.file), fingerprint: f.fingerprint, line: f.range?.startLine ?? null, message: f.message })),
  };
}

export function serializeBaseline(b: Baseline): string {
  return JSON.stringify(b, null, 2) + '\n';
}

export type BaselineResult = { ok: true; baseline: Baseline } | { ok: false; message: string };

export function parseBaseline(text: string): BaselineResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // the position only: the platform's message quotes the text, and the file may be anything (never echo it)
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    const at = errors[0]?.offset;
    const where = at !== undefined ? ` at line ${new LineIndex(text).position(at).line}` : '';
    return { ok: false, message: `not valid JSON${where}; expected a baseline written by \`wattlint scan --write-baseline\`` };
  }
  const d = data as Partial<Baseline> | null;
  if (!d || typeof d !== 'object' || d.version !== BASELINE_VERSION || !Array.isArray(d.findings)) {
    return { ok: false, message: `expected {"version": ${BASELINE_VERSION}, "findings": [...]} as written by \`wattlint scan --write-baseline\`` };
  }
  for (const [i, e] of d.findings.entries()) {
    if (!e || typeof e !== 'object' || typeof e.fingerprint !== 'string' || typeof e.rule !== 'string') {
      return { ok: false, message: `findings[${i}]: expected an object with string "rule" and "fingerprint"` };
    }
  }
  return { ok: true, baseline: d as Baseline };
}

/** Splits findings into those not in the baseline (kept) and the number hidden by it. */
export function applyBaseline<T extends { fingerprint?: string }>(findings: readonly T[], baseline: Baseline): { kept: T[]; hidden: number } {
  const known = new Set(baseline.findings.map((e) => e.fingerprint));
  const kept = findings.filter((f) => !f.fingerprint || !known.has(f.fingerprint));
  return { kept, hidden: findings.length - kept.length };
}
