// Mocha's dot reporter plus one plain closing line, `N passed, N failed, N skipped`, that CI reads.
import Mocha from 'mocha';

class DotWithSummary extends Mocha.reporters.Dot {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const s = runner.stats;
      if (s) process.stdout.write(`\nunit: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`);
    });
  }
}

export = DotWithSummary;
