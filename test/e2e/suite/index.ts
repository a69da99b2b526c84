// Entry point the VS Code extension host calls (extensionTestsPath): runs every *.test.js beside this file with
// mocha and rejects on failure (exit code 1). Writes {passes, failures, pending} to MOCHA_RESULTS_FILE when set
// (the code-server harness reads it for its closing line).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30000 });
  if (process.env.MOCHA_GREP) mocha.grep(process.env.MOCHA_GREP);
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const s = runner.stats!;
      if (process.env.MOCHA_RESULTS_FILE) fs.writeFileSync(process.env.MOCHA_RESULTS_FILE, JSON.stringify({ passes: s.passes, failures: s.failures, pending: s.pending }));
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
  });
}
