// Glob matching for settings (`test-files`, `per-file-ignores`, `exclude`): each glob compiled once, not per call
// (picomatch.isMatch compiles its pattern every time, and a scan asks thousands of times per glob).
import picomatch from 'picomatch';

const compiled = new Map<string, (path: string) => boolean>();
/** Globs kept compiled at most (settings hold a handful; then the cache starts over). */
const MAX_GLOBS = 1024;

/** picomatch.isMatch(path, glob, { dot: true }), with the compiled glob kept. */
export function globMatch(path: string, glob: string): boolean {
  let m = compiled.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true });
    if (compiled.size >= MAX_GLOBS) compiled.clear();
    compiled.set(glob, m);
  }
  return m(path);
}
