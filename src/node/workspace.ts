// A WorkspaceReader over the file system, rooted at a folder, with a small cache (a scan reads referenced
// configs from several files). Reads go through fs-access.ts: regular files only, the size cap before reading,
// and only inside the allowed roots (the folder being scanned), symbolic links resolved. A path that is refused
// says why through `whyNot`, which the analysis turns into an error of the file that referenced it. The cache
// holds at most CACHE_CHARS characters and CACHE_ENTRIES paths, least recently used out first, so a long scan's
// memory does not grow with what it has read.
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { normalizeWorkspacePath } from '../core/settings';
import type { WorkspaceReader } from '../core/settings';
import { readTextFile } from './fs-access';

export interface FsWorkspaceOptions {
  /** Absolute folders (or files) references may be read from; default: the root. */
  roots?: readonly string[];
  /** `roots` are real paths already (fs-access.ts's realRoots): not resolved again for each read. */
  rootsReal?: boolean;
}

/** Whether nothing exists at `abs` (a missing component or a dangling link): realpath(3) fails on it with ENOENT. */
function absent(abs: string): boolean {
  try {
    return statSync(abs, { throwIfNoEntry: false }) === undefined;
  } catch {
    return false; // another failure (ENOTDIR, EACCES, ...): readTextFile says what it is
  }
}

export const CACHE_CHARS = 8 * 1024 * 1024;
export const CACHE_ENTRIES = 16_384;

export function fsWorkspace(root: string, files?: readonly string[], maxBytes = 2 * 1024 * 1024, opts: FsWorkspaceOptions = {}): WorkspaceReader {
  const cache = new Map<string, { text?: string; why?: string }>();
  const roots = opts.roots ?? [root];
  let held = 0;
  const lookup = (rel: string) => {
    const key = normalizeWorkspacePath(rel);
    let hit = cache.get(key ?? rel);
    if (hit) {
      cache.delete(key ?? rel); // most recently used last
      cache.set(key ?? rel, hit);
      return hit;
    }
    if (key === undefined || isAbsolute(key)) hit = { why: 'outside the scanned folder; not read' };
    else {
      const abs = resolve(root, key);
      // Most lookups are an import's candidate files that do not exist: answered by one stat that throws nothing
      // (readTextFile would say 'missing' too, through an exception per path); the rest is read under the policy.
      if (absent(abs)) hit = {};
      else {
        const r = readTextFile(abs, { maxBytes, roots, rootsReal: opts.roots !== undefined && opts.rootsReal });
        hit = r.ok ? { text: r.text } : r.kind === 'missing' ? {} : { why: r.reason };
      }
    }
    cache.set(key ?? rel, hit);
    held += hit.text?.length ?? 0;
    for (const [k, v] of cache) {
      if ((held <= CACHE_CHARS && cache.size <= CACHE_ENTRIES) || v === hit) break;
      cache.delete(k);
      held -= v.text?.length ?? 0;
    }
    return hit;
  };
  return {
    read: (rel) => lookup(rel).text,
    whyNot: (rel) => lookup(rel).why,
    list: files ? () => files : undefined,
  };
}

/** A WorkspaceReader over files held in memory (tests, the editor's open documents). */
export function memoryWorkspace(files: Record<string, string>, fallback?: WorkspaceReader): WorkspaceReader {
  return {
    read: (p) => (Object.prototype.hasOwnProperty.call(files, p) ? files[p] : undefined) ?? fallback?.read(p),
    whyNot: (p) => fallback?.whyNot?.(p),
    list: () => [...new Set([...Object.keys(files), ...(fallback?.list?.() ?? [])])],
  };
}
