// The GitHub Action: action.yml is valid by GitHub's own action schema (@actions/workflow-parser, the parser of
// GitHub's actions language service), its inputs are the documented ones and all of them reach the script, and its
// composite steps run here as the runner would run them: the `if:` conditions and `${{ }}` values are evaluated by
// GitHub's expression evaluator (@actions/expressions), `run:` steps run in bash with GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, `uses:` steps (setup-node, upload-sarif) are recorded with their inputs instead of
// being run. On examples/ that gives SARIF valid against the 2.1.0 schema with the rules' help, the Markdown
// summary, the outputs, a job that fails after the upload on findings at or above fail-on, and annotations
// when SARIF is off.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { checkoutFindings, githubActionsTools, ROOT, sarifErrors, tempDir } from '../ci-support';

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}
interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
}
interface StepResult {
  name: string;
  ran: boolean;
  uses?: string;
  with?: Record<string, string>;
  status?: number;
  log?: string;
}
interface ActionRun {
  steps: StepResult[];
  outputs: Record<string, string>;
  summary: string;
  /** The job's result: the first step that failed, if any. */
  failed?: string;
  temp: string;
}

const action = (): ActionYml => parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;

/** `${{ expr }}` → the expression; a bare `if:` is an expression already. */
const stripBraces = (s: string) => s.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1').trim();

/** Runs the composite action's steps as the runner would, with `given` inputs, in `workspace`. */
function runAction(given: Record<string, string>, workspace = ROOT): ActionRun {
  const tools = githubActionsTools();
  const a = action();
  const inputs: Record<string, string> = {};
  for (const [name, def] of Object.entries(a.inputs)) inputs[name] = given[name] ?? def.default ?? '';
  for (const name of Object.keys(given)) assert.ok(name in a.inputs, `test uses an input action.yml does not declare: ${name}`);
  const temp = tempDir('action-runner');
  const steps: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
  const context = () => ({ inputs, steps, github: { action_path: ROOT, workspace }, runner: { temp } });
  const template = (s: string) =>
    s.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => {
      const v = tools.evaluate(expr.trim(), context()).value;
      return v === null || v === undefined ? '' : String(v);
    });
  const summaryFile = join(temp, 'step-summary.md');
  writeFileSync(summaryFile, '');
  const results: StepResult[] = [];
  let failed: string | undefined;
  for (const [i, step] of a.runs.steps.entries()) {
    const name = step.name ?? step.id ?? `step ${i}`;
    // No `if:` means success(); after a failure only always()/failure() steps would run, and this action has none.
    const go = !failed && (step.if === undefined || tools.evaluate(stripBraces(step.if), context()).truthy);
    if (!go) {
      results.push({ name, ran: false, uses: step.uses });
      continue;
    }
    if (step.uses) {
      const w = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, template(String(v))]));
      results.push({ name, ran: true, uses: step.uses, with: w });
      continue;
    }
    assert.equal(step.shell, 'bash', `${name}: composite run steps need a shell`);
    const outputFile = join(temp, `output-${i}`);
    writeFileSync(outputFile, '');
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, template(String(v))]));
    // The runner's bash: `bash --noprofile --norc -eo pipefail {0}`.
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', template(step.run!)], {
      cwd: workspace,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...env, GITHUB_ACTION_PATH: ROOT, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile },
    });
    const outputs: Record<string, string> = {};
    for (const line of readFileSync(outputFile, 'utf8').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
    }
    if (step.id) steps[step.id] = { outputs, outcome: r.status === 0 ? 'success' : 'failure' };
    results.push({ name, ran: true, status: r.status ?? -1, log: `${r.stdout}${r.stderr}` });
    if (r.status !== 0) failed = name;
  }
  const outputs = Object.fromEntries(Object.entries(a.outputs).map(([k, o]) => [k, template(o.value)]));
  return { steps: results, outputs, summary: readFileSync(summaryFile, 'utf8'), failed, temp };
}

const step = (r: ActionRun, prefix: string) => {
  const s = r.steps.find((x) => x.name.startsWith(prefix));
  assert.ok(s, `no step named "${prefix}…" in ${r.steps.map((x) => x.name).join(', ')}`);
  return s;
};

describe('GitHub Action: action.yml', () => {
  it('is valid by GitHub\'s action metadata schema (and the schema catches mistakes)', () => {
    const tools = githubActionsTools();
    const check = (content: string) => tools.parseAction({ name: 'action.yml', content }, new tools.NoOperationTraceWriter()).context.errors.getErrors().map((e) => e.message);
    const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    assert.deepEqual(check(text), []);
    assert.ok(check(text.replace('shell: bash', 'shel: bash')).some((m) => /Unexpected value 'shel'|Required property is missing: shell/.test(m)));
    assert.ok(check(text.replace(/^description: .*$/m, '')).some((m) => /Required property is missing: description/.test(m)));
  });

  it('has the inputs paths, fail-on, args and sarif (default true), each described and each reaching the scan step', () => {
    const a = action();
    assert.equal(a.runs.using, 'composite');
    for (const name of ['paths', 'fail-on', 'args', 'sarif']) assert.ok(a.inputs[name], name);
    assert.equal(a.inputs.sarif.default, 'true');
    assert.equal(a.inputs.paths.default, '.');
    const scan = a.runs.steps.find((s) => s.id === 'scan')!;
    const steps = JSON.stringify(a.runs.steps);
    for (const [name, def] of Object.entries(a.inputs)) {
      assert.ok(def.description.length > 20, `input ${name} is described`);
      assert.match(steps, new RegExp(`inputs\\.${name}(?![\\w-])`), `input ${name} is used by a step`);
    }
    // The script reads INPUT_<NAME> with - turned into _, as the scan step's env names them.
    for (const name of Object.keys(a.inputs).filter((n) => n !== 'category')) {
      assert.equal(scan.env?.[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`], `\${{ inputs.${name} }}`, name);
    }
    // Every expression refers to declared inputs and steps.
    const ids = new Set(a.runs.steps.map((s) => s.id).filter(Boolean));
    for (const m of JSON.stringify(a).matchAll(/inputs\.([\w-]+)/g)) assert.ok(m[1] in a.inputs, `inputs.${m[1]} is declared`);
    for (const m of JSON.stringify(a).matchAll(/steps\.([\w-]+)\.outputs/g)) assert.ok(ids.has(m[1]), `step ${m[1]} exists`);
  });
});

describe('GitHub Action: run locally on examples/', function () {
  this.timeout(120_000);
  const temps: string[] = [];
  after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));
  const go = (inputs: Record<string, string>) => {
    const r = runAction(inputs);
    temps.push(r.temp);
    return r;
  };

  it('defaults: writes SARIF (schema-valid, with the rules\' help), uploads it, writes the summary, passes', async () => {
    const r = go({ paths: 'examples' });
    assert.equal(r.failed, undefined, JSON.stringify(r.steps, null, 1));
    assert.equal(step(r, 'Check for Node.js').status, 0);
    assert.equal(step(r, 'Set up Node.js').ran, false, 'this Node is new enough: no setup-node');
    const scan = step(r, 'Wattlint scan');
    assert.equal(scan.status, 0, scan.log);
    const upload = step(r, 'Upload SARIF');
    assert.ok(upload.ran && upload.uses?.startsWith('github/codeql-action/upload-sarif@'), JSON.stringify(upload));
    assert.equal(upload.with?.category, 'wattlint');
    assert.equal(upload.with?.sarif_file, r.outputs['sarif-file']);
    assert.equal(step(r, 'Fail on findings').ran, false);
    assert.equal(r.outputs['exit-code'], '0', 'examples/ has warnings and infos, no error: the default fail-on passes');

    const sarif = JSON.parse(readFileSync(r.outputs['sarif-file'], 'utf8')) as { runs: { results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[]; tool: { driver: { rules: { id: string; help: { text: string; markdown: string } }[] } } }[] };
    assert.deepEqual(sarifErrors(sarif), []);
    const expected = checkoutFindings(['examples'], ROOT);
    const results = sarif.runs[0].results;
    assert.equal(results.length, expected.length);
    assert.equal(r.outputs.findings, String(expected.length));
    for (const res of results) {
      assert.match(res.locations[0].physicalLocation.artifactLocation.uri, /^examples\//, 'paths relative to the workspace, as code scanning needs');
      const rule = sarif.runs[0].tool.driver.rules[res.ruleIndex];
      assert.equal(rule.id, res.ruleId);
      assert.ok(rule.help.text.includes('Why it costs') || rule.help.markdown.includes('## Why it costs'), rule.id);
    }
    assert.doesNotMatch(scan.log ?? '', /^::warning /m, 'no annotations while SARIF goes to code scanning');
    assert.match(scan.log ?? '', new RegExp(`Wattlint: ${expected.length} findings \\(0 error, ${expected.filter((f) => f.severity === 'warning').length} warning,`));

    assert.match(r.summary, /^# Wattlint report\n/);
    for (const h of ['## By rule', '## Savings', '## Findings', '## Jobs']) assert.ok(r.summary.includes(`\n${h}\n`), h);
    const rules = new Set(expected.map((f) => f.rule));
    const byRule = r.summary.slice(r.summary.indexOf('## By rule'), r.summary.indexOf('## Savings'));
    for (const id of rules) assert.ok(byRule.includes(`[\`${id}\`]`), `summary lists ${id}`);
  });

  it('fail-on warning with SARIF off: annotations in the log, no upload, the job fails on the last step', async () => {
    const r = go({ paths: 'examples/configs examples/train.py', 'fail-on': 'warning', sarif: 'false', summary: 'false' });
    const scan = step(r, 'Wattlint scan');
    assert.equal(scan.status, 0, 'the scan step itself passes so that an upload could still happen');
    assert.equal(r.outputs['exit-code'], '1');
    assert.equal(step(r, 'Upload SARIF').ran, false);
    const fail = step(r, 'Fail on findings');
    assert.ok(fail.ran && fail.status === 1, JSON.stringify(fail));
    assert.match(fail.log ?? '', /^::error title=Wattlint::findings at or above fail-on/m);
    assert.equal(r.failed, fail.name);
    assert.equal(r.summary, '', 'summary: false writes none');
    const expected = checkoutFindings(['examples/configs', 'examples/train.py'], ROOT).filter((f) => f.severity !== 'info');
    const warnings = (scan.log ?? '').split('\n').filter((l) => l.startsWith('::warning '));
    assert.equal(warnings.length, expected.length, scan.log);
    assert.ok(expected.length > 3);
    const ds = expected.find((f) => f.file === 'examples/configs/ds_zero2.json' && f.rule === 'precision/fp32-training')!;
    assert.ok(
      warnings.some((w) => w.startsWith(`::warning file=examples/configs/ds_zero2.json,line=${ds.line},col=`) && w.includes(',title=Wattlint precision/fp32-training::')),
      warnings.join('\n'),
    );
  });

  it('passes `args` split like a shell line, and a bad input fails the scan step with a message', () => {
    const r = go({ paths: '"examples"', args: `--rules 'precision/fp32-training'`, summary: 'false' });
    const sarif = JSON.parse(readFileSync(r.outputs['sarif-file'], 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    assert.ok(sarif.runs[0].results.length >= 2);
    assert.deepEqual([...new Set(sarif.runs[0].results.map((x) => x.ruleId))], ['precision/fp32-training']);

    const bad = go({ paths: 'examples', 'fail-on': 'sometimes' });
    assert.equal(bad.failed, step(bad, 'Wattlint scan').name);
    assert.match(step(bad, 'Wattlint scan').log ?? '', /::error title=Wattlint::input fail-on: expected one of error, warning, info, never, got "sometimes"/);
    assert.equal(step(bad, 'Upload SARIF').ran, false);
    const usage = go({ paths: 'examples', args: '--rules no/such-rule', summary: 'false' });
    const log = step(usage, 'Wattlint scan').log ?? '';
    assert.match(log, /^::error title=Wattlint::wattlint scan exited 2 /m);
    assert.equal(log.match(/unknown rule id "no\/such-rule"/g)?.length, 1, `the CLI's message, once:\n${log}`);
    assert.equal(usage.outputs['exit-code'], '2');
  });
});

describe('GitHub Action: the script\'s helpers', () => {
  type Script = {
    splitWords(s: string): string[];
    fitSummary(md: string, limit?: number): string;
    annotations(sarif: unknown): string[];
    resolveCli(actionPath: string, version: string, tmp: string): string[];
  };
  let script: Script;
  before(async () => {
    script = (await import(pathToFileURL(join(ROOT, 'scripts', 'action.mjs')).href)) as Script;
  });

  it('splits words as a shell does, without expanding anything', () => {
    assert.deepEqual(script.splitWords(`a "b c" 'd e' f\\ g\n h`), ['a', 'b c', 'd e', 'f g', 'h']);
    assert.deepEqual(script.splitWords('  \n '), []);
    assert.deepEqual(script.splitWords('$(touch /tmp/x) `y` $HOME'), ['$(touch', '/tmp/x)', '`y`', '$HOME']);
    assert.throws(() => script.splitWords(`"open`), /cannot split/);
  });

  it('cuts a summary over the limit at a section boundary and says so', () => {
    const md = '# R\n\n## By rule\n\nx\n\n## Findings\n\n### `a`\n\n' + 'row\n'.repeat(300) + '\n### `b`\n\n' + 'row\n'.repeat(300);
    assert.equal(script.fitSummary(md, 10_000), md);
    const cut = script.fitSummary(md, 1500);
    assert.ok(Buffer.byteLength(cut) <= 1500, String(Buffer.byteLength(cut)));
    assert.ok(cut.startsWith('# R\n\n## By rule') && cut.includes('### `a`'), cut.slice(0, 80));
    assert.match(cut, /row\n\n\n_The report is cut here to fit GitHub's 1 MiB job summary/, 'cut before the section that does not fit');
    assert.doesNotMatch(cut, /### `b`/);
    const tight = script.fitSummary(md, 600);
    assert.match(tight, /## Findings\n\n\n_The report is cut here/, 'a section too long for the limit is left out whole');
  });

  it('escapes annotations as the runner reads them', () => {
    const [line] = script.annotations({
      runs: [{ results: [{ ruleId: 'a/b', level: 'note', message: { text: '50% of it\nnext' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'dir%20x/a,b.yaml' }, region: { startLine: 3, startColumn: 2 } } }] }] }],
    });
    assert.equal(line, '::notice file=dir x/a%2Cb.yaml,line=3,col=2,title=Wattlint a/b::50%25 of it%0Anext');
  });

  it('runs the checkout\'s CLI when the action folder is built, else installs the npm version it names', () => {
    assert.deepEqual(script.resolveCli(ROOT, '', tempDir('unused')), [process.execPath, join(ROOT, 'bin', 'wattlint.js')]);
    const bare = tempDir('bare-action');
    writeFileSync(join(bare, 'package.json'), '{"name":"wattlint","version":"0.0.0-does-not-exist"}');
    const tmp = tempDir('cli-install');
    // npm is asked for wattlint@0.0.0-does-not-exist and cannot have it (offline: no network needed to fail).
    const prev = process.env.npm_config_offline;
    process.env.npm_config_offline = 'true';
    try {
      assert.throws(() => script.resolveCli(bare, '', tmp), /npm install wattlint@0\.0\.0-does-not-exist failed/);
    } finally {
      if (prev === undefined) delete process.env.npm_config_offline;
      else process.env.npm_config_offline = prev;
    }
    assert.ok(!existsSync(join(tmp, 'wattlint-cli', 'node_modules', 'wattlint')));
    rmSync(bare, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  });
});
