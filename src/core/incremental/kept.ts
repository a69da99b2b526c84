// Process-level caches of pure answers that the language server's keystrokes re-use (a notebook cell's blanked
// magics by its source, a module's imports folded from the same statements' imports): a test's reference analysis
// runs with them off (`afresh`), so that it computes every answer itself instead of reading what the incremental
// analysis it is compared with left there.
let off = 0;

/** Whether the kept answers are to be neither read nor written (inside `afresh`). */
export function keptOff(): boolean {
  return off > 0;
}

/** Test hook: runs `fn` with the process-level kept answers off. */
export function afresh<T>(fn: () => T): T {
  off++;
  try {
    return fn();
  } finally {
    off--;
  }
}
