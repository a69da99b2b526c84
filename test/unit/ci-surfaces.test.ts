// What CI integrations rely on: `exclude` for files named on the command line (the pre-commit hook names every
// staged file), the GitLab Code Quality format, the Markdown report's summary parts (findings by rule, the
// largest savings first), and SARIF from a real scan that is valid against the SARIF 2.1.0 schema with every
// reported rule's help in it.
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { toCodeQuality, type CodeQualityIssue } from '../../src/core/report/gitlab';
import { formatMarkdown } from '../../src/core/report/markdown';
import { emptyReport, type ReportFinding, type ScanReport } from '../../src/core/report/model';
import { ROOT, sarifErrors } from '../ci-support';
import { FAKE_ID, useFakeRule } from './fake-rule';
import { makeTree } from './tmp-tree';

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

const files = (out: string) => [...new Set((JSON.parse(out) as { findings: { file: string }[] }).findings.map((f) => f.file))].sort();

describe('ci: files named on the command line (a pre-commit hook names every staged file)', () => {
  useFakeRule();
  let root: string;
  afterEach(() => root && rmSync(root, { recursive: true, force: true }));
  const tree = () =>
    makeTree({
      'wattlint.toml': 'exclude = ["gen/**"]\n',
      '.gitignore': 'scratch.yaml\n',
      'gen/a.yaml': 'batch_waste: true\n',
      'scratch.yaml': 'batch_waste: true\n',
      'src/b.yaml': 'batch_waste: true\n',
    });

  it('scan: a named file obeys the config\'s exclude; .gitignore does not hide a file named on purpose', async () => {
    root = tree();
    const r = await cli(['scan', 'gen/a.yaml', 'scratch.yaml', 'src/b.yaml', '--format', 'json'], root);
    assert.deepEqual(files(r.out), ['scratch.yaml', 'src/b.yaml']);
    assert.equal(r.code, 1);
    const none = await cli(['scan', 'gen/a.yaml', '--format', 'json'], root);
    assert.deepEqual(files(none.out), []);
    assert.equal(none.code, 0, 'nothing left to scan is a pass');
    const folder = await cli(['scan', 'gen', '--format', 'json'], root);
    assert.deepEqual(files(folder.out), [], 'a named folder that is excluded is skipped too');
  });

  it('fix: leaves a named file alone when the config excludes it, as scan does', async () => {
    root = tree();
    const r = await cli(['fix', 'gen/a.yaml', 'src/b.yaml'], root);
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal(readFileSync(join(root, 'gen/a.yaml'), 'utf8'), 'batch_waste: true\n');
    assert.equal(readFileSync(join(root, 'src/b.yaml'), 'utf8'), 'batch_waste: true\nbatch_fixed: true\n');
  });
});

describe('ci: --format gitlab (Code Quality)', () => {
  useFakeRule();
  let root: string;
  afterEach(() => root && rmSync(root, { recursive: true, force: true }));

  it('lists each finding with the rule, a unique fingerprint, a GitLab severity and the line', async () => {
    // Two equal lines in two YAML documents: two findings, told apart by the baseline's occurrence count.
    root = makeTree({ 'a.yaml': 'lr: 1\nbatch_waste: true\n---\nbatch_waste: true\n' });
    const r = await cli(['scan', '.', '--format', 'gitlab'], root);
    assert.equal(r.code, 1, 'the exit code follows --fail-on as for every format');
    const issues = JSON.parse(r.out) as CodeQualityIssue[];
    const mine = issues.filter((i) => i.check_name === FAKE_ID);
    assert.deepEqual(
      mine.map((i) => [i.location.path, i.location.lines.begin, i.severity]),
      [
        ['a.yaml', 2, 'major'],
        ['a.yaml', 4, 'major'],
      ],
    );
    assert.equal(new Set(mine.map((i) => i.fingerprint)).size, 2);
    assert.match(mine[0].description, /add `batch_fixed: true`/);
    const json = JSON.parse((await cli(['scan', '.', '--format', 'json'], root)).out) as { findings: { rule: string; fingerprint: string }[] };
    assert.deepEqual(
      mine.map((i) => i.fingerprint),
      json.findings.filter((f) => f.rule === FAKE_ID).map((f) => f.fingerprint),
      'the fingerprints are the baseline\'s, stable across runs',
    );
  });

  it('maps severities, puts file-level findings on line 1, notebook findings on the .ipynb line, and says the saving', () => {
    const base: Omit<ReportFinding, 'rule' | 'severity'> = { message: 'm', file: 'f.yaml', span: null, range: null };
    const r: ScanReport = emptyReport();
    r.findings = [
      { ...base, rule: 'x/error', severity: 'error' },
      { ...base, rule: 'x/info', severity: 'info', saving: { energyFraction: { low: 0.2, mid: 0.3, high: 0.4 }, basis: 'b' } },
      { ...base, rule: 'x/nb', severity: 'warning', file: 'n.ipynb', cell: 1, notebookLine: 17, span: { start: 0, end: 1 }, range: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 2 } },
      { ...base, rule: 'x/info', severity: 'info' },
    ];
    const byRule = new Map(toCodeQuality(r).map((i) => [`${i.check_name}@${i.location.lines.begin}:${i.severity}`, i]));
    assert.ok(byRule.has('x/error@1:major') && byRule.has('x/info@1:info') && byRule.has('x/nb@17:minor'), [...byRule.keys()].join(' '));
    assert.equal(byRule.get('x/nb@17:minor')!.description, '[cell 2, line 2] m');
    const infos = toCodeQuality(r).filter((i) => i.check_name === 'x/info');
    assert.equal(new Set(infos.map((i) => i.fingerprint)).size, 2, 'fingerprints stay unique without the baseline\'s');
    assert.ok(infos.some((i) => i.description === 'm (saves ~20–40% energy)'), infos.map((i) => i.description).join(' | '));
  });
});

describe('ci: Markdown summary parts', () => {
  const f = (rule: string, over: Partial<ReportFinding> = {}): ReportFinding => ({
    rule,
    severity: 'warning',
    message: `${rule} message`,
    file: 'a.yaml',
    span: null,
    range: null,
    ...over,
  });
  const report = (): ScanReport => {
    const r = emptyReport();
    r.findings = [
      f('precision/fp32-training', { saving: { energyFraction: { low: 0.3, mid: 0.4, high: 0.5 }, energyKWh: { low: 10, mid: 20, high: 30 }, basis: 'small job' } }),
      f('precision/fp32-training', { file: 'b.yaml', saving: { energyFraction: { low: 0.1, mid: 0.2, high: 0.3 }, energyKWh: { low: 400, mid: 500, high: 600 }, basis: 'big job' } }),
      f('batching/tiny-train-batch', { severity: 'info', saving: { energyFraction: { low: 0.6, mid: 0.7, high: 0.8 }, basis: 'no kWh' } }),
      f('memory/no-grad-checkpointing', { severity: 'info', saving: { energyFraction: { low: -0.3, mid: -0.25, high: -0.2 }, energyKWh: { low: -30, mid: -25, high: -20 }, basis: 'recompute' } }),
      f('precision/fp32-training', { file: 'c.yaml', fix: { safety: 'safe', title: 't', edits: [{ file: 'c.yaml', span: { start: 0, end: 1 }, newText: 'x' }] } }),
    ];
    return r;
  };

  it('counts findings by rule, most first, with the fixable ones and the largest saving', () => {
    const md = formatMarkdown(report());
    const table = md.slice(md.indexOf('## By rule'), md.indexOf('## Savings'));
    const rows = table.split('\n').filter((l) => l.startsWith('| ['));
    assert.equal(rows.length, 3);
    assert.match(rows[0], /^\| \[`precision\/fp32-training`\]\(.*precision-fp32-training\.md\) \| 3 \| warning \| 1 \| saves ~30–50% energy \|$/);
    assert.ok(rows[2].includes('memory/no-grad-checkpointing') && rows[2].endsWith('| 1 | info |  |  |'), `a fix that costs energy is no "largest saving": ${rows[2]}`);
  });

  it('lists savings largest first by share of the job, equal shares by kWh, costs last; topSavings cuts the list', () => {
    const r = report();
    r.findings.push(f('precision/fp32-inference', { file: 'd.yaml', saving: { energyFraction: { low: 0.3, mid: 0.4, high: 0.5 }, energyKWh: { low: 50, mid: 60, high: 70 }, basis: 'same share, more kWh' } }));
    const md = formatMarkdown(r);
    const savings = md.slice(md.indexOf('## Savings'), md.indexOf('## Findings')).split('\n').filter((l) => l.startsWith('- '));
    assert.deepEqual(
      savings.map((l) => /— (.+?)$/.exec(l)?.[1]),
      ['no kWh', 'same share, more kWh', 'small job', 'big job', 'recompute'],
    );
    // The saving as the text report words it (savingText), kWh included.
    assert.match(savings[3], /^- `b\.yaml` precision\/fp32-training: saves ~10–30% energy, ≈500 kWh .*— big job$/);
    const top = formatMarkdown(report(), { topSavings: 2 });
    assert.match(top, /- … and 2 more in the findings below/);
    assert.ok(md.indexOf('## By rule') < md.indexOf('## Savings') && md.indexOf('## Savings') < md.indexOf('## Findings'), 'the overview comes first');
  });
});

describe('ci: SARIF from a real scan', () => {
  it('scanning examples/ gives SARIF valid against the 2.1.0 schema, with help for every reported rule', async () => {
    const r = await cli(['scan', 'examples', '--format', 'sarif'], ROOT);
    assert.equal(r.code, 0, r.err);
    const log = JSON.parse(r.out) as { runs: { tool: { driver: { rules: { id: string; help?: { text: string; markdown: string }; helpUri?: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[] };
    assert.deepEqual(sarifErrors(log), []);
    const run = log.runs[0];
    assert.ok(run.results.length >= 20, `examples/ has findings of most rules (got ${run.results.length})`);
    for (const res of run.results) {
      const rule = run.tool.driver.rules[res.ruleIndex];
      assert.equal(rule.id, res.ruleId);
      assert.ok(rule.help && rule.help.text.length > 200 && rule.help.markdown.includes('## What it does'), `help for ${rule.id}`);
      assert.match(rule.helpUri ?? '', /^https:\/\/.+\.md$/);
    }
    const broken = structuredClone(log) as unknown as { runs: { results: { level: string }[] }[] };
    broken.runs[0].results[0].level = 'fatal';
    assert.equal(sarifErrors(broken).length, 1, 'the validator catches a level SARIF does not have');
  });
});
