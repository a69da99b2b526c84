// Timing for the benchmarks: best of several runs, the figure least disturbed by other work on a shared machine.

/** Best of `reps` runs of `fn`, in ms. */
export function best(reps: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}
