// Scans the files of one group (a workspace root with its settings), one file at a time: read it, analyse it, and
// turn the analysis into report entries. The same code runs in the CLI's own thread and in the pool's workers
// (scan-worker.ts), so a pooled scan reports exactly what a one-worker scan does.
import { join, relative } from 'node:path';
import type { SkippedPath } from '../core/report/model';
import type { ParseError } from '../core/types';
import type { AnalysisSettings, WorkspaceReader } from '../core/settings';
import { scanFile, type FileScan } from '../core/workspace-scan';
import { realRoots } from '../node/fs-access';
import { fsWorkspace } from '../node/workspace';
import { toPosix } from './files';
import { readWalkedFile } from './plan';

/** What a worker needs to scan a group's files: plain data (it crosses to worker threads). */
export interface GroupSpec {
  root: string;
  /** The folders the group may read from (fs-access.ts checks every read against them). */
  roots: string[];
  settings: AnalysisSettings;
  /** Root-relative paths of every file walked (the WorkspaceReader's list). */
  list: string[];
  estimates: boolean;
  /** The folder baseline fingerprints' paths are relative to. */
  keyBase: string;
}

/** One file's outcome: its report entries, or what the report says instead of them (too large, refused, gone). */
export type FileResult = { scan: FileScan } | { skipped: SkippedPath } | { error: ParseError } | { missing: true };

/** A scanner for one group; keep it for all the group's files (the reader and its caches are shared). */
export function groupScanner(spec: GroupSpec): (rel: string) => FileResult {
  // The roots' real paths, resolved once for the group's reads (each read still resolves its own path).
  const roots = realRoots(spec.roots);
  const disk = fsWorkspace(spec.root, spec.list, spec.settings.maxFileBytes, { roots, rootsReal: true, listings: true });
  let current: { path: string; text: string } | undefined;
  const workspace: WorkspaceReader = {
    read: (p) => (current && p === current.path ? current.text : disk.read(p)),
    whyNot: (p) => (current && p === current.path ? undefined : disk.whyNot?.(p)),
    list: () => spec.list,
  };
  const where = { root: spec.root, roots, rootsReal: true, maxFileBytes: spec.settings.maxFileBytes };
  const baselineKey = (p: string) => toPosix(relative(spec.keyBase, join(spec.root, p)));
  return (rel) => {
    const r = readWalkedFile(where, rel);
    if (!('read' in r)) return r;
    current = { path: rel, text: r.read.text };
    try {
      return { scan: plainData(scanFile(current, { settings: spec.settings, workspace, estimates: spec.estimates, baselineKey })) };
    } catch (e) {
      // scanFile catches the analysis' own failures; this is for the rest (never expected), said per file.
      return { scan: { file: rel, counted: true, errors: [{ file: rel, message: `internal error: ${(e as Error).stack ?? String(e)}` }], suppressed: 0, jobs: [], findings: [] } };
    } finally {
      current = undefined;
    }
  };
}

/**
 * A copy of `v` without functions and symbols (a job fact carries the closure that edits it, which the rules use and
 * no report shows), so it can cross to another thread; the same copy is made without workers, so every report is
 * built from the same data. JSON leaves them out the same way.
 */
export function plainData<T>(v: T): T {
  return copy(v) as T;
}

function copy(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'function' || typeof v === 'symbol' ? undefined : v;
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'function' || typeof x === 'symbol' ? null : copy(x)));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, copy(x)]));
  if (v instanceof Set) return new Set([...v].map(copy));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x !== 'function' && typeof x !== 'symbol') out[k] = copy(x);
  return out;
}
