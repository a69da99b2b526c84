// The scan's worker pool: a pooled scan reports exactly what a one-worker scan and an in-thread scan report, byte
// for byte, in every format; `--jobs` is checked; the pool's size follows the machine and the number of files.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { languageOf } from '../../src/core/parse/document';
import { walkGroups } from '../../src/cli/plan';
import { MAX_AUTO_JOBS, MIN_FILES_FOR_WORKERS, poolSize, scanTasks, type ScanTask } from '../../src/cli/pool';
import type { GroupSpec } from '../../src/cli/group-scan';
import { main, parseJobs } from '../../src/cli/main';

const repo = join(__dirname, '..', '..', '..');

async function runCli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

/** A tree of the project's real examples and rule fixtures (with a config, cross-file references, notebooks, a broken file). */
function realTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'wattlint-pool-'));
  cpSync(join(repo, 'examples'), join(root, 'examples'), { recursive: true });
  // the fixtures of a few rules (Python, notebooks, YAML, JSON, JS/TS): with the examples, above the pool's minimum
  for (const rule of ['api/unbounded-output', 'batching/tiny-train-batch', 'precision/fp32-training', 'data/dataloader-workers']) {
    cpSync(join(repo, 'src', 'core', 'rules', rule, 'fixtures'), join(root, 'rules', rule), { recursive: true });
  }
  writeFileSync(join(root, 'rules', 'broken.py'), 'import torch\ndef f(:\n');
  return root;
}

describe('scan pool', () => {
  let root: string;
  before(() => (root = realTree()));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('gives byte-identical output with 1 and 3 workers, in every format', async function () {
    this.timeout(600_000); // a shared machine: the runs start workers and analyse the tree four times
    for (const format of ['json', 'sarif']) {
      const one = await runCli(['scan', '.', '--format', format, '--jobs', '1'], root);
      const three = await runCli(['scan', '.', '--format', format, '-j', '3'], root);
      assert.equal(three.code, one.code);
      assert.equal(three.out, one.out, format);
      if (format === 'json') {
        const j = JSON.parse(one.out) as { findings: unknown[]; errors: { file: string }[]; summary: { files: number } };
        assert.ok(j.summary.files >= MIN_FILES_FOR_WORKERS, `only ${j.summary.files} files: the pool would not run`);
        assert.ok(j.findings.length >= 20, `${j.findings.length} findings`);
        assert.ok(j.errors.some((e) => e.file.endsWith('broken.py')), 'the broken file is reported');
      }
    }
  });

  it('in this thread and on 2 workers, gives the same file results in the same order', async function () {
    this.timeout(600_000);
    const io = { cwd: root, out: () => undefined, err: () => undefined };
    const specs: GroupSpec[] = [];
    const tasks: ScanTask[] = [];
    walkGroups(io, [root], undefined).forEach(({ group, walked }, i) => {
      specs.push({ root: group.root, roots: walked.roots, settings: group.settings, list: walked.files, estimates: true, keyBase: group.root });
      for (const file of walked.files) tasks.push({ group: i, file });
    });
    assert.ok(specs.length >= 2, 'the examples folder has its own config: two groups');
    // JS/TS files are handed out after the rest (pool.ts): their results must still come back in the walk's order
    const jsts = tasks.findIndex((t) => languageOf(t.file) === 'jsts');
    assert.ok(jsts >= 0 && tasks.slice(jsts).some((t) => languageOf(t.file) !== 'jsts'), 'a JS/TS file before other files');
    const here = await scanTasks(specs, tasks, 0);
    const pooled = await scanTasks(specs, tasks, 2);
    assert.equal(pooled.length, tasks.length);
    assert.equal(JSON.stringify(pooled), JSON.stringify(here));
    assert.deepEqual(pooled, here);
  });

  it('checks --jobs', async () => {
    assert.equal(parseJobs(undefined), 'auto');
    assert.equal(parseJobs('auto'), 'auto');
    assert.equal(parseJobs('0'), 'auto');
    assert.equal(parseJobs('3'), 3);
    for (const bad of ['-1', 'two', '1.5', '']) assert.throws(() => parseJobs(bad), /--jobs: expected a positive whole number or auto/);
    const r = await runCli(['scan', '.', '--jobs', 'many'], root);
    assert.equal(r.code, 2);
    assert.match(r.err, /--jobs/);
  });

  it('sizes the pool from the CPUs and the files', () => {
    assert.equal(poolSize('auto', MIN_FILES_FOR_WORKERS - 1), 0, 'few files: no workers');
    assert.equal(poolSize(4, 10), 0);
    assert.equal(poolSize('auto', 10_000), Math.min(availableParallelism(), MAX_AUTO_JOBS));
    assert.equal(poolSize(3, 10_000), 3);
    assert.equal(poolSize(1, 10_000), 1);
    assert.equal(poolSize(500, 100), 100);
  });
});
