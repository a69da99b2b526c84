// The CLI run in-process on temporary folders with real files: JSON shape, SARIF, exit codes, .gitignore,
// skipped folders and files, config errors, baselines and `fix`. A test-only rule (fake-rule.ts) supplies the
// findings, so these tests do not depend on the real rules' progress.
import { ruleById } from '../../src/core/rules';
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { main, packageVersion, splitWriteBaseline } from '../../src/cli/main';
import { parsesCleanly } from '../../src/cli/fix';
import { restrictRules } from '../../src/cli/plan';
import { failsOn } from '../../src/cli/scan';
import { resolveSettings } from '../../src/core/config/load';
import type { JsonReport } from '../../src/core/report/json';
import { FAKE_ID, useFakeRule } from './fake-rule';
import { makeTree } from './tmp-tree';

export async function runCli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

async function scanJson(cwd: string, ...args: string[]): Promise<{ code: number; json: JsonReport; err: string }> {
  const r = await runCli(['scan', ...args, '--format', 'json'], cwd);
  assert.ok(r.out.length > 0, `no output; stderr: ${r.err}`);
  return { code: r.code, json: JSON.parse(r.out) as JsonReport, err: r.err };
}

const fake = (j: JsonReport) => j.findings.filter((f) => f.rule === FAKE_ID);

describe('cli: usage', () => {
  it('--help and --version exit 0', async () => {
    const h = await runCli(['--help'], process.cwd());
    assert.equal(h.code, 0);
    assert.match(h.out, /Usage: wattlint/);
    const v = await runCli(['--version'], process.cwd());
    assert.equal(v.code, 0);
    assert.equal(v.out.trim(), packageVersion());
    assert.match(v.out, /^\d+\.\d+\.\d+/);
  });

  it('usage errors exit 2 with a message', async () => {
    for (const [argv, msg] of [
      [[], /Usage/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['scan', '--format', 'xml', '.'], /--format: expected one of text, json, sarif, markdown/],
      [['scan', '--fail-on', 'sometimes', '.'], /--fail-on: expected one of error, warning, info, never/],
      [['scan', '--bogus', '.'], /Unknown option '--bogus'/],
      [['scan', '--rules', 'no/such-rule', '.'], /unknown rule id "no\/such-rule"/],
      [['scan', 'does-not-exist'], /does-not-exist: no such file or folder/],
      [['scan'], /give at least one PATH/],
      [['rules', 'no/such-rule'], /unknown rule "no\/such-rule"/],
    ] as const) {
      const r = await runCli([...argv], process.cwd());
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.out + r.err, msg, argv.join(' '));
    }
  });

  it('delegates estimate to the engine\'s command', async () => {
    const h = await runCli(['estimate', '--help'], process.cwd());
    assert.equal(h.code, 0);
    assert.match(h.out, /wattlint estimate/);
    const bad = await runCli(['estimate', '--bogus'], process.cwd());
    assert.equal(bad.code, 2);
    assert.match(bad.err, /bogus/);
    const j = await runCli(['estimate', '--json', '--phase', 'training', '--params', '7e9', '--tokens', '1e11', '--hardware', 'A100 80GB SXM', '--devices', '8'], process.cwd());
    assert.equal(j.code, 0, j.err);
    assert.equal((JSON.parse(j.out) as { phase: string }).phase, 'training');
  });

  it('splits --write-baseline and its optional FILE', () => {
    assert.deepEqual(splitWriteBaseline(['scan', '--write-baseline', 'src']), { argv: ['scan', 'src'], writeBaseline: true });
    assert.deepEqual(splitWriteBaseline(['scan', '--write-baseline', 'b.json', 'src']), { argv: ['scan', 'src'], writeBaseline: 'b.json' });
    assert.deepEqual(splitWriteBaseline(['--write-baseline=x.json', '.']), { argv: ['.'], writeBaseline: 'x.json' });
  });

  it('failsOn compares severities', () => {
    const w = [{ severity: 'warning' }];
    assert.equal(failsOn(w, 'error'), false);
    assert.equal(failsOn(w, 'warning'), true);
    assert.equal(failsOn(w, 'info'), true);
    assert.equal(failsOn([{ severity: 'error' }], 'never'), false);
    assert.equal(failsOn([], 'info'), false);
  });

  it('rules lists the catalogue and prints a rule\'s docs', async () => {
    const list = await runCli(['rules'], process.cwd());
    assert.equal(list.code, 0);
    assert.match(list.out, /^RULE\s+SEVERITY\s+FIX\s+TITLE/);
    // the default severity as measured on real code (rule-precision.json), not the authored one
    assert.match(list.out, new RegExp(`precision/fp32-training\\s+${ruleById('precision/fp32-training')!.meta.severity}\\s+safe\\s+fp32 training`));
    const doc = await runCli(['rules', 'precision/fp32-training'], process.cwd());
    assert.equal(doc.code, 0);
    assert.match(doc.out, /^# precision\/fp32-training\n/);
    for (const h of ['What it does', 'Why it costs', 'Example', 'Use instead', 'Fix safety', 'Estimated impact']) assert.ok(doc.out.includes(`## ${h}`), h);
    const json = await runCli(['rules', '--format', 'json'], process.cwd());
    assert.ok((JSON.parse(json.out) as { id: string }[]).some((r) => r.id === 'grad/no-grad-inference'));
  });
});

describe('cli: scan', () => {
  useFakeRule();
  let root: string;
  afterEach(() => root && rmSync(root, { recursive: true, force: true }));

  it('prints the JSON contract with paths relative to the current folder', async () => {
    root = makeTree({ 'configs/a.yaml': 'lr: 3\nbatch_waste: true  # keep\n', 'clean.yaml': 'batch_waste: false\n' });
    const { code, json } = await scanJson(root, '.');
    assert.equal(code, 1, 'an error-level finding fails the default --fail-on error');
    assert.equal(json.version, 1);
    assert.deepEqual(fake(json), [
      {
        rule: FAKE_ID,
        file: 'configs/a.yaml',
        line: 2,
        column: 14,
        endLine: 2,
        endColumn: 18,
        severity: 'error',
        message: 'add `batch_fixed: true`',
        fix: { safety: 'safe', title: 'add batch_fixed: true', edits: [{ file: 'configs/a.yaml', startLine: 2, startColumn: 26, endLine: 2, endColumn: 26, newText: '\nbatch_fixed: true' }] },
        saving: fake(json)[0].saving,
        fingerprint: fake(json)[0].fingerprint,
      },
    ]);
    assert.ok(fake(json)[0].saving!.energyFraction.low > 0, 'an error keeps its severity because its fix saves energy');
    assert.ok(Array.isArray(json.jobs) && Array.isArray(json.errors));
    assert.equal(json.summary.files, 2);

    const parent = await scanJson(dirname(root), basename(root));
    assert.equal(fake(parent.json)[0].file, `${basename(root)}/configs/a.yaml`);
  });

  it('exit codes follow --fail-on and the config', async () => {
    root = makeTree({ 'a.yaml': 'batch_waste: true\n' });
    assert.equal((await runCli(['scan', '.'], root)).code, 1);
    assert.equal((await runCli(['scan', '.', '--fail-on', 'warning'], root)).code, 1);
    assert.equal((await runCli(['scan', '.', '--fail-on', 'never'], root)).code, 0);
    writeFileSync(join(root, 'wattlint.toml'), 'fail-on = "never"\n');
    assert.equal((await runCli(['scan', '.'], root)).code, 0);
    assert.equal((await runCli(['scan', '.', '--fail-on', 'error'], root)).code, 1, 'the flag overrides the config');
    writeFileSync(join(root, 'a.yaml'), 'batch_waste: true\nbatch_fixed: true\n');
    assert.equal((await runCli(['scan', '.', '--fail-on', 'info'], root)).code, 0);
  });

  it('--rules runs only the named rules, even opt-in or configured off', async () => {
    root = makeTree({ 'a.yaml': 'batch_waste: true\n' });
    const only = await scanJson(root, '.', '--rules', 'precision/fp32-training');
    assert.deepEqual(fake(only.json), []);
    assert.equal(only.code, 0);
    const base = resolveSettings({ rules: { 'compile/no-compile': 'off', 'precision/fp32-training': 'error' } });
    const s = restrictRules(base, ['compile/no-compile', 'measure/no-energy-tracking', 'precision/fp32-training']);
    assert.equal(s.rules['compile/no-compile'], 'info');
    assert.equal(s.rules['measure/no-energy-tracking'], 'info');
    assert.equal(s.rules['precision/fp32-training'], 'error');
    assert.equal(s.rules['grad/no-grad-inference'], 'off');
    assert.equal(restrictRules(base, undefined), base);
  });

  it('reports a file that cannot be parsed in errors and goes on', async () => {
    root = makeTree({ 'broken.yaml': 'batch_waste: [true,\nx: 1\n', 'ok.yaml': 'batch_waste: true\n' });
    const { code, json } = await scanJson(root, '.', '--fail-on', 'never');
    assert.equal(code, 0);
    assert.deepEqual(fake(json).map((f) => f.file), ['ok.yaml']);
    assert.equal(json.errors.length, 1);
    assert.equal(json.errors[0].file, 'broken.yaml');
    assert.equal(typeof json.errors[0].line, 'number');
    const text = await runCli(['scan', '.'], root);
    assert.match(text.out, /^broken\.yaml:\d+(:\d+)?: could not analyse: /m);
  });

  it('text output: one line per finding and a summary', async () => {
    root = makeTree({ 'a.yaml': 'batch_waste: true\n' });
    const r = await runCli(['scan', 'a.yaml'], root);
    assert.ok(r.out.split('\n').includes(`a.yaml:1:14: error ${FAKE_ID} add \`batch_fixed: true\``), r.out);
    assert.match(r.out, /1 finding \(1 error, 0 warning, 0 info\) in 1 file scanned/);
  });

  it('SARIF output is 2.1.0 with rules and help', async () => {
    root = makeTree({ 'a.yaml': 'batch_waste: true\n' });
    const r = await runCli(['scan', '.', '--format', 'sarif'], root);
    const s = JSON.parse(r.out) as { version: string; $schema: string; runs: { tool: { driver: { rules: { id: string; help: { markdown: string } }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.equal(s.version, '2.1.0');
    assert.ok(s.$schema);
    assert.ok(s.runs[0].tool.driver.rules.find((x) => x.id === 'precision/fp32-training')?.help.markdown.includes('## What it does'));
    const res = s.runs[0].results.find((x) => x.ruleId === FAKE_ID);
    assert.equal(res?.locations[0].physicalLocation.artifactLocation.uri, 'a.yaml');
  });

  it('respects .gitignore and skips node_modules and virtualenvs, saying so', async () => {
    root = makeTree({
      '.gitignore': 'ignored/\n',
      'ignored/a.yaml': 'batch_waste: true\n',
      'node_modules/pkg/b.yaml': 'batch_waste: true\n',
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/lib/c.yaml': 'batch_waste: true\n',
      'src/d.yaml': 'batch_waste: true\n',
    });
    const { json } = await scanJson(root, '.');
    assert.deepEqual(fake(json).map((f) => f.file), ['src/d.yaml']);
    assert.deepEqual(json.skipped.map((s) => s.file).sort(), ['env', 'node_modules']);
    const text = await runCli(['scan', '.'], root);
    assert.match(text.out, /note: skipped node_modules: dependency folder/);
    assert.match(text.out, /note: skipped env: virtualenv/);
  });

  it('reports files over the size limit instead of skipping them silently', async () => {
    root = makeTree({ 'wattlint.toml': 'max-file-size-kb = 1\n', 'big.yaml': `batch_waste: true\n#${'x'.repeat(2000)}\n`, 'small.yaml': 'batch_waste: true\n' });
    const { json } = await scanJson(root, '.');
    assert.deepEqual(fake(json).map((f) => f.file), ['small.yaml']);
    assert.equal(json.skipped.length, 1);
    assert.equal(json.skipped[0].file, 'big.yaml');
    assert.match(json.skipped[0].reason, /size limit/);
  });

  it('config: exclude globs, discovery from a subfolder, pyproject [tool.wattlint], --config', async () => {
    root = makeTree({ 'pyproject.toml': '[project]\nname = "x"\n\n[tool.wattlint]\nexclude = ["gen/**"]\n', 'gen/a.yaml': 'batch_waste: true\n', 'src/b.yaml': 'batch_waste: true\n' });
    assert.deepEqual(fake((await scanJson(root, '.')).json).map((f) => f.file), ['src/b.yaml']);
    assert.deepEqual(fake((await scanJson(join(root, 'src'), '.')).json).map((f) => f.file), ['b.yaml'], 'paths stay relative to the current folder');
    writeFileSync(join(root, 'other.toml'), 'exclude = ["src"]\n');
    assert.deepEqual(fake((await scanJson(root, '.', '--config', 'other.toml')).json).map((f) => f.file), ['gen/a.yaml']);
  });

  it('a subfolder with its own config is scanned with it (the nearest config wins)', async () => {
    root = makeTree({
      'top.yaml': 'batch_waste: true\n',
      'proj/wattlint.toml': 'exclude = ["skip.yaml"]\n',
      'proj/skip.yaml': 'batch_waste: true\n',
      'proj/keep.yaml': 'batch_waste: true\n',
      'other.toml': '',
    });
    assert.deepEqual(fake((await scanJson(root, '.')).json).map((f) => f.file), ['proj/keep.yaml', 'top.yaml']);
    assert.deepEqual(
      fake((await scanJson(root, '.', '--config', 'other.toml')).json).map((f) => f.file),
      ['proj/keep.yaml', 'proj/skip.yaml', 'top.yaml'],
      '--config applies to everything',
    );
    // a bad config in a sub-project is reported for its folder; the rest of the tree is still scanned (issue 9, item 14)
    writeFileSync(join(root, 'proj/wattlint.toml'), 'exclude = "skip.yaml"\n');
    const bad = await scanJson(root, '.');
    assert.equal(bad.code, 1, 'findings of the rest decide the exit code');
    assert.deepEqual(fake(bad.json).map((f) => f.file), ['top.yaml']);
    assert.equal(bad.json.errors.length, 1);
    assert.equal(bad.json.errors[0].file, 'proj/wattlint.toml');
    assert.match(bad.json.errors[0].message, /^exclude: .*the folder proj\/ was not scanned/);
  });

  it('a bad config exits 2 naming the file, the key and what was expected', async () => {
    root = makeTree({ 'wattlint.toml': 'pue = "high"\n', 'a.yaml': 'batch_waste: true\n' });
    const r = await runCli(['scan', '.'], root);
    assert.equal(r.code, 2);
    assert.match(r.err, /wattlint\.toml: pue: .*number/i);
    writeFileSync(join(root, 'wattlint.toml'), '[rules]\n"precision/fp32-training" = "loud"\n');
    const r2 = await runCli(['scan', '.'], root);
    assert.equal(r2.code, 2);
    assert.match(r2.err, /wattlint\.toml: rules\.precision\/fp32-training: /);
    rmSync(join(root, 'wattlint.toml'));
    writeFileSync(join(root, 'pyproject.toml'), '[tool.wattlint]\nregionn = "FR"\n');
    const r3 = await runCli(['scan', '.'], root);
    assert.equal(r3.code, 2);
    assert.match(r3.err, /pyproject\.toml: tool\.wattlint: unknown key\(s\) "regionn"/);
  });

  it('a baseline hides old findings, also after lines move, and shows new ones', async () => {
    root = makeTree({ 'a.yaml': 'batch_waste: true\n' });
    const w = await runCli(['scan', '.', '--write-baseline'], root);
    assert.equal(w.code, 0);
    assert.match(w.err, /wrote 1 finding to the baseline wattlint-baseline\.json/);
    assert.ok(existsSync(join(root, 'wattlint-baseline.json')));

    writeFileSync(join(root, 'a.yaml'), '# moved down\nlr: 1\nbatch_waste:   true\n');
    const quiet = await scanJson(root, '.');
    assert.equal(quiet.code, 0);
    assert.deepEqual(fake(quiet.json), []);
    assert.equal(quiet.json.summary.baselined, 1);

    writeFileSync(join(root, 'b.yaml'), 'batch_waste: true\n');
    const loud = await scanJson(root, '.');
    assert.equal(loud.code, 1);
    assert.deepEqual(fake(loud.json).map((f) => f.file), ['b.yaml']);

    // An explicit file, written and read from another folder.
    const w2 = await runCli(['scan', '.', '--write-baseline', 'ci/base.json'], root);
    assert.equal(w2.code, 0, w2.err);
    const fromParent = await scanJson(dirname(root), basename(root), '--baseline', join(basename(root), 'ci', 'base.json'));
    assert.deepEqual(fake(fromParent.json), []);
    const missing = await runCli(['scan', '.', '--baseline', 'nope.json'], root);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /baseline nope\.json: cannot read it/);
  });
});

describe('cli: fix', () => {
  useFakeRule();
  let root: string;
  afterEach(() => root && rmSync(root, { recursive: true, force: true }));

  it('edits files in place, keeps comments, and is idempotent', async () => {
    root = makeTree({ 'a.yaml': 'lr: 1\nbatch_waste: true  # why\n', 'sub/b.yaml': 'batch_waste: true\n', 'c.yaml': 'batch_waste: false\n' });
    const r = await runCli(['fix', '.'], root);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /Applied 2 fixes in 2 files \(1 pass\)/);
    assert.equal(readFileSync(join(root, 'a.yaml'), 'utf8'), 'lr: 1\nbatch_waste: true  # why\nbatch_fixed: true\n');
    assert.equal(readFileSync(join(root, 'sub/b.yaml'), 'utf8'), 'batch_waste: true\nbatch_fixed: true\n');
    const again = await runCli(['fix', '.'], root);
    assert.equal(again.code, 0);
    assert.match(again.out, /No fixes to apply/);
    assert.equal(readFileSync(join(root, 'a.yaml'), 'utf8'), 'lr: 1\nbatch_waste: true  # why\nbatch_fixed: true\n');
    const after = await scanJson(root, '.');
    assert.deepEqual(fake(after.json), []);
  });

  it('never writes a fix whose fixed text would not parse; applies the others and says which it rejected', async () => {
    const text = 'batch_break: true\nbatch_waste: true\n';
    root = makeTree({ 'a.yaml': text, 'b.yaml': 'batch_waste: true\n' });
    const r = await runCli(['fix', '.'], root);
    assert.equal(r.code, 1, 'a rejected fix is something to look at');
    assert.match(r.out, /not applied: a\.yaml:1: test\/batch-break "add broken: \[unclosed": the fixed text would not pass the syntax check \(line \d+, column \d+: YAML: /);
    assert.equal(readFileSync(join(root, 'a.yaml'), 'utf8'), 'batch_break: true\nbatch_waste: true\nbatch_fixed: true\n', 'the good fix of the same file applies');
    assert.equal(readFileSync(join(root, 'b.yaml'), 'utf8'), 'batch_waste: true\nbatch_fixed: true\n', 'other files are still fixed');
    const j = await runCli(['fix', '.', '--format', 'json'], root);
    const report = JSON.parse(j.out) as { rejected: { file: string; rule: string; reason: string }[]; applied: number };
    assert.deepEqual(report.rejected.map((x) => [x.file, x.rule]), [['a.yaml', 'test/batch-break']]);
    assert.equal(report.applied, 0);
  });

  it('checks that fixed text parses before writing', () => {
    assert.equal(parsesCleanly('a.json', '{"a": 1}'), true);
    assert.equal(parsesCleanly('a.json', '{"a": '), false);
    assert.equal(parsesCleanly('a.yaml', 'a: [1,\n'), false);
  });
});
