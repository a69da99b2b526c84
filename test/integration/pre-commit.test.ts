// pre-commit for real (Debian's `pre-commit`, installed by .ci/run): a new repository pastes the README's
// snippet, with the hook repository being a fresh git repository of this working tree (so nothing depends on a
// published release; npm still installs the hook's build dependencies from the registry or its cache). pre-commit
// installs the hook as `language: node` does for any user: npm install, npm pack (the prepack build) and
// npm install -g of the tarball. Then: the scan hook refuses a commit that stages a DeepSpeed config training in
// fp32, while a file excluded in wattlint.toml and a finding in the baseline do not fail it; with the fix hook on,
// the commit stops with the safe fix applied (excluded file untouched), and once the fix is staged it goes through.
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ciSnippet, cloneOfWorkingTree, git, GIT_ENV, hasCommand, packageVersion, ROOT, run, tempDir, type Ran } from '../ci-support';

// DeepSpeed's default precision is fp32: no fp16/bf16 block at all. The safe fix adds the bf16 block (a config that
// writes `"fp16": {"enabled": false}` is an explicit choice, which only an unsafe fix replaces).
const FP32_DEFAULT = `{
  "train_micro_batch_size_per_gpu": 8,
  "gradient_accumulation_steps": 4,
  "zero_optimization": {
    "stage": 2
  }
}
`;
const FP32 = `{
  "train_micro_batch_size_per_gpu": 8,
  "gradient_accumulation_steps": 4,
  "fp16": {
    "enabled": false
  },
  "zero_optimization": {
    "stage": 2
  }
}
`;

describe('pre-commit hook (real pre-commit, fresh clone as the hook repository)', function () {
  this.timeout(15 * 60 * 1000);
  let project: string;
  let env: NodeJS.ProcessEnv;
  const scratch: string[] = [];
  const precommit = (...args: string[]): Ran => run('pre-commit', args, { cwd: project, env });
  const commit = (message: string, extra: NodeJS.ProcessEnv = {}): Ran =>
    run('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], { cwd: project, env: { ...env, ...extra } });

  before(function () {
    if (!hasCommand('pre-commit')) {
      console.log('    skipped: `pre-commit` is not installed (Debian package `pre-commit`; .ci/run installs it)');
      this.skip();
    }
    const hook = cloneOfWorkingTree();
    project = tempDir('precommit-project');
    const home = tempDir('precommit-home');
    scratch.push(hook.dir, project, home);
    env = {
      ...process.env,
      ...GIT_ENV,
      // A cold pre-commit cache (a fresh machine), and npm from its cache when it has the packages.
      PRE_COMMIT_HOME: home,
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    const snippet = ciSnippet('pre-commit');
    const repoLine = '  - repo: https://github.com/wattlint/wattlint\n';
    const revLine = `    rev: v${packageVersion()}\n`;
    assert.ok(snippet.includes(repoLine) && snippet.includes(revLine), `the README's pre-commit snippet names ${repoLine.trim()} at ${revLine.trim()}:\n${snippet}`);
    const config = snippet.replace(repoLine, `  - repo: ${hook.dir}\n`).replace(revLine, `    rev: ${hook.rev}\n`);

    assert.equal(git(project, 'init', '-q').status, 0);
    writeFileSync(join(project, '.pre-commit-config.yaml'), config);
    // fp32 training reports at info by default (its measured precision on real code); this team fails commits on it
    writeFileSync(join(project, 'wattlint.toml'), 'exclude = ["legacy/**"]\n\n[rules]\n"precision/fp32-training" = "warning"\n');
    mkdirSync(join(project, 'legacy'));
    writeFileSync(join(project, 'legacy', 'ds_old.json'), FP32);
    mkdirSync(join(project, 'known'));
    writeFileSync(join(project, 'known', 'ds_known.json'), FP32);
    // The baseline records the finding in known/ (written by this checkout's CLI, as a user would once).
    const baseline = run(process.execPath, [join(ROOT, 'bin', 'wattlint.js'), 'scan', 'known', '--write-baseline'], { cwd: project, env });
    assert.equal(baseline.status, 0, baseline.all);
    assert.match(baseline.stderr, /wrote 1 finding to the baseline wattlint-baseline\.json/, baseline.all);
    assert.equal(git(project, 'add', '-A').status, 0);
    assert.equal(commit('adopt wattlint').status, 0, 'the first commit is made before the hook is installed');
    const install = precommit('install');
    assert.equal(install.status, 0, install.all);
  });

  after(() => {
    for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  it('the wattlint hook refuses a commit that stages an fp32 DeepSpeed config, naming the rule and the file', () => {
    writeFileSync(join(project, 'ds_config.json'), FP32_DEFAULT);
    // Touch the excluded and the baselined configs too, so the hook is handed them.
    writeFileSync(join(project, 'legacy', 'ds_old.json'), FP32.replace('"stage": 2', '"stage": 3'));
    writeFileSync(join(project, 'known', 'ds_known.json'), FP32 + '\n');
    git(project, 'add', '-A');
    // SKIP: pre-commit's own switch, to see the scan hook alone (the fix hook runs first otherwise).
    const r = commit('train in fp32', { SKIP: 'wattlint-fix' });
    assert.equal(r.status, 1, r.all);
    assert.match(r.all, /^wattlint\.+Failed$/m, r.all);
    assert.match(r.all, /^ds_config\.json: warning precision\/fp32-training /m, r.all);
    assert.doesNotMatch(r.all, /legacy\/ds_old\.json/, 'the file excluded in wattlint.toml is not scanned');
    assert.doesNotMatch(r.all, /known\/ds_known\.json:\d+:\d+: /, `the baselined finding is not reported:\n${r.all}`);
    assert.match(r.all, /1 in the baseline/, r.all);
    assert.equal(git(project, 'log', '--oneline').stdout.trim().split('\n').length, 1, 'nothing was committed');
  });

  it('with both hooks, wattlint-fix applies the safe fix and stops the commit for review; staged, it goes through', () => {
    const legacyBefore = readFileSync(join(project, 'legacy', 'ds_old.json'), 'utf8');
    const first = commit('train in fp32');
    assert.equal(first.status, 1, `a hook that modifies files fails so the change can be reviewed:\n${first.all}`);
    assert.match(first.all, /^wattlint fix \(safe fixes\)\.+Failed$/m, first.all);
    assert.match(first.all, /files were modified by this hook/, first.all);
    // The scan hook runs on the fixed files and passes.
    assert.match(first.all, /^wattlint\.+Passed$/m, first.all);
    const fixed = readFileSync(join(project, 'ds_config.json'), 'utf8');
    assert.match(fixed, /"bf16": \{\s*"enabled": true\s*\}/, `${fixed}\n${first.all}`);
    assert.doesNotMatch(fixed, /fp16/, fixed);
    assert.equal(readFileSync(join(project, 'legacy', 'ds_old.json'), 'utf8'), legacyBefore, 'the excluded file is left alone');
    assert.equal(git(project, 'add', '-A').status, 0);
    const second = commit('train in bf16');
    assert.equal(second.status, 0, second.all);
    assert.match(second.all, /^wattlint fix \(safe fixes\)\.+Passed$/m, second.all);
    assert.match(second.all, /^wattlint\.+Passed$/m, second.all);
    assert.match(git(project, 'log', '-1', '--format=%s').stdout, /train in bf16/);
    assert.match(git(project, 'show', 'HEAD:ds_config.json').stdout, /"bf16"/);
  });
});
