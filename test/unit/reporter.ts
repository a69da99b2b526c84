// Mocha's dot reporter plus one plain closing line, `unit: N passed, N failed, N skipped`, that CI reads
// (`--reporter-option label=NAME` names another suite).
import Mocha from 'mocha';

class DotWithSummary extends Mocha.reporters.Dot {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats;
      const label = (options?.reporterOptions as { label?: string } | undefined)?.label ?? 'unit';
      if (s) process.stdout.write(`\n${label}: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`);
    });
  }
}

export = DotWithSummary;
