// The reporters over a hand-made ScanReport: the JSON contract (v1), SARIF 2.1.0, text and Markdown.
import { strict as assert } from 'node:assert';
import type { JobFacts } from '../../src/core/types';
import { formatJson, toJsonReport } from '../../src/core/report/json';
import { formatMarkdown } from '../../src/core/report/markdown';
import { rebaseReport, type ScanReport } from '../../src/core/report/model';
import { toSarif } from '../../src/core/report/sarif';
import { formatText } from '../../src/core/report/text';
import { allRules } from '../../src/core/rules';
import { notebookLine } from '../../src/core/workspace-scan';

const job: JobFacts = {
  id: 'train.py#0',
  file: 'train.py',
  flavour: 'pytorch',
  phase: 'training',
  anchor: { file: 'train.py', span: { start: 0, end: 5 } },
  facts: {},
  dynamic: [],
  references: [],
};

export function sampleReport(): ScanReport {
  return {
    findings: [
      {
        rule: 'precision/fp32-training',
        severity: 'warning',
        message: 'set `bf16: true` (A100 supports bf16)',
        file: 'configs/ds.json',
        span: { start: 40, end: 57 },
        range: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 22 },
        fix: {
          safety: 'safe',
          title: 'enable bf16',
          edits: [{ file: 'configs/ds.json', span: { start: 40, end: 57 }, newText: '"enabled": true', range: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 22 } }],
        },
        saving: { energyFraction: { low: 0.3, mid: 0.45, high: 0.6 }, basis: 'bf16 tensor cores vs fp32' },
        fingerprint: 'abc',
      },
      {
        rule: 'batching/tiny-train-batch',
        severity: 'info',
        message: 'micro-batch 1 | accumulation 1',
        file: 'configs/a.yaml',
        span: null,
        range: null,
      },
      {
        rule: 'grad/no-grad-inference',
        severity: 'error',
        message: 'wrap the eval loop in `torch.inference_mode()`',
        file: 'nb/explore.ipynb',
        cell: 2,
        span: { start: 10, end: 20 },
        range: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 11 },
        notebookLine: 40,
        fix: { safety: 'unsafe', title: 'wrap in inference_mode', edits: [{ file: 'nb/explore.ipynb', cell: 2, span: { start: 0, end: 0 }, newText: 'x', range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } }] },
      },
    ],
    jobs: [
      {
        job,
        line: 1,
        estimate: {
          phase: 'training',
          energyKWh: { low: 800, mid: 1234.5, high: 1600 },
          co2Kg: { low: 300, mid: 450, high: 600 },
          costUSD: { low: 2000, mid: 3200, high: 4500 },
          assumptions: {},
          notes: [],
        },
      },
    ],
    errors: [{ file: 'broken.yaml', line: 3, message: 'bad indentation' }],
    skipped: [{ file: 'big.json', reason: 'larger than the 2048 KB size limit' }],
    stats: { files: 5, suppressed: 2, baselined: 1 },
  };
}

describe('report: JSON contract', () => {
  it('has version 1 and the contract fields, sorted by file and position', () => {
    const j = toJsonReport(sampleReport());
    assert.equal(j.version, 1);
    assert.deepEqual(
      j.findings.map((f) => f.file),
      ['configs/a.yaml', 'configs/ds.json', 'nb/explore.ipynb'],
    );
    const ds = j.findings[1];
    assert.deepEqual(
      { rule: ds.rule, file: ds.file, line: ds.line, column: ds.column, endLine: ds.endLine, endColumn: ds.endColumn, severity: ds.severity },
      { rule: 'precision/fp32-training', file: 'configs/ds.json', line: 12, column: 5, endLine: 12, endColumn: 22, severity: 'warning' },
    );
    assert.deepEqual(ds.fix, {
      safety: 'safe',
      title: 'enable bf16',
      edits: [{ file: 'configs/ds.json', startLine: 12, startColumn: 5, endLine: 12, endColumn: 22, newText: '"enabled": true' }],
    });
    assert.deepEqual(ds.saving?.energyFraction, { low: 0.3, mid: 0.45, high: 0.6 });
  });

  it('file-level findings have line null and no fix/saving keys', () => {
    const f = toJsonReport(sampleReport()).findings[0];
    assert.equal(f.line, null);
    assert.equal(f.column, null);
    assert.equal(f.endLine, null);
    assert.ok(!('fix' in f) && !('saving' in f) && !('cell' in f));
  });

  it('notebook findings carry their cell', () => {
    const f = toJsonReport(sampleReport()).findings[2];
    assert.equal(f.cell, 2);
    assert.equal(f.line, 3);
    assert.equal(f.fix?.edits[0].cell, 2);
  });

  it('jobs have file, kind and estimate; errors and skipped are listed', () => {
    const j = JSON.parse(formatJson(sampleReport())) as ReturnType<typeof toJsonReport>;
    assert.deepEqual(
      j.jobs.map((x) => [x.file, x.kind, x.estimate?.energyKWh?.mid]),
      [['train.py', 'training', 1234.5]],
    );
    assert.deepEqual(j.errors, [{ file: 'broken.yaml', line: 3, message: 'bad indentation' }]);
    assert.deepEqual(j.skipped, [{ file: 'big.json', reason: 'larger than the 2048 KB size limit' }]);
    assert.equal(j.summary.findings, 3);
  });

  it('rebasing rewrites every path', () => {
    const r = rebaseReport(sampleReport(), (p) => `sub/${p}`);
    const j = toJsonReport(r);
    assert.ok(j.findings.every((f) => f.file.startsWith('sub/')));
    assert.equal(j.findings[1].fix?.edits[0].file, 'sub/configs/ds.json');
    assert.equal(j.jobs[0].file, 'sub/train.py');
    assert.equal(j.jobs[0].id, 'sub/train.py#0');
    assert.equal(j.errors[0].file, 'sub/broken.yaml');
    assert.equal(j.skipped[0].file, 'sub/big.json');
  });
});

describe('report: SARIF', () => {
  type Run = {
    tool: { driver: { name: string; rules: { id: string; help: { text: string; markdown: string }; helpUri: string; shortDescription: { text: string }; fullDescription: { text: string }; defaultConfiguration: { level: string } }[] } };
    results: { ruleId: string; ruleIndex?: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } } }[]; fixes?: unknown[]; partialFingerprints?: Record<string, string> }[];
  };
  const sarif = () => toSarif(sampleReport(), { version: '1.2.3' }) as { version: string; $schema: string; runs: Run[] };

  it('is SARIF 2.1.0 with a schema and one run', () => {
    const s = sarif();
    assert.equal(s.version, '2.1.0');
    assert.match(s.$schema, /sarif-2\.1\.0/);
    assert.equal(s.runs.length, 1);
    assert.equal(s.runs[0].tool.driver.name, 'Wattlint');
  });

  it('lists every rule with descriptions, help text and markdown, helpUri and a default level', () => {
    const rules = sarif().runs[0].tool.driver.rules;
    assert.deepEqual(rules.map((r) => r.id), allRules.map((r) => r.meta.id));
    for (const r of rules) {
      assert.ok(r.shortDescription.text && r.fullDescription.text, r.id);
      assert.ok(r.help.markdown.includes('## What it does') && r.help.markdown.includes('## Fix safety'), r.id);
      assert.ok(r.help.text.includes('Why it costs:'), r.id);
      assert.match(r.helpUri, /^https:\/\/.*\.md$/);
      assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration.level));
    }
  });

  it('maps results: rule index, level (info → note), regions, fixes, fingerprints', () => {
    const run = sarif().runs[0];
    const byRule = new Map(run.results.map((r) => [r.ruleId, r]));
    const ds = byRule.get('precision/fp32-training')!;
    assert.equal(run.tool.driver.rules[ds.ruleIndex!].id, 'precision/fp32-training');
    assert.equal(ds.level, 'warning');
    assert.deepEqual(ds.locations[0].physicalLocation.region, { startLine: 12, startColumn: 5, endLine: 12, endColumn: 22 });
    assert.equal(ds.locations[0].physicalLocation.artifactLocation.uri, 'configs/ds.json');
    assert.equal(ds.fixes?.length, 1);
    assert.deepEqual(ds.partialFingerprints, { 'wattlint/v1': 'abc' });
    const tiny = byRule.get('batching/tiny-train-batch')!;
    assert.equal(tiny.level, 'note');
    assert.deepEqual(tiny.locations[0].physicalLocation.region, { startLine: 1 });
    const nb = byRule.get('grad/no-grad-inference')!;
    assert.equal(nb.fixes, undefined, 'cell edits are not file regions');
    assert.match(nb.message.text, /^\[cell 3, line 3\] /);
    assert.deepEqual(nb.locations[0].physicalLocation.region, { startLine: 40 }, 'the .ipynb line holding the cell line');
  });
});

describe('report: notebook lines', () => {
  it('finds the .ipynb line that holds a cell line', () => {
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', source: ['a = 1\n', 'b = 2\n'] }, { cell_type: 'code', source: ['c = 3\n', 'd = 4'] }] }, null, 1);
    const lines = nb.split('\n');
    assert.equal(lines[notebookLine(nb, 1, 2)! - 1].trim(), '"d = 4"');
    assert.equal(lines[notebookLine(nb, 0, 1)! - 1].trim(), '"a = 1\\n",');
    assert.equal(notebookLine(nb, 5, 1), undefined);
  });
});

describe('report: text', () => {
  const text = formatText(sampleReport());
  const lines = text.split('\n');

  it('prints file:line:col: severity rule-id message', () => {
    assert.ok(lines.includes('configs/ds.json:12:5: warning precision/fp32-training set `bf16: true` (A100 supports bf16)'), text);
    assert.ok(lines.includes('configs/a.yaml: info batching/tiny-train-batch micro-batch 1 | accumulation 1'), text);
    assert.ok(lines.includes('nb/explore.ipynb[cell 3]:3:1: error grad/no-grad-inference wrap the eval loop in `torch.inference_mode()`'), text);
  });

  it('shows fixes, savings, job estimates, errors, skipped files and a summary', () => {
    assert.ok(lines.includes('    fix (safe): enable bf16'));
    assert.ok(lines.some((l) => l.includes('saves ~30–60% energy')));
    // one unit scaler: 1,230 kWh reads as MWh, the range in the same unit
    assert.ok(lines.includes('  train.py:1: training (pytorch): 1.2 MWh (0.8–1.6), 450 kg CO2e (300–600), $3,200 ($2,000–$4,500) per run'), text);
    assert.ok(lines.includes('broken.yaml:3: could not analyse: bad indentation'));
    assert.ok(lines.includes('note: skipped big.json: larger than the 2048 KB size limit'));
    const summary = lines.filter(Boolean).at(-1)!;
    assert.match(summary, /^3 findings \(1 error, 1 warning, 1 info\) in 5 files scanned; 1 job, 1 fixable with `wattlint fix`, 1 more with `wattlint fix --unsafe`, 2 suppressed, 1 in the baseline/);
  });

  it('gives serving estimates per day, collapsing ranges without spread', () => {
    const r = sampleReport();
    r.jobs[0].estimate = {
      phase: 'serving',
      energyKWh: { low: 270, mid: 370, high: 650 },
      costUSD: { low: 5800, mid: 5800, high: 5800 },
      energyPerRequestJ: { low: 7400, mid: 10000, high: 17000 },
      perDay: { requests: 100000 } as never,
      label: 'C',
      assumptions: {},
      notes: [],
    };
    assert.match(formatText(r), /training \(pytorch\): 370 kWh \(270–650\), \$5,800 per day \(100,000 requests\); 10 kJ \(7\.4–17\) per request; label C\n/);
  });

  it('says "No findings" on a clean scan', () => {
    const r = sampleReport();
    r.findings = [];
    assert.match(formatText(r), /No findings in 5 files scanned/);
  });
});

describe('report: Markdown', () => {
  const md = formatMarkdown(sampleReport());
  it('has findings per file, jobs, savings and what was not analysed', () => {
    for (const h of ['# Wattlint report', '## Findings', '### `configs/ds.json`', '## Jobs', '## Savings', '## Not analysed']) assert.ok(md.includes(h), h);
    assert.ok(md.includes('| 12:5 | [`precision/fp32-training`]('));
    assert.ok(md.includes('| cell 3, 3:1 |'));
    assert.ok(md.includes('| whole file |'));
  });
  it('escapes table cells', () => {
    assert.ok(md.includes('micro-batch 1 \\| accumulation 1'));
  });
});
