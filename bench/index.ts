// `npm run bench`: prints the speed and memory figures of issue 2 (and the others' hooks). Figures, not
// assertions: these machines are shared and noisy, so compare ratios measured in one run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parser as lezerPython } from '@lezer/python';
import { analyzeText } from '../src/core/analyze';
import { resolveSettings } from '../src/core/config/load';
import { parsePythonText } from '../src/core/parse/python';
import { allRules } from '../src/core/rules';
import { initCore } from '../src/node/grammar';
import { fsWorkspace } from '../src/node/workspace';
import { mlPython, plainPython, plainYaml, writeTree } from './corpus';

interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const figures: Figure[] = [];
function report(f: Figure): void {
  figures.push(f);
  const v = f.value >= 100 ? f.value.toFixed(0) : f.value.toFixed(2);
  console.log(`${f.name.padEnd(58)} ${v.padStart(10)} ${f.unit}${f.target ? `   (target ${f.target})` : ''}`);
}

/** Best of `reps` runs, in ms: the least disturbed by other work on the machine. */
function best(reps: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

async function main(): Promise<void> {
  await initCore();
  const settings = resolveSettings();
  const ids = allRules.map((r) => r.meta.id);

  // 1. ML-heavy Python: parse only vs full analysis (both tree-sitter), and the other parser measured.
  const ml = mlPython(20_000);
  const lines = ml.split('\n').length;
  const parseMs = best(5, () => {
    const r = parsePythonText('bench.py', ml);
    if ('doc' in r) r.doc.tree.delete();
  });
  const lezerMs = best(5, () => void lezerPython.parse(ml));
  const fullMs = best(5, () => void analyzeText('bench.py', ml, { settings, onlyRules: ids }));
  report({ name: `Python parse only, tree-sitter (${lines} ML lines)`, value: (parseMs * 1000) / lines, unit: 'µs/line' });
  report({ name: 'Python parse only, @lezer/python (same text)', value: (lezerMs * 1000) / lines, unit: 'µs/line' });
  report({ name: 'Python full analysis (parse + jobs + all rules + estimates)', value: (fullMs * 1000) / lines, unit: 'µs/line' });
  report({ name: 'full analysis / parse only', value: fullMs / parseMs, unit: '×', target: '≤ 1.5×' });

  // 2. Files with no ML content are skipped by the pre-filter.
  const plain = plainPython(8 * 1024 * 1024);
  const yaml = plainYaml(8 * 1024 * 1024);
  const plainMs = best(3, () => {
    analyzeText('views.py', plain, { settings });
    analyzeText('ci.yaml', yaml, { settings });
  });
  report({ name: 'non-ML files skipped (Python + YAML)', value: (plain.length + yaml.length) / 1e6 / (plainMs / 1000), unit: 'MB/s', target: '≥ 20 MB/s' });

  // 3. A generated 10,000-file tree: walk, read and analyse every file.
  const root = writeTree(10_000);
  const t0 = performance.now();
  const files = walk(root);
  const ws = fsWorkspace(root);
  let findings = 0;
  for (const abs of files) {
    const rel = relative(root, abs).split('\\').join('/');
    findings += analyzeText(rel, readFileSync(abs, 'utf8'), { settings, workspace: ws }).findings.length;
  }
  const treeMs = performance.now() - t0;
  report({ name: `10,000-file tree (${findings} findings)`, value: treeMs / 1000, unit: 's', target: '≤ 10 s' });
  report({ name: '10,000-file tree throughput', value: files.length / (treeMs / 1000), unit: 'files/s' });

  // 4. Hooks from the other parts of the product, when present.
  for (const hook of ['./jsts-parse', './extension']) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(hook) as Record<string, unknown>;
      for (const fn of Object.values(mod)) {
        if (typeof fn === 'function') for (const f of await (fn as () => Promise<Figure[]> | Figure[])()) report(f);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    }
  }

  report({ name: 'peak memory (max RSS of this process)', value: process.resourceUsage().maxRSS / 1024, unit: 'MB' });
  void readFileSync;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
