// The analysis pipeline for one file: pre-filter → parse → extract jobs → run rules → suppressions →
// positions → savings. Never throws: a file that cannot be parsed comes back in `errors`.
import { assumedJob, estimateSaving, missingFacts, type JobEstimate } from './engine';
import { gateSeverity, immaterial } from './engine/severity';
import { extractJobs } from './extract';
import { BudgetExceeded, DEFAULT_BUDGET_MS, withBudget } from './budget';
import { gateFixSafety } from './fix-safety';
import { estimateApiJob } from './extract/api/estimate';
import { parseDocument, type Reparse } from './parse';
import { languageOf, type NotebookDoc, type ParsedDocument } from './parse/document';
import { globMatch } from './glob';
import { mayMatter } from './prefilter';
import { analysisOf } from './extract/python/analysis';
import { neverRuns } from './extract/python/dead';
import type { Rule } from './rules/rule';
import { allRules } from './rules';
import { emptyWorkspace, normalizeWorkspacePath, type AnalysisSettings, type WorkspaceReader } from './settings';
import { collectDirectives, Suppressions, type Directive } from './suppress';
import { LineIndex } from './text/lines';
import type { Finding, JobFacts, Language, ParseError, Severity, SourceRef, Span, TextEdit } from './types';

export interface AnalyzeOptions {
  settings: AnalysisSettings;
  workspace?: WorkspaceReader;
  /** Run only these rules (fixture tests); default: every rule the settings enable. */
  onlyRules?: readonly string[];
  /** Attach the engine's estimates and per-finding savings (default true). */
  estimates?: boolean;
  /** Per-file time budget in ms (default DEFAULT_BUDGET_MS): a file that takes longer is reported in `errors`. */
  timeBudgetMs?: number;
  /** Re-parse Python and notebooks incrementally from the caller's previous tree (the caller owns the trees). */
  reparse?: Reparse;
}

export interface FileAnalysis {
  file: string;
  language?: Language;
  findings: Finding[];
  jobs: JobFacts[];
  estimates: Record<string, JobEstimate>;
  /** The facts the engine lacked for each job (`jobs[].missing`), also for jobs without an estimate. */
  missing: Record<string, string[]>;
  errors: ParseError[];
  /** Findings silenced by a directive or a per-file ignore. */
  suppressed: number;
  directives: Directive[];
  /** Why the file was not analysed, when it was not. */
  skipped?: 'unknown-type' | 'no-ml-content';
  /** The file matches `test-files`: it was parsed and its jobs read, but no rule ran on it. */
  testFile?: true;
  /** The file matches `vendored-files` (a copy of another project): parsed and its jobs read, but no rule ran on it. */
  vendored?: true;
  /**
   * The analysis did not finish (the file does not parse, a rule failed, the time budget ran out): its findings
   * may be partial, so `fix` leaves the file alone. A refused reference does not make an analysis incomplete.
   */
  incomplete?: true;
}

export function enabledRules(settings: AnalysisSettings, only?: readonly string[]): { rule: Rule; severity: Severity }[] {
  const out: { rule: Rule; severity: Severity }[] = [];
  for (const rule of allRules) {
    if (only && !only.includes(rule.meta.id)) continue;
    const s = settings.rules[rule.meta.id];
    if (s === 'off') continue;
    if (rule.meta.optIn && s === undefined && !only) continue;
    out.push({ rule, severity: s ?? rule.meta.severity });
  }
  return out;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The rule's severity, lowered to the finding's own cap when it has one (never raised). */
function capSeverity(severity: Severity, cap: Severity | undefined): Severity {
  return cap !== undefined && SEVERITY_RANK[cap] < SEVERITY_RANK[severity] ? cap : severity;
}

/** Whether a workspace-relative path is a test file by the `test-files` globs (a glob also matches in any folder). */
export function isTestPath(settings: Pick<AnalysisSettings, 'testFiles'>, file: string): boolean {
  return (settings.testFiles ?? []).some((g) => globMatch(file, g) || globMatch(file, `**/${g}`));
}

/** Whether a workspace-relative path is vendored code by the `vendored-files` globs (also matched in any folder). */
export function isVendoredPath(settings: Pick<AnalysisSettings, 'vendoredFiles'>, file: string): boolean {
  return (settings.vendoredFiles ?? []).some((g) => globMatch(file, g) || globMatch(file, `**/${g}`));
}

function ignoredByGlob(settings: AnalysisSettings, file: string): Set<string> {
  const out = new Set<string>();
  for (const [glob, ids] of Object.entries(settings.perFileIgnores)) {
    if (globMatch(file, glob) || globMatch(file, `**/${glob}`)) ids.forEach((i) => out.add(i));
  }
  return out;
}

/** The document the rules' spans refer to: the joined Python of a notebook, else the document itself. */
function spanDoc(doc: ParsedDocument): { text: string; lines: LineIndex } {
  return doc.lang === 'notebook' ? doc.python : doc;
}

export function analyzeText(file: string, text: string, opts: AnalyzeOptions): FileAnalysis {
  const lang = languageOf(file);
  const result: FileAnalysis = { file, language: lang, findings: [], jobs: [], estimates: {}, missing: {}, errors: [], suppressed: 0, directives: [] };
  if (!lang) {
    result.skipped = 'unknown-type';
    return result;
  }
  if (!mayMatter(lang, text) && !opts.onlyRules) {
    result.skipped = 'no-ml-content';
    return result;
  }
  const parsed = parseDocument(file, text, lang, opts.reparse);
  if (!parsed.ok) {
    result.errors.push(parsed.error);
    result.incomplete = true;
    return result;
  }
  const doc = parsed.doc;
  const refused = new Map<string, string>();
  if (doc.lang === 'notebook' && doc.skippedCells) result.errors.push(...doc.skippedCells);
  const track = trackRefusals(opts.workspace ?? emptyWorkspace, refused);
  try {
    withBudget(opts.timeBudgetMs ?? DEFAULT_BUDGET_MS, () => runRules(doc, { ...opts, workspace: track.reader }, result));
  } catch (e) {
    if (e instanceof BudgetExceeded) {
      // partial findings of a file that ran out of time are dropped: fix must not act on half an analysis
      result.findings = [];
      result.errors.push({ file, message: `${e.message}; not analysed (please report this file)` });
    } else result.errors.push({ file, message: `internal error while analysing: ${errorText(e)}` });
    result.incomplete = true;
  } finally {
    track.done();
    if (!opts.reparse) disposeDoc(doc);
  }
  for (const [path, why] of refused) result.errors.push(refusalError(file, text, path, why));
  return result;
}

/** An exception as one line for the user: its message, never a stack trace (which names our files, not theirs). */
export function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  const line = m.split('\n')[0].slice(0, 200);
  return `${line || 'unknown error'} (please report this)`;
}

/**
 * The reader the extractors see: paths are normalised, one that leaves the workspace is never passed on, and every
 * path the reader refuses (outside the scanned folder, not a regular file, ...) is noted for the error list. One
 * wrapper per reader (caches keyed by the reader, such as the parsed modules of modules.ts, stay warm across
 * files); the analysis of the moment says where its refusals go.
 */
const CODE_PATH = /\.(py|pyi|ipynb|[cm]?[jt]sx?)$/i;

interface Tracked {
  reader: WorkspaceReader;
  sink?: Map<string, string>;
}
const tracked = new WeakMap<WorkspaceReader, Tracked>();

function trackRefusals(inner: WorkspaceReader, refused: Map<string, string>): { reader: WorkspaceReader; done: () => void } {
  let t = tracked.get(inner);
  if (!t) {
    const entry: Tracked = {
      reader: {
        read(path) {
          const p = normalizeWorkspacePath(path);
          if (p === undefined) {
            if (entry.sink && !entry.sink.has(path) && !CODE_PATH.test(path)) entry.sink.set(path, 'outside the scanned folder');
            return undefined;
          }
          const text = inner.read(p);
          // code paths are module lookups (an import's candidate files), not references a config makes: a miss or
          // a refusal there is not worth an error (a link out of the folder is reported by the walk itself)
          if (text === undefined && entry.sink && !CODE_PATH.test(p)) {
            const why = inner.whyNot?.(p);
            if (why && !entry.sink.has(p)) entry.sink.set(p, why.replace(/; not read$/, ''));
          }
          return text;
        },
        list: inner.list ? () => inner.list!() : undefined,
        whyNot: inner.whyNot ? (p) => inner.whyNot!(p) : undefined,
      },
    };
    tracked.set(inner, entry);
    t = entry;
  }
  const prev = t.sink;
  t.sink = refused;
  const tt = t;
  return { reader: t.reader, done: () => void (tt.sink = prev) };
}

/** A referenced file that was not read, as an error of the file that names it (at the first line naming it). */
function refusalError(file: string, text: string, path: string, why: string): ParseError {
  const name = path.slice(path.lastIndexOf('/') + 1);
  let at = name ? text.indexOf(name) : -1;
  const stem = name.replace(/\.[^.]*$/, '');
  if (at < 0 && stem) at = text.indexOf(stem); // Hydra names a default without its extension
  const err: ParseError = { file, kind: 'reference', message: `the referenced file \`${printable(path)}\` was not read (${why}); the facts it would give are unknown` };
  if (at >= 0) {
    const p = new LineIndex(text).position(at);
    err.line = p.line;
    err.column = p.column;
  }
  return err;
}

/** A path for a message: control characters shown as escapes. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function disposeDoc(doc: ParsedDocument): void {
  if (doc.lang === 'python') doc.tree.delete();
  else if (doc.lang === 'notebook') doc.python.tree.delete();
}

function runRules(doc: ParsedDocument, opts: AnalyzeOptions, result: FileAnalysis): void {
  const { settings } = opts;
  const workspace = opts.workspace ?? emptyWorkspace;
  const file = doc.path;
  result.jobs = extractJobs(doc, { settings, workspace });
  const sd = spanDoc(doc);
  // wrong-typed settings: reported where they stand (in this file; a referenced file reports its own when scanned)
  for (const job of result.jobs) {
    for (const p of job.problems ?? []) {
      if (p.ref.file !== file || doc.lang === 'notebook') continue;
      const at = sd.lines.position(p.ref.span.start);
      result.errors.push({ file, kind: 'value', line: at.line, column: at.column, message: p.message });
    }
    delete job.problems;
  }
  const comments = doc.lang === 'notebook' ? doc.python.comments : doc.comments;
  result.directives = collectDirectives(comments, sd.lines);
  const suppressions = new Suppressions(result.directives);
  const globIgnored = ignoredByGlob(settings, file);
  // the test-file policy: rules stay silent in tests
  const testFile = isTestPath(settings, file);
  if (testFile) result.testFile = true;
  // the vendored-code policy: nobody edits a copy of another project to save energy
  const vendored = isVendoredPath(settings, file);
  if (vendored) result.vendored = true;
  const ctx = { doc, jobs: result.jobs, settings, workspace };
  const jobsById = new Map(result.jobs.map((j) => [j.id, j]));

  for (const { rule, severity } of enabledRules(settings, opts.onlyRules)) {
    if (!rule.meta.languages.includes(doc.lang)) continue;
    if (testFile || vendored || globIgnored.has(rule.meta.id) || globIgnored.has('*')) continue;
    let drafts;
    try {
      drafts = rule.check(ctx);
    } catch (e) {
      if (e instanceof BudgetExceeded) throw e;
      result.errors.push({ file, message: `internal error in rule ${rule.meta.id}: ${errorText(e)}` });
      result.incomplete = true;
      continue;
    }
    for (const d of drafts) {
      // the policy on dead code: a finding in a branch that never runs as the file stands (`if HF_MODE:` after
      // `HF_MODE = False`) describes no energy spent (extract/python/dead.ts)
      if (d.span && (doc.lang === 'python' || doc.lang === 'notebook') && neverRuns(analysisOf(doc), d.span.start)) continue;
      const line = d.span ? sd.lines.position(d.span.start).line : null;
      if (suppressions.isSuppressed(rule.meta.id, line)) {
        result.suppressed++;
        continue;
      }
      const f: Finding = { rule: rule.meta.id, severity: capSeverity(severity, d.severity), message: d.message, file, span: d.span, range: null };
      if (d.fix) f.fix = gateFixSafety(d.fix, file, sd.text);
      if (d.jobId) f.jobId = d.jobId;
      if (d.patch) f.patch = d.patch;
      if (d.given) f.given = d.given;
      if (d.related) f.related = d.related;
      result.findings.push(f);
    }
  }

  if (doc.lang === 'notebook') mapToCells(doc, result.findings, result.jobs);
  locate(doc, result.findings);
  result.findings.sort(
    (a, b) => (a.cell ?? -1) - (b.cell ?? -1) || (a.span?.start ?? -1) - (b.span?.start ?? -1) || a.rule.localeCompare(b.rule),
  );

  if (opts.estimates !== false) {
    for (const job of result.jobs) {
      const est = safely(() => estimateApiJob(job, settings)); // model-API jobs: a parameter-range estimate; others: estimateJob
      if (est) result.estimates[job.id] = est;
      const missing = est?.missing ?? safely(() => missingFacts(job, settings));
      if (missing) result.missing[job.id] = missing;
    }
  }
  // No saving, no warning: every finding with a patch is priced by the engine's paired re-estimate (of its job, or
  // of a typical job of its kind when the analysis found none), and a warning stays a warning only if that saves
  // energy. Done whether or not job estimates are attached, so severities never depend on --no-estimates.
  for (const f of result.findings) {
    const job = f.jobId ? jobsById.get(f.jobId) : undefined;
    if (f.patch) {
      const phase = job?.phase ?? phaseOfPatch(f.patch);
      const target = job ?? (phase ? assumedJob(file, phase, f.given) : undefined);
      const s = target && safely(() => estimateSaving(target, f.patch!, settings, job ? f.given : {}));
      if (s) {
        if (!job) s.conditions = [...(s.conditions ?? []), 'no job found in this file: the saving is for a typical job of this kind (the engine\'s priors), not this one'];
        f.saving = s;
      }
    }
    gateSeverity(f);
  }
  // Materiality: a saving the engine can total for the run and finds below the floor (minutes of one GPU) is not
  // worth a finding.
  const floor = settings.minSavingKWh ?? 0;
  if (floor > 0) result.findings = result.findings.filter((f) => !immaterial(f, floor));
  // An executed notebook that records its own run time: when the longest run it records is short, a change to the
  // GPU work it does (precision, compile, loaders, batching, no-grad) saves minutes of one GPU at most.
  if (floor > 0 && doc.lang === 'notebook' && doc.recordedMinutes !== undefined && doc.recordedMinutes < RECORDED_MINUTES_FLOOR) {
    result.findings = result.findings.filter((f) => f.rule.startsWith('api/'));
  }
}

/**
 * Runs a notebook records as taking less than this, in minutes, are not worth a finding about their GPU work: a
 * choice, not a measurement, set between the labelled corpora's verdicts: the longest recorded run judged not worth
 * changing took 6 minutes (corpus7's tutorial notebooks, 1.4–6 minutes), the shortest judged worth it 8 minutes (a
 * 500-step QLoRA fine-tune of Phi-2, corpus5). Applies with the saving floor (`min-saving-kwh` 0 turns both off).
 */
export const RECORDED_MINUTES_FLOOR = 7;

/** The phase a patch belongs to, for a finding the analysis could not tie to a job. */
function phaseOfPatch(p: NonNullable<Finding['patch']>): JobFacts['phase'] | undefined {
  if (p.inferenceBatch !== undefined || p.gradDisabled !== undefined || p.reloadPerCall !== undefined || p.quantization !== undefined || p.outputTokens !== undefined) return 'inference';
  if (p.dataWorkers !== undefined || p.microBatch !== undefined || p.gradAccum !== undefined || p.compile !== undefined || p.gradCheckpointing !== undefined) return 'training';
  return undefined;
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** Notebook findings, edits, job anchors and fact sources are found in the joined Python; move them into (cell, offset in cell). */
function mapToCells(doc: NotebookDoc, findings: Finding[], jobs: JobFacts[]): void {
  const code = doc.cells.filter((c) => c.kind === 'code');
  // the last code cell that starts at or before `offset` (the first cell for an offset before every cell): the
  // cells' offsets increase (each joined after a "\n"), so a binary search finds the one a scan of every cell would
  const cellOf = (offset: number) => {
    let lo = 0;
    let hi = code.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (code[mid].offset <= offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return code[Math.max(0, hi)];
  };
  const move = (span: Span): { cell: number; span: Span } | undefined => {
    const c = cellOf(span.start);
    if (!c) return undefined;
    return { cell: c.index, span: { start: span.start - c.offset, end: Math.min(span.end, c.offset + c.source.length) - c.offset } };
  };
  let joined: string | undefined;
  /** The code cells' own sources joined as the analysis joined them, magics not blanked. */
  const raw = () => (joined ??= code.map((c) => c.source).join('\n'));
  const moveRef = (ref: SourceRef): SourceRef => {
    if (ref.file !== doc.path || ref.cell !== undefined) return ref;
    const m = move(ref.span);
    return m ? { ...ref, cell: m.cell, span: m.span } : ref;
  };
  for (const job of jobs) {
    if (job.anchor) job.anchor = moveRef(job.anchor);
    for (const fact of Object.values(job.facts)) if (fact?.source) fact.source = moveRef(fact.source);
  }
  for (const f of findings) {
    if (f.related) f.related = f.related.map((r) => ({ ...r, ref: moveRef(r.ref) }));
    if (f.span) {
      const m = move(f.span);
      if (m) {
        f.cell = m.cell;
        f.span = m.span;
      }
    }
    if (f.fix) {
      // An edit must lie inside one cell and must not cover a blanked-out magic (`%time`, `!pip`): its text would
      // be the blank, not the magic. Such a fix is dropped (the finding stays, without a fix).
      let ok = true;
      const edits = f.fix.edits.map((e): TextEdit => {
        if (e.file !== doc.path || e.cell !== undefined) return e;
        const c = cellOf(e.span.start);
        if (!c || e.span.end > c.offset + c.source.length || raw().slice(e.span.start, e.span.end) !== doc.python.text.slice(e.span.start, e.span.end)) ok = false;
        const m = move(e.span);
        return m ? { ...e, cell: m.cell, span: m.span } : e;
      });
      if (ok) f.fix.edits = edits;
      else delete f.fix;
    }
  }
}

/** Fills `range` of findings and edits of this document. */
function locate(doc: ParsedDocument, findings: Finding[]): void {
  const cellLines = new Map<number, LineIndex>();
  const linesFor = (cell: number | undefined): LineIndex | undefined => {
    if (doc.lang !== 'notebook') return doc.lines;
    if (cell === undefined) return undefined;
    let li = cellLines.get(cell);
    if (!li) {
      li = new LineIndex(doc.cells.find((c) => c.index === cell)?.source ?? '');
      cellLines.set(cell, li);
    }
    return li;
  };
  for (const f of findings) {
    const li = linesFor(f.cell);
    f.range = f.span && li ? li.range(f.span) : null;
    for (const r of f.related ?? []) {
      const rl = r.ref.file === doc.path ? linesFor(r.ref.cell) : undefined;
      if (rl) r.range = rl.range(r.ref.span);
    }
    for (const e of f.fix?.edits ?? []) {
      if (e.file !== doc.path) continue;
      const el = linesFor(e.cell);
      if (el) e.range = el.range(e.span);
    }
  }
}
