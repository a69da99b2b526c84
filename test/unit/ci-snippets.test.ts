// The README's "Use in CI" snippets, as a user pastes them: the pre-commit config names real hook ids with
// arguments the CLI accepts (pre-commit itself runs in test/integration/pre-commit.test.ts), and the hooks read the
// file types the CLI reads; the GitHub workflow is valid by GitHub's workflow schema and gives the action only
// inputs it declares; the GitLab job's commands and the plain-shell baseline adoption run here, with the
// checkout's CLI in place of the npm package they name.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { main } from '../../src/cli/main';
import { languageOf } from '../../src/core/parse/document';
import { checkoutFindings, ciSnippet, githubActionsTools, packageVersion, ROOT, sarifErrors, tempDir } from '../ci-support';

const version = packageVersion();
const cliPath = join(ROOT, 'bin', 'wattlint.js');

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

/** Runs shell lines one by one in bash as a CI runner does (a failing line stops the job). */
function runLines(lines: string[], cwd: string): { line: string; status: number; out: string }[] {
  const ran: { line: string; status: number; out: string }[] = [];
  for (const line of lines) {
    const r = spawnSync('bash', ['-c', line], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    ran.push({ line, status: r.status ?? -1, out: `${r.stdout}${r.stderr}` });
    if (r.status !== 0) break;
  }
  return ran;
}

// fp32-training reports at info by default (its measured precision on real code: rule-precision.json); a project
// that wants it to fail CI raises it, as examples/wattlint.toml does.
const WARN_FP32 = '[rules]\n"precision/fp32-training" = "warning"\n';
const FP32_DS = '{\n  "train_micro_batch_size_per_gpu": 8,\n  "gradient_accumulation_steps": 4,\n  "fp16": {\n    "enabled": false\n  }\n}\n';

describe('README "Use in CI": pre-commit', () => {
  interface Hook {
    id: string;
    entry: string;
    language: string;
    files: string;
  }
  const hooks = () => parseYaml(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

  it('names this repository at the current version, with hook ids and arguments that exist', async () => {
    const config = parseYaml(ciSnippet('pre-commit')) as { repos: { repo: string; rev: string; hooks: { id: string; args?: string[] }[] }[] };
    assert.equal(config.repos.length, 1);
    const [repo] = config.repos;
    assert.equal(repo.repo, 'https://github.com/wattlint/wattlint');
    assert.equal(repo.rev, `v${version}`);
    const defined = new Map(hooks().map((h) => [h.id, h]));
    assert.deepEqual(repo.hooks.map((h) => h.id).sort(), ['wattlint', 'wattlint-fix']);
    for (const h of repo.hooks) {
      const def = defined.get(h.id);
      assert.ok(def, `hook ${h.id} is defined in .pre-commit-hooks.yaml`);
      assert.equal(def.language, 'node');
      // The hook's command line as pre-commit builds it: entry, args, then the staged files.
      const [bin, ...entryArgs] = def.entry.split(' ');
      assert.equal(bin, 'wattlint', 'the command the package installs (package.json "bin")');
      const root = tempDir('hook-args');
      writeFileSync(join(root, 'ds.json'), FP32_DS);
      writeFileSync(join(root, 'wattlint.toml'), WARN_FP32);
      const r = await cli([...entryArgs, ...(h.args ?? []), 'ds.json'], root);
      rmSync(root, { recursive: true, force: true });
      assert.notEqual(r.code, 2, `${def.entry} ${(h.args ?? []).join(' ')}: ${r.err}`);
      if (h.id === 'wattlint') assert.equal(r.code, 1, 'the snippet fails a commit on a warning');
    }
    assert.equal((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin.wattlint, 'bin/wattlint.js');
  });

  it('the hooks are handed exactly the file types the CLI reads', () => {
    const names = [
      'train.py', 'nb.ipynb', 'c.yaml', 'c.yml', 'ds.json', 'ds.jsonc', 'pyproject.toml', 'config.pbtxt', 'run.sh', 'run.bash',
      'a.js', 'a.mjs', 'a.cjs', 'a.ts', 'a.mts', 'a.cts', 'a.jsx', 'a.tsx', 'README.md', 'requirements.txt', 'setup.cfg', 'Dockerfile',
      'a.json5', 'a.pyc', 'data.csv', 'x.tsv', 'a.shx', 'yaml', 'a.py.bak',
    ];
    for (const h of hooks()) {
      // pre-commit matches `files` with Python's re.search; this pattern means the same in JavaScript.
      const re = new RegExp(h.files);
      for (const n of names) assert.equal(re.test(n), languageOf(n) !== undefined, `${h.id}: ${n}`);
    }
  });
});

describe('README "Use in CI": GitHub Actions', () => {
  it('is a valid workflow by GitHub\'s schema that gives the action only inputs it declares', () => {
    const snippet = ciSnippet('GitHub Actions');
    const tools = githubActionsTools();
    const errors = tools.parseWorkflow({ name: 'wattlint.yml', content: snippet }, new tools.NoOperationTraceWriter()).context.errors.getErrors().map((e) => e.message);
    assert.deepEqual(errors, []);
    const wf = parseYaml(snippet) as { permissions: Record<string, string>; jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }> };
    assert.equal(wf.permissions['security-events'], 'write', 'upload-sarif needs it');
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    const ours = steps.find((s) => s.uses?.startsWith('wattlint/wattlint@'));
    assert.ok(ours, snippet);
    assert.equal(ours.uses, `wattlint/wattlint@v${version}`);
    assert.ok(steps.indexOf(ours) > steps.findIndex((s) => s.uses?.startsWith('actions/checkout@')), 'checks out first');
    const inputs = (parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> }).inputs;
    for (const k of Object.keys(ours.with ?? {})) assert.ok(k in inputs, `input ${k}`);
  });
});

describe('README "Use in CI": GitLab CI and plain shell', function () {
  this.timeout(120_000);
  let project: string;
  beforeEach(() => {
    project = tempDir('ci-snippet');
    cpSync(join(ROOT, 'examples', 'configs'), join(project, 'configs'), { recursive: true });
    writeFileSync(join(project, 'wattlint.toml'), WARN_FP32);
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('GitLab: the job writes a SARIF artifact and a Code Quality report, and fails on the warnings', () => {
    const job = (parseYaml(ciSnippet('GitLab CI')) as Record<string, { image: string; script: string[]; artifacts: { when: string; reports: { codequality: string }; paths: string[] } }>).wattlint;
    assert.match(job.image, /^node:(2[2-9]|[3-9]\d)/, 'an image with Node 20.19 or later');
    const npx = `npx --yes wattlint@${version}`;
    assert.ok(job.script.every((l) => l.startsWith(`${npx} `)), job.script.join('\n'));
    const ran = runLines(job.script.map((l) => l.replace(npx, `node ${JSON.stringify(cliPath)}`)), project);
    assert.deepEqual(ran.map((r) => r.status), [0, 1], ran.map((r) => `${r.line}\n${r.out}`).join('\n'));
    assert.equal(job.artifacts.when, 'always', 'the report is kept when the job fails');
    const sarif = JSON.parse(readFileSync(join(project, job.artifacts.paths[0]), 'utf8')) as object;
    assert.deepEqual(sarifErrors(sarif), []);
    const report = JSON.parse(readFileSync(join(project, job.artifacts.reports.codequality), 'utf8')) as { check_name: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    assert.deepEqual(
      report.map((i) => `${i.location.path} ${i.check_name}`).sort(),
      checkoutFindings(['.'], project).map((f) => `${f.file} ${f.rule}`).sort(),
    );
    assert.ok(report.some((i) => i.check_name === 'precision/fp32-training' && i.location.path === 'configs/ds_zero2.json' && i.severity === 'minor'));
  });

  it('shell: the baseline adopts today\'s findings; only a new one fails', () => {
    const lines = ciSnippet('Any shell, adopting on an existing repository')
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter(Boolean);
    assert.equal(lines[0], `npm install -g wattlint@${version}`);
    const commands = lines.slice(1);
    assert.ok(commands.every((l) => l.startsWith('wattlint ')), commands.join('\n'));
    const local = (l: string) => l.replace(/^wattlint /, `node ${JSON.stringify(cliPath)} `);
    const first = runLines(commands.map(local), project);
    assert.deepEqual(first.map((r) => r.status), [0, 0], first.map((r) => `${r.line}\n${r.out}`).join('\n'));
    assert.ok(existsSync(join(project, 'wattlint-baseline.json')));
    assert.match(first[1].out, /in the baseline/);
    writeFileSync(join(project, 'configs', 'ds_new.json'), FP32_DS);
    const gate = runLines([local(commands[1])], project)[0];
    assert.equal(gate.status, 1, gate.out);
    assert.match(gate.out, /configs\/ds_new\.json:4:3: warning precision\/fp32-training/);
    assert.doesNotMatch(gate.out, /ds_zero2\.json:\d/, 'the baselined findings stay hidden');
  });
});
