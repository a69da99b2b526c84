// Runs the core on one document for the server, as `wattlint scan` would run it on that file: the same settings,
// the same path relative to the same root, the same exclusion and size limit, other files read from open editors
// first and then from disk. Keeps one incremental tree per open Python document and per open notebook (all its
// code cells parse as one module), so a keystroke re-parses only around the change. Results are cached by what they
// were computed from (document version, settings generation, the open documents the analysis read).
import { join } from 'node:path';
import { analyzeText, type FileAnalysis } from '../core/analyze';
import { reuseAcrossTrivia, triviaBase, type TriviaBase } from '../core/incremental/trivia';
import { IncrementalTree } from '../core/parse/incremental';
import type { ScanReport } from '../core/report/model';
import type { WorkspaceReader } from '../core/settings';
import { isExcluded, scanWorkspace } from '../core/workspace-scan';
import { readTextFile } from '../node/fs-access';
import { fsWorkspace } from '../node/workspace';
import type { FileSettings } from './settings';

export interface CellText {
  kind: 'code' | 'markdown';
  source: string;
}

/** nbformat 4 JSON of cells (indices match `Finding.cell`): the text the core reads for an open notebook. */
export function notebookJson(cells: readonly CellText[]): string {
  return JSON.stringify(
    {
      cells: cells.map((c) => ({ cell_type: c.kind, metadata: {}, source: c.source, ...(c.kind === 'code' ? { execution_count: null, outputs: [] } : {}) })),
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
}

/** The core's scanWorkspace over one file (the path `wattlint scan FILE` takes), with its report. */
export function analyseFile(path: string, text: string, settings: FileSettings['settings'], workspace: WorkspaceReader): { analysis?: FileAnalysis; report: ScanReport } {
  let analysis: FileAnalysis | undefined;
  const report = scanWorkspace([{ path, text }], { settings, workspace, onFile: (a) => (analysis = a) });
  return { analysis, report };
}

/** A document to analyse: an open one (with a version) or a file read from disk. */
export interface Source {
  uri: string;
  text: string;
  /** Open document or notebook version; null when read from disk. */
  version: number | null;
  /** The cells of an open notebook, in order (their URIs carry the notebook's diagnostics). */
  cells?: { uri: string; kind: 'code' | 'markdown' }[];
  /** Their sources (what `text` holds as nbformat JSON). */
  sources?: string[];
}

export interface Analysed {
  stamp: string;
  uri: string;
  fs: FileSettings;
  text: string;
  version: number | null;
  cells?: Source['cells'];
  /** Undefined when the file is excluded or over the size limit (as the CLI, nothing is reported). */
  analysis?: FileAnalysis;
  /** Why there is no analysis. */
  skipped?: string;
  /** This file's share of the workspace report, as `wattlint scan` builds it (made when first asked for). */
  report?: ScanReport;
  /** Root-relative paths the analysis read besides the file itself (a referenced config). */
  reads: string[];
  ms: number;
  /** The previous analysis was re-used, moved past an edit of comment and blank lines only (core/incremental/trivia). */
  reused?: boolean;
}

/** What the analyser needs from the server: open documents by absolute path. */
export interface OpenFiles {
  /** The text and version of an open document at this absolute path. */
  get(abs: string): { text: string; version: number } | undefined;
}

export class Analyser {
  private readonly trees = new Map<string, IncrementalTree>();
  private readonly cache = new Map<string, Analysed>();
  /** Per open document: the analysis the next keystroke may re-use (see core/incremental/trivia), and its context. */
  private readonly bases = new Map<string, { base: TriviaBase; context: string }>();
  /** How many analyses re-used the previous one across a comment-only edit (bench and tests). */
  reusedCount = 0;
  /** Bumped when settings or a config change: every cached result is then stale. */
  generation = 0;

  constructor(private readonly open: OpenFiles) {}

  /** The cached result for a URI, if still current for this source. */
  cached(src: Source): Analysed | undefined {
    const c = this.cache.get(src.uri);
    return c && c.stamp === this.stampOf(src, c.fs, c.reads) ? c : undefined;
  }

  peek(uri: string): Analysed | undefined {
    return this.cache.get(uri);
  }

  all(): Analysed[] {
    return [...this.cache.values()];
  }

  private stampOf(src: Source, fs: FileSettings, reads: readonly string[]): string {
    const deps = reads.map((p) => `${p}@${this.open.get(join(fs.root, p))?.version ?? 'disk'}`).join(',');
    return `${this.generation}|${src.version ?? 'disk'}|${src.version === null ? src.text.length : ''}|${fs.root}|${fs.path}|${deps}`;
  }

  /**
   * What an analysis of `fs.path` reads other files through, as the CLI's scan does: open documents first, then the
   * disk under the root (the CLI's reader: inside the root, regular files, the size limit, the encodings it reads).
   */
  reader(fs: FileSettings, self: string, reads?: Set<string>): WorkspaceReader {
    const disk = fs.root ? fsWorkspace(fs.root, undefined, fs.settings.maxFileBytes) : undefined;
    return {
      read: (p) => {
        if (p === fs.path) return self;
        reads?.add(p);
        if (!fs.root) return undefined;
        return this.open.get(join(fs.root, p))?.text ?? disk?.read(p);
      },
      whyNot: (p) => (fs.root && this.open.get(join(fs.root, p)) ? undefined : disk?.whyNot?.(p)),
    };
  }

  analyse(src: Source, fs: FileSettings, opts: { incremental?: boolean; report?: boolean } = {}): Analysed {
    const incremental = opts.incremental ?? src.version !== null;
    const hit = this.cached(src);
    if (hit && hit.text === src.text && (hit.report || !opts.report)) return hit;
    const t0 = performance.now();
    const reads = new Set<string>();
    const workspace = this.reader(fs, src.text, reads);
    const out: Analysed = { stamp: '', uri: src.uri, fs, text: src.text, version: src.version, cells: src.cells, reads: [], ms: 0 };
    if (isExcluded(fs.path, fs.settings.exclude)) out.skipped = 'excluded by the `exclude` setting';
    else if (src.text.length > fs.settings.maxFileBytes) out.skipped = `larger than the ${Math.round(fs.settings.maxFileBytes / 1024)} KB size limit`;
    else {
      let reparse: IncrementalTree | undefined;
      if (incremental) {
        reparse = this.trees.get(src.uri);
        if (!reparse) this.trees.set(src.uri, (reparse = new IncrementalTree()));
      }
      // What a re-used analysis must share with this one besides the text: settings, place, the documents it read.
      const context = `${this.generation}|${fs.root}|${fs.path}|${this.cache.get(src.uri)?.reads.map((p) => `${p}@${this.open.get(join(fs.root, p))?.version ?? 'disk'}`).join(',') ?? ''}`;
      const prev = reparse && !opts.report ? this.bases.get(src.uri) : undefined;
      const cells = src.sources && src.cells ? src.cells.map((c, i) => ({ kind: c.kind, source: src.sources![i] })) : undefined;
      const reused = prev && prev.context === context ? reuseAcrossTrivia(fs.path, prev.base, src.text, reparse!, cells) : undefined;
      if (reused) {
        out.analysis = reused.analysis;
        out.reused = true;
        this.reusedCount++;
        for (const p of this.cache.get(src.uri)?.reads ?? []) reads.add(p);
        this.bases.set(src.uri, { base: { ...reused.next, cells: cells ?? reused.next.cells }, context });
      } else {
        if (opts.report) {
          let analysis: FileAnalysis | undefined;
          out.report = scanWorkspace([{ path: fs.path, text: src.text }], { settings: fs.settings, workspace, reparse, onFile: (a) => (analysis = a) });
          out.analysis = analysis;
        } else out.analysis = analyzeText(fs.path, src.text, { settings: fs.settings, workspace, reparse });
        if (reparse) {
          const base = out.analysis ? triviaBase(src.text, out.analysis, reparse, cells) : undefined;
          if (base) this.bases.set(src.uri, { base, context: '' });
          else this.bases.delete(src.uri);
        }
      }
    }
    out.reads = [...reads].sort();
    out.stamp = this.stampOf(src, fs, out.reads);
    const b = this.bases.get(src.uri);
    if (b && !b.context) b.context = `${this.generation}|${fs.root}|${fs.path}|${out.reads.map((p) => `${p}@${this.open.get(join(fs.root, p))?.version ?? 'disk'}`).join(',')}`;
    out.ms = performance.now() - t0;
    this.cache.set(src.uri, out);
    return out;
  }

  /**
   * Reads a file from disk as the CLI's scan reads it (inside the root, a regular file, under the size limit, UTF-8 or
   * a declared Latin-1) and analyses it (the workspace scan, a document that closed). Undefined, with the reason in
   * `refused`, when it cannot be read.
   */
  analyseDisk(uri: string, abs: string, fs: FileSettings, refused?: (reason: string, kind: string) => void): Analysed | undefined {
    const r = readTextFile(abs, { maxBytes: fs.settings.maxFileBytes, roots: fs.root ? [fs.root] : undefined });
    if (!r.ok) {
      this.forget(uri);
      if (r.kind !== 'missing') refused?.(r.reason, r.kind);
      return undefined;
    }
    return this.analyse({ uri, text: r.text, version: null }, fs, { incremental: false, report: true });
  }

  /** The file's report (re-analysed once, without the incremental tree, if it was analysed without one). */
  reportOf(a: Analysed): ScanReport | undefined {
    if (a.report || !a.analysis) return a.report;
    const fresh = this.analyse({ uri: a.uri, text: a.text, version: a.version, cells: a.cells }, a.fs, { incremental: false, report: true });
    a.report = fresh.report;
    return a.report;
  }

  /** Open documents whose last analysis read `path` under `root` (a config they take facts from). */
  dependents(root: string, path: string): Analysed[] {
    return this.all().filter((a) => a.version !== null && a.fs.root === root && a.reads.includes(path));
  }

  /** A document closed: its incremental tree goes (its result stays until replaced or forgotten). */
  closed(uri: string): void {
    this.trees.get(uri)?.dispose();
    this.trees.delete(uri);
    this.bases.delete(uri);
  }

  forget(uri: string): void {
    this.closed(uri);
    this.cache.delete(uri);
  }

  invalidate(): void {
    this.generation++;
  }

  /** Incremental parse counters of a document (bench and tests). */
  parseCounts(uri: string): { incremental: number; fresh: number } | undefined {
    const t = this.trees.get(uri);
    return t && { incremental: t.incremental, fresh: t.fresh };
  }

  dispose(): void {
    for (const t of this.trees.values()) t.dispose();
    this.trees.clear();
    this.bases.clear();
    this.cache.clear();
  }
}
