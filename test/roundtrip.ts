// The fix round trip over real code (issue 9): every fix, `--unsafe` included, applied to the files of
// ../shared/corpus (23 public repositories), then:
//   - every edited file still parses by a checker as strict as its language's own: CPython's `compile()` for
//     Python and for each notebook code cell (when python3 is on PATH; otherwise, and always in addition,
//     check/syntax.ts), JSON.parse for JSON and notebooks, the `yaml` package for YAML, smol-toml for TOML,
//     `bash -n` for shell scripts;
//     what the strict checker accepted before it must accept after;
//   - a second fix changes nothing (idempotent);
//   - the fixes removed their findings (no finding with an applicable fix is left) and added none (no rule and
//     message is found more often after than before; a new finding of another rule, without a fix, that the
//     change exposes is counted apart as a follow-up);
//   - bytes outside the edits are identical: each pass's text is the previous one with exactly the applied fixes'
//     edits spliced in (for a notebook: only the `source` of the edited cells changed, each cell's new source is
//     its old one with the edits spliced in), and, on a copy, `wattlint fix --unsafe` writes exactly those texts
//     in the file's own encoding (BOM, Latin-1, line endings), nothing else.
// Read-only on the corpus: fixes are applied in memory, the CLI runs on a copy in a temporary folder.
// Used by test/unit/roundtrip.test.ts (a fixed subset, in `npm test`) and bench/roundtrip.ts (the whole corpus).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { parseAllDocuments } from 'yaml';
import { setBudgetClock } from '../src/core/budget';
import { checkPythonSource } from '../src/core/check/syntax';
import { fixFiles, isWanted, type FixTextResult } from '../src/core/fix-all';
import { languageOf } from '../src/core/parse/document';
import type { Finding, Fix, TextEdit } from '../src/core/types';
import { collectGroups } from '../src/cli/plan';
import { encodeText } from '../src/node/fs-access';
import { fsWorkspace } from '../src/node/workspace';
import { CORPUS, corpusPresent } from './corpus/run';

export { CORPUS, corpusPresent };

/** The corpus's repositories (folders `owner+name`), sorted. */
export function corpusRepos(): string[] {
  return readdirSync(CORPUS)
    .filter((d) => d.includes('+') && statSync(join(CORPUS, d)).isDirectory())
    .sort();
}

export interface Problem {
  file: string;
  kind: 'breakage' | 'non-idempotent' | 'not-removed' | 'added' | 'follow-up' | 'outside-edits' | 'written-bytes' | 'unconverged';
  detail: string;
}

export interface RoundTripFigures {
  repos: number;
  /** Files read and analysed. */
  files: number;
  /** Files a fix changed. */
  edited: number;
  /** Fixes applied (safe and unsafe). */
  fixes: number;
  safe: number;
  unsafe: number;
  byRule: Record<string, number>;
  /** Fixes the pre-write check rejected (reported, not applied). */
  rejected: number;
  /** Edited files checked by CPython itself (0 when python3 is absent). */
  cpythonChecked: number;
  /** Files the CLI wrote on the copy, and how many of them were compared byte for byte. */
  written: number;
  breakages: number;
  nonIdempotent: number;
  problems: Problem[];
  ms: number;
}

// ---- strict checkers ----

const IPY_LINE = /^\s*[%!]|^\s*\w[\w.]*\?\s*$|^\s*(pip|conda|cd|ls)\s/;

/** A notebook code cell as CPython would see it after IPython's transforms of magics and shell lines. */
function cellAsPython(src: string): string {
  if (/^\s*%%/.test(src)) return ''; // a cell magic: its body is not Python (or is checked by IPython itself)
  return src
    .split('\n')
    .map((l) => (IPY_LINE.test(l) ? l.replace(/\S.*/, 'pass') : l))
    .join('\n');
}

function notebookCells(text: string): string[] | undefined {
  try {
    const nb = JSON.parse(text) as { cells?: { cell_type?: string; source?: string | string[] }[] };
    if (!Array.isArray(nb.cells)) return undefined;
    return nb.cells.map((c) => (c && c.cell_type === 'code' ? cellAsPython(Array.isArray(c.source) ? c.source.join('') : String(c.source ?? '')) : ''));
  } catch {
    return undefined;
  }
}

let python: string | null | undefined;
function python3(): string | null {
  if (python === undefined) {
    const r = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
    python = r.status === 0 && r.stdout.trim() === '3' ? 'python3' : null;
  }
  return python;
}

/** CPython's verdict on each source: undefined = compiles, else the SyntaxError. Null when python3 is absent. */
export function cpythonCompile(sources: readonly string[]): (string | undefined)[] | null {
  const py = python3();
  if (!py || sources.length === 0) return py ? [] : null;
  const prog =
    'import sys, json, warnings\nwarnings.simplefilter("ignore")\nout = []\nfor s in json.load(sys.stdin):\n' +
    '    try:\n        compile(s, "<fixed>", "exec", dont_inherit=True)\n        out.append(None)\n' +
    '    except (SyntaxError, ValueError) as e:\n        out.append(f"{type(e).__name__}: {e}")\njson.dump(out, sys.stdout)\n';
  const r = spawnSync(py, ['-c', prog], { input: JSON.stringify(sources), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr.slice(0, 500)}`);
  return (JSON.parse(r.stdout) as (string | null)[]).map((x) => x ?? undefined);
}

/** The strict parse of a non-Python file: undefined when it parses. */
function strictParse(path: string, text: string): string | undefined {
  const lang = languageOf(path);
  try {
    if (lang === 'json' || lang === 'notebook') {
      JSON.parse(text);
      return undefined;
    }
    if (lang === 'yaml') {
      const docs = parseAllDocuments(text);
      const errs = (Array.isArray(docs) ? docs : [docs]).flatMap((d) => d.errors);
      return errs.length ? errs[0].message.split('\n')[0] : undefined;
    }
    if (/\.toml$/i.test(path)) {
      parseToml(text);
      return undefined;
    }
    if (/\.(sh|bash)$/i.test(path)) {
      // bash's own parser, when bash is here
      const r = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' });
      if (r.error) return undefined;
      return r.status === 0 ? undefined : r.stderr.split('\n')[0] || `bash -n exited ${r.status}`;
    }
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
  return undefined;
}

// ---- edits ----

/** The edits spliced into a text by a plain, independent implementation (identical edits once). */
function splice(text: string, edits: readonly { span: { start: number; end: number }; newText: string }[]): string | undefined {
  const seen = new Set<string>();
  const list = edits
    .filter((e) => {
      const k = `${e.span.start}:${e.span.end}:${e.newText}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let pos = 0;
  for (const e of list) {
    if (e.span.start < pos) return undefined; // overlapping edits: fix-all must never apply these
    out += text.slice(pos, e.span.start) + e.newText;
    pos = e.span.end;
  }
  return out + text.slice(pos);
}

function sourceNode(root: JsonNode | undefined, cell: number): JsonNode | undefined {
  return root && findNodeAtLocation(root, ['cells', cell, 'source']);
}

function sourceValue(n: JsonNode | undefined): string | undefined {
  if (!n) return undefined;
  const v: unknown = getNodeValue(n);
  return Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : undefined;
}

/** Why `after` is not `before` with exactly these edits applied; undefined when it is. */
export function outsideEdits(path: string, before: string, after: string, edits: readonly TextEdit[]): string | undefined {
  if (edits.every((e) => e.cell === undefined)) {
    const expected = splice(before, edits);
    if (expected === undefined) return 'overlapping edits were applied';
    if (expected !== after) return `the text differs from the edits spliced in at offset ${firstDiff(expected, after)}`;
    return undefined;
  }
  // a notebook: only the `source` of the edited cells changes, to the old source with its edits spliced in
  const b = parseTree(before);
  const a = parseTree(after);
  const cells = [...new Set(edits.map((e) => e.cell!))].sort((x, y) => x - y);
  let pb = 0;
  let pa = 0;
  for (const cell of cells) {
    const nb = sourceNode(b, cell);
    const na = sourceNode(a, cell);
    if (!nb || !na) return `cell ${cell + 1} has no source`;
    if (before.slice(pb, nb.offset) !== after.slice(pa, na.offset)) return `bytes before cell ${cell + 1}'s source changed`;
    const want = splice(sourceValue(nb) ?? '', edits.filter((e) => e.cell === cell));
    if (want === undefined || want !== sourceValue(na)) return `cell ${cell + 1}'s source is not its edits spliced in`;
    pb = nb.offset + nb.length;
    pa = na.offset + na.length;
  }
  if (before.slice(pb) !== after.slice(pa)) return 'bytes after the last edited cell changed';
  return undefined;
}

function firstDiff(x: string, y: string): number {
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

// ---- the round trip ----


function key(f: Finding): string {
  return `${f.rule}\0${f.message}`;
}

interface RepoRun {
  results: Map<string, FixTextResult>;
  originals: Map<string, string>;
  encodings: Map<string, { bom: boolean; encoding: 'utf8' | 'latin1'; lossless: boolean }>;
  root: string;
}

/**
 * The round trip of whole repositories of the corpus. `cliPath` (the built CLI): also run `wattlint fix --unsafe`
 * on a copy of each and compare the bytes written.
 */
export function roundTrip(repos: readonly string[], opts: { cliPath?: string; log?: (s: string) => void } = {}): RoundTripFigures {
  const t0 = Date.now();
  // the per-file time budget on CPU time, as the CLI counts it: a loaded machine must not make the in-memory run
  // and the CLI's disagree
  setBudgetClock(() => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  });
  const fig: RoundTripFigures = { repos: 0, files: 0, edited: 0, fixes: 0, safe: 0, unsafe: 0, byRule: {}, rejected: 0, cpythonChecked: 0, written: 0, breakages: 0, nonIdempotent: 0, problems: [], ms: 0 };
  const problem = (file: string, kind: Problem['kind'], detail: string) => {
    fig.problems.push({ file, kind, detail });
    if (kind === 'breakage') fig.breakages++;
    if (kind === 'non-idempotent') fig.nonIdempotent++;
  };
  // CPython checks are batched: [file, before, after] sources
  const pyChecks: { file: string; before: string; after: string }[] = [];
  for (const repo of repos) {
    fig.repos++;
    const run = fixRepo(repo, (file, before, after, fixes) => {
      const why = outsideEdits(file, before, after, fixes.flatMap((f) => f.edits));
      if (why) problem(file, 'outside-edits', why);
    });
    fig.files += run.originals.size;
    for (const [path, r] of run.results) {
      const file = `${repo}/${path}`;
      const before = run.originals.get(path)!;
      fig.rejected += r.rejected.length;
      if (r.text === before) continue;
      fig.edited++;
      fig.fixes += r.applied.length;
      for (const a of r.applied) {
        if (a.safety === 'safe') fig.safe++;
        else fig.unsafe++;
        fig.byRule[a.rule] = (fig.byRule[a.rule] ?? 0) + 1;
      }
      if (!r.converged) problem(file, 'unconverged', `stopped after ${r.passes} passes`);
      // strict parse
      const lang = languageOf(path);
      if (lang === 'python') {
        const p = checkPythonSource(r.text);
        if (p) problem(file, 'breakage', `check/syntax: ${p.message}`);
        pyChecks.push({ file, before, after: r.text });
      } else {
        const was = strictParse(path, before);
        const now = strictParse(path, r.text);
        if (!was && now) problem(file, 'breakage', now);
        if (lang === 'notebook') {
          const cb = notebookCells(before) ?? [];
          const ca = notebookCells(r.text) ?? [];
          if (ca.length !== cb.length) problem(file, 'breakage', 'the number of cells changed');
          ca.forEach((src, i) => {
            if (src !== cb[i]) pyChecks.push({ file: `${file} cell ${i + 1}`, before: cb[i] ?? '', after: src });
          });
        }
      }
      // the fixes removed their findings and added none
      const left = r.remaining.filter((f) => isWanted(f.fix, { unsafe: true }));
      if (left.length) problem(file, 'not-removed', `${left.length} finding(s) with a fix left: ${left[0].rule}`);
      const counts = new Map<string, number>();
      for (const f of r.initial) counts.set(key(f), (counts.get(key(f)) ?? 0) + 1);
      for (const f of r.remaining) {
        const n = counts.get(key(f)) ?? 0;
        if (n === 0) {
          // a finding the fixed text has and the original had not: of a rule whose fix was applied here, or with a
          // fix of its own, it is one the fix made (`added`); otherwise another rule's advice that the change
          // exposes (fp32 → bf16 makes a 70B model's quantization advice apply): counted apart, as `follow-up`
          const made = isWanted(f.fix, { unsafe: true }) || r.applied.some((a) => a.rule === f.rule);
          problem(file, made ? 'added' : 'follow-up', `${f.rule}: ${f.message.slice(0, 120)}`);
        }
        else counts.set(key(f), n - 1);
      }
    }
    // a second fix changes nothing
    const fixed = [...run.results].map(([path, r]) => ({ path, text: r.text }));
    const ws = fsWorkspace(run.root, [...run.originals.keys()], undefined, { roots: [run.root] });
    const again = fixFiles(fixed, { settings: settingsOf(repo), workspace: ws, unsafe: true });
    for (const [path, r] of again) {
      if (r.applied.length > 0 || r.text !== run.results.get(path)!.text) problem(`${repo}/${path}`, 'non-idempotent', `a second fix applied ${r.applied.length} fix(es): ${r.applied.map((x) => x.rule).join(', ')}`);
    }
    if (opts.cliPath) fig.written += compareWritten(repo, run, opts.cliPath, problem);
    opts.log?.(`${repo}: ${run.originals.size} files, ${fig.edited} edited so far, ${fig.fixes} fixes so far`);
  }
  const verdicts = cpythonCompile(pyChecks.flatMap((c) => [c.before, c.after]));
  if (verdicts) {
    pyChecks.forEach((c, i) => {
      const was = verdicts[2 * i];
      const now = verdicts[2 * i + 1];
      fig.cpythonChecked++;
      if (!was && now) problem(c.file, 'breakage', `CPython: ${now}`);
    });
  }
  fig.ms = Date.now() - t0;
  return fig;
}

const settingsCache = new Map<string, ReturnType<typeof collectGroups>>();

function groupsOf(repo: string): ReturnType<typeof collectGroups> {
  let g = settingsCache.get(repo);
  if (!g) {
    // as `wattlint fix .` run inside the repository (the copy the CLI runs on)
    g = collectGroups({ cwd: join(CORPUS, repo), out: () => undefined, err: () => undefined }, ['.'], undefined);
    settingsCache.set(repo, g);
  }
  return g;
}

function settingsOf(repo: string) {
  return groupsOf(repo)[0].group.settings;
}

/** Fixes a repository in memory as `wattlint fix --unsafe` would (its first config group, all its files). */
function fixRepo(repo: string, onPass: (file: string, before: string, after: string, fixes: readonly Fix[]) => void): RepoRun {
  const results = new Map<string, FixTextResult>();
  const originals = new Map<string, string>();
  const encodings: RepoRun['encodings'] = new Map();
  let root = join(CORPUS, repo);
  for (const { group, collected } of groupsOf(repo)) {
    root = group.root;
    const files = collected.files;
    const workspace = fsWorkspace(group.root, collected.list, group.settings.maxFileBytes, { roots: collected.roots });
    const res = fixFiles(files, { settings: group.settings, workspace, unsafe: true, onPass: (p, b, a, fx) => onPass(`${repo}/${p}`, b, a, fx) });
    for (const f of files) {
      originals.set(f.path, f.text);
      results.set(f.path, res.get(f.path)!);
      const enc = collected.encodings.get(f.path);
      if (enc) encodings.set(f.path, enc);
    }
    break; // one group per repository (the corpus has no wattlint configs)
  }
  return { results, originals, encodings, root };
}

/**
 * Runs the CLI's `fix --unsafe` on a copy of the repository and compares every file's
 * bytes with the original's (unedited files) or with the in-memory result in the file's own encoding (edited).
 */
function compareWritten(repo: string, run: RepoRun, cli: string, problem: (file: string, kind: Problem['kind'], detail: string) => void): number {
  const tmp = mkdtempSync(join(tmpdir(), 'wattlint-roundtrip-'));
  try {
    const copy = join(tmp, repo);
    cpSync(join(CORPUS, repo), copy, { recursive: true });
    const r = spawnSync(process.execPath, [cli, 'fix', '.', '--unsafe', '--format', 'json'], { cwd: copy, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0 && r.status !== 1) problem(repo, 'written-bytes', `fix exited ${r.status}: ${r.stderr.slice(0, 300)}`);
    let written = 0;
    for (const [path, res] of run.results) {
      const orig = readFileSync(join(CORPUS, repo, path));
      const now = readFileSync(join(copy, path));
      const enc = run.encodings.get(path);
      if (res.text === run.originals.get(path)) {
        if (!now.equals(orig)) problem(`${repo}/${path}`, 'written-bytes', 'a file without fixes was rewritten');
        continue;
      }
      written++;
      const want = enc && enc.lossless ? encodeText(res.text, enc.bom, enc.encoding) : orig;
      if (!want || !now.equals(want)) problem(`${repo}/${path}`, 'written-bytes', `the bytes written differ from the fixed text in the file's encoding (${enc?.encoding ?? '?'}) at byte ${firstByteDiff(now, want ?? orig)}`);
    }
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function firstByteDiff(a: Buffer, b: Buffer): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
