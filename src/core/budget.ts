// A per-file time budget for the analysis (issue 9: hostile input must not hang a scan). The analysis is
// synchronous, so the budget is cooperative: the tree primitives every extractor and rule goes through (`walk`,
// `field`, the ancestor helpers in extract/python/ast.ts) call `tick()`, which every 1,024 calls compares the
// clock with the deadline and throws BudgetExceeded past it. analyzeText runs each file under `withBudget` and
// reports a file that runs out in `errors`; the scan goes on with the next file. Outside `withBudget` (a test
// calling a helper directly) `tick()` never throws.
export class BudgetExceeded extends Error {
  constructor(readonly ms: number) {
    super(`the analysis took longer than the ${Math.round(ms / 1000)} s time budget for one file`);
  }
}

/** The default per-file budget: far above what a real file takes (tens of milliseconds), low enough to go on. */
export const DEFAULT_BUDGET_MS = 10_000;

let deadline = Infinity;
let budgetMs = 0;
let counter = 0;
let clock: () => number = () => Date.now();

/**
 * The clock the budget is measured on, in ms (default: wall time). The CLI sets the process's CPU time, so a busy
 * machine does not cut a file short; an adapter running analyses on several threads may set its own.
 */
export function setBudgetClock(fn: () => number, opts: { lazy?: boolean } = {}): void {
  clock = fn;
  lazy = opts.lazy === true;
}

/**
 * With a lazy clock (the CLI's and the scan workers': the process's CPU time, a system call that sums every thread
 * and cost about 0.4 ms a call in a scan worker, 3 % of its profile), a budget starts counting only once a file has
 * run for a quarter of it in wall time (at most LAZY_GRACE_MS): almost every file is done by then, so its clock is
 * never read. A file past that point gets its whole budget in the lazy clock's time from there.
 */
let lazy = false;
export const LAZY_GRACE_MS = 2500;
/** A lazy budget not started yet: the wall time (Date.now) at which it starts counting; else NaN. */
let startsAt = NaN;

let lastMs = 0;
/** The budget's clock is read at most this often (wall ms): 25 ms for a budget of seconds, finer for a short one. */
let clockEveryMs = 25;

/**
 * Checks the clock every 1,024 calls, and at most once per 25 ms of wall time, or a quarter of a shorter budget
 * (the CLI's clock, the process's CPU time, is a system call: read every 1,024 calls it cost the language server a
 * seventh of each keystroke, and once per 4 ms still about 5 % of a value edit's profile); throws BudgetExceeded
 * when the current budget has run out.
 */
export function tick(): void {
  if ((++counter & 1023) !== 0 || deadline === Infinity) return;
  const now = Date.now();
  if (now >= lastMs && now - lastMs < clockEveryMs) return;
  lastMs = now;
  if (!Number.isNaN(startsAt)) {
    // a lazy budget: counted from here once its grace in wall time is over
    if (now < startsAt) return;
    startsAt = NaN;
    deadline = clock() + budgetMs;
    return;
  }
  if (clock() > deadline) throw new BudgetExceeded(budgetMs);
}

/** `n` calls of `tick()` at once (a loop over an answer already computed): the clock is read as often as they would read it. */
export function tickN(n: number): void {
  if (n <= 0) return;
  const before = counter;
  counter += n;
  if (deadline === Infinity || before >>> 10 === counter >>> 10) return;
  // one or more multiples of 1,024 were crossed: what the last of those ticks would do
  counter = (counter >>> 10) * 1024 - 1;
  tick();
  counter = before + n;
}

/** Runs `fn` with a deadline `ms` from now (nested calls keep the earlier deadline). */
export function withBudget<T>(ms: number, fn: () => T): T {
  const prevDeadline = deadline;
  const prevMs = budgetMs;
  const prevEvery = clockEveryMs;
  const prevStarts = startsAt;
  if (lazy && deadline === Infinity && Number.isNaN(startsAt)) {
    // the outermost budget on a lazy clock: no clock read now (see LAZY_GRACE_MS)
    deadline = Number.MAX_VALUE;
    startsAt = Date.now() + Math.min(ms / 4, LAZY_GRACE_MS);
    budgetMs = ms;
    clockEveryMs = Math.min(25, ms / 4);
  } else if (Number.isNaN(startsAt)) {
    const mine = clock() + ms;
    if (mine < deadline) {
      deadline = mine;
      budgetMs = ms;
      clockEveryMs = Math.min(25, ms / 4);
    }
  }
  try {
    return fn();
  } finally {
    deadline = prevDeadline;
    budgetMs = prevMs;
    clockEveryMs = prevEvery;
    startsAt = prevStarts;
  }
}
