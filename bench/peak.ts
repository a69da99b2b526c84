// Preloaded into the processes the bench times (`node -r out/bench/peak.js ...`): at exit, writes the process's
// peak resident memory (worker threads included: they share the process) and its CPU time (user + system, all
// threads, µs) to the file WATTLINT_PEAK_FILE names.
import { writeFileSync } from 'node:fs';

const file = process.env.WATTLINT_PEAK_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}`);
  });
}
