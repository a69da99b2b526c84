// A WorkspaceReader over the file system, rooted at a folder, with a small cache (a scan reads referenced
// configs from several files). Reads go through fs-access.ts: regular files only, the size cap before reading,
// and only inside the allowed roots (the folder being scanned), symbolic links resolved. A path that is refused
// says why through `whyNot`, which the analysis turns into an error of the file that referenced it. The cache
// holds at most CACHE_CHARS characters and CACHE_ENTRIES paths, least recently used out first, so a long scan's
// memory does not grow with what it has read.
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { normalizeWorkspacePath } from '../core/settings';
import type { WorkspaceReader } from '../core/settings';
import { readTextFile } from './fs-access';

export interface FsWorkspaceOptions {
  /** Absolute folders (or files) references may be read from; default: the root. */
  roots?: readonly string[];
  /** `roots` are real paths already (fs-access.ts's realRoots): not resolved again for each read. */
  rootsReal?: boolean;
  /**
   * Answer lookups of paths that cannot exist from folder listings, each folder listed once (a scan: its files do not
   * come and go while it runs). Without it each new path costs a stat.
   */
  listings?: boolean;
}

/** Folder listings kept at most (then they are dropped and listed again when needed). */
export const MAX_LISTINGS = 4096;

/**
 * A path segment whose absence a folder listing can prove on any file system: plain ASCII, no trailing dot (Windows
 * drops trailing dots and spaces, and opens 8.3 short names with `~`, NTFS streams with `:`). Other names: the disk.
 */
const PLAIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** How a listed name compares with a plain one on a case- or normalisation-insensitive file system. */
function fold(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase();
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
  // root-relative folder ('' for the root) → its entries, folded; null: it could not be listed (the disk decides)
  const listings = new Map<string, Set<string> | null>();
  const listed = (dir: string): Set<string> | null => {
    let l = listings.get(dir);
    if (l === undefined) {
      try {
        l = new Set(readdirSync(dir ? resolve(root, dir) : root).map(fold));
      } catch {
        l = null;
      }
      if (listings.size >= MAX_LISTINGS) listings.clear();
      listings.set(dir, l);
    }
    return l;
  };
  /** Whether the listings show that nothing is at `key` (normalised, relative): a segment its folder lacks. */
  const unlisted = (key: string): boolean => {
    for (let i = 0; ; ) {
      const j = key.indexOf('/', i);
      const name = j < 0 ? key.slice(i) : key.slice(i, j);
      if (!PLAIN_NAME.test(name) || name.endsWith('.')) return false;
      const l = listed(i === 0 ? '' : key.slice(0, i - 1));
      if (!l) return false;
      if (!l.has(name.toLowerCase())) return true;
      if (j < 0) return false;
      i = j + 1;
    }
  };
  const lookup = (rel: string) => {
    // a path already in normal form is its own key: looked up before normalising it
    let hit = cache.get(rel);
    const key = hit ? rel : normalizeWorkspacePath(rel);
    if (!hit) hit = cache.get(key ?? rel);
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
      if ((opts.listings && unlisted(key)) || absent(abs)) hit = {};
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
