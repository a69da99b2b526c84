// Which files a scan reads: walks the given paths, honours .gitignore files (nested ones and those of enclosing
// folders up to the repository root), always skips VCS folders, node_modules, virtualenvs and caches, applies
// the config's `exclude` globs, and reports files over the size limit instead of skipping them silently.
// Symbolic links: a linked file is read only when its real path lies inside the walked folder (one leaving it is
// refused and reported); linked folders are never followed. FIFOs, devices and sockets are refused, not opened.
import { existsSync, lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { languageOf } from '../core/parse/document';
import { isExcluded } from '../core/workspace-scan';
import { isInside, readTextFile, realRoots } from '../node/fs-access';

export interface WalkOptions {
  /** The workspace root: `exclude` globs and reported paths are relative to it. */
  root: string;
  maxFileBytes: number;
  exclude: readonly string[];
  /** A subfolder for which this returns true is not walked but returned in `nested` (it has its own config). */
  ownConfig?: (dir: string) => boolean;
}

export interface WalkResult {
  /** Absolute paths of files to analyse, sorted. */
  files: string[];
  /** Absolute paths of files and folders left out, with the reason (said in the output). */
  skipped: { path: string; reason: string }[];
  /** Subfolders with a config of their own, to be scanned as their own workspace. */
  nested: string[];
  /** Files that are there but may not be read (a link out of the folder, a FIFO or device, a link loop): errors. */
  refused: { path: string; reason: string }[];
}

/** The folders a walk of `paths` may read from: each folder given, or the folder of each file given. */
export function scanRoots(paths: readonly string[]): string[] {
  return paths.map((p) => {
    try {
      return statSync(p).isDirectory() ? p : dirname(p);
    } catch {
      return dirname(p);
    }
  });
}

/** Folders never worth reading: version control, caches and notebook checkpoints. Skipped without a note. */
const quietDirs = new Set(['.git', '.hg', '.svn', '__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.ipynb_checkpoints', '.tox', '.nox']);

/** Why a folder is skipped (said in the output), or undefined to walk it. */
export function skipReason(dir: string, name: string): string | 'quiet' | undefined {
  if (quietDirs.has(name)) return 'quiet';
  if (name === 'node_modules') return 'dependency folder (node_modules)';
  if (name === 'site-packages') return 'installed packages (site-packages)';
  if (name === '.venv' || name === 'venv' || existsSync(join(dir, 'pyvenv.cfg'))) return 'virtualenv';
  if (existsSync(join(dir, 'conda-meta'))) return 'conda environment';
  return undefined;
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** Whether a relative path (forward slashes) leaves its base folder (`..`, `../x`; not a folder named `..x`). */
export function leavesBase(rel: string): boolean {
  return rel === '..' || rel.startsWith('../') || /^[A-Za-z]:/.test(rel) || rel.startsWith('/');
}

interface IgnoreLayer {
  base: string;
  ig: Ignore;
}

function loadGitignore(dir: string): IgnoreLayer | undefined {
  const r = readTextFile(join(dir, '.gitignore'), { maxBytes: 1024 * 1024 });
  return r.ok ? { base: dir, ig: ignore().add(r.text) } : undefined;
}

/** Applies the layers shallow to deep, so a deeper .gitignore can re-include (`!pattern`) what a parent ignored. */
function gitIgnored(layers: readonly IgnoreLayer[], abs: string, isDir: boolean): boolean {
  let ignored = false;
  for (const l of layers) {
    const rel = toPosix(relative(l.base, abs));
    if (!rel || leavesBase(rel)) continue;
    const r = l.ig.test(isDir ? `${rel}/` : rel);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

/** The nearest enclosing folder holding `.git`, if any. */
export function gitRoot(start: string): string | undefined {
  let d = start;
  for (;;) {
    if (existsSync(join(d, '.git'))) return d;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** .gitignore layers of the folders from the repository root (or the workspace root) down to `dir`, exclusive. */
function ancestorLayers(dir: string, root: string): IgnoreLayer[] {
  const top = gitRoot(dir) ?? root;
  const chain: string[] = [];
  let d = dirname(dir);
  const rel = relative(top, dir);
  if (leavesBase(toPosix(rel)) || rel === '') return [];
  while (chain.length < 64) {
    chain.unshift(d);
    if (d === top) break;
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return chain.map(loadGitignore).filter((l): l is IgnoreLayer => !!l);
}

function sizeNote(max: number): string {
  return `larger than the ${Math.round(max / 1024)} KB size limit (raise \`max-file-size-kb\` in wattlint.toml to read it)`;
}

/**
 * Walks `paths` (absolute). A folder is walked recursively; a file named explicitly is read even if .gitignore
 * ignores it (as git does for added files), unless Wattlint cannot read its type or `exclude` leaves it out.
 */
export function walkPaths(paths: readonly string[], opts: WalkOptions): WalkResult {
  const files = new Set<string>();
  const skipped: WalkResult['skipped'] = [];
  const nested: string[] = [];
  const refused: WalkResult['refused'] = [];
  const roots = realRoots(scanRoots(paths));
  const relToRoot = (abs: string) => toPosix(relative(opts.root, abs));
  const excluded = (abs: string) => {
    const rel = relToRoot(abs);
    return !leavesBase(rel) && rel !== '' && isExcluded(rel, opts.exclude);
  };
  const consider = (abs: string, size: number) => {
    if (!languageOf(toPosix(abs))) return;
    if (size > opts.maxFileBytes) skipped.push({ path: abs, reason: sizeNote(opts.maxFileBytes) });
    else files.add(abs);
  };

  const walkDir = (dir: string, layers: IgnoreLayer[]) => {
    const own = loadGitignore(dir);
    const here = own ? [...layers, own] : layers;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir, reason: `could not read the folder (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const abs = join(dir, ent.name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (!isDir && !isFile && !ent.isSymbolicLink()) {
        // a FIFO, device or socket with a name Wattlint reads: never opened (it could block or never end)
        if (languageOf(ent.name) && !gitIgnored(here, abs, false) && !excluded(abs)) refused.push({ path: abs, reason: 'not a regular file (a FIFO, device or socket); not read' });
        continue;
      }
      if (ent.isSymbolicLink()) {
        // Linked files inside the walked folder are read; linked folders are not followed (loops, and they
        // usually point outside); a link that leaves the folder is refused.
        if (!languageOf(ent.name) || gitIgnored(here, abs, false) || excluded(abs)) continue;
        let real: string;
        try {
          real = realpathSync.native(abs);
        } catch (e) {
          const c = (e as NodeJS.ErrnoException).code;
          if (c === 'ELOOP') refused.push({ path: abs, reason: 'a loop of symbolic links; not read' });
          continue; // a dangling link: nothing to read
        }
        if (!roots.some((r) => isInside(r, real))) {
          refused.push({ path: abs, reason: 'a symbolic link to a file outside the scanned folder; not read' });
          continue;
        }
        try {
          const st = statSync(real);
          isFile = st.isFile();
          isDir = false;
          if (!isFile && !st.isDirectory()) {
            refused.push({ path: abs, reason: 'a link to something that is not a regular file (a FIFO, device or socket); not read' });
            continue;
          }
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (gitIgnored(here, abs, true) || excluded(abs)) continue;
        const why = skipReason(abs, ent.name);
        if (why === 'quiet') continue;
        if (why) {
          skipped.push({ path: abs, reason: why });
          continue;
        }
        if (opts.ownConfig?.(abs)) {
          nested.push(abs);
          continue;
        }
        walkDir(abs, here);
      } else if (isFile) {
        if (!languageOf(ent.name) || gitIgnored(here, abs, false) || excluded(abs)) continue;
        try {
          consider(abs, statSync(abs).size);
        } catch (e) {
          refused.push({ path: abs, reason: `could not read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
        }
      }
    }
  };

  for (const p of paths) {
    if (!lstatSync(p, { throwIfNoEntry: false })) continue; // the caller checks existence and says so
    // The config's `exclude` holds for named paths too (a pre-commit hook names every staged file), as the
    // analysis applies it to a scan; `fix` relies on this.
    if (excluded(p)) continue;
    let st;
    try {
      st = statSync(p); // a path named on the command line is followed if it is a link: the user named it
    } catch (e) {
      const c = (e as NodeJS.ErrnoException).code;
      refused.push({ path: p, reason: c === 'ELOOP' ? 'a loop of symbolic links; not read' : `could not read it (${c ?? 'error'})` });
      continue;
    }
    if (st.isDirectory()) {
      // A folder named on the command line is scanned even if an enclosing .gitignore excludes it (the user
      // asked for it); its own and nested .gitignore files still apply.
      const layers = ancestorLayers(p, opts.root);
      walkDir(p, gitIgnored(layers, p, true) ? [] : layers);
    } else if (!st.isFile()) {
      // a FIFO, device or socket: the reader would refuse it anyway; say so without opening it
      refused.push({ path: p, reason: 'not a regular file (a FIFO, device or socket); not read' });
    } else if (!languageOf(toPosix(p))) skipped.push({ path: p, reason: 'not a file type Wattlint reads' });
    else consider(p, st.size);
  }
  return { files: [...files].sort(), skipped, nested, refused };
}
