// bench/gpu: the Python bench's CSV matches its schema (checked with a --dry-run, which needs no torch and no GPU),
// and the comparison with the engine reads it. Skipped where python3 is absent.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareBench, readBench } from '../../bench/gpu/compare';
import { parseCsv } from '../../bench/accuracy/csv';

const root = join(__dirname, '..', '..', '..');
const python = spawnSync('python3', ['--version']).status === 0;

describe('bench/gpu energy bench', () => {
  it('a dry run writes the planned rows with exactly the schema columns', function () {
    if (!python) this.skip();
    const out = join(mkdtempSync(join(tmpdir(), 'wattlint-bench-')), 'plan.csv');
    const r = spawnSync('python3', [join(root, 'bench', 'gpu', 'energy_bench.py'), '--dry-run', '--out', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const schema = JSON.parse(readFileSync(join(root, 'bench', 'gpu', 'schema.json'), 'utf8')) as { columns: { name: string }[] };
    const text = readFileSync(out, 'utf8');
    assert.deepEqual(text.split(/\r?\n/)[0].split(','), schema.columns.map((c) => c.name));
    const rows = parseCsv(text);
    assert.equal(rows.length, 8);
    assert.deepEqual(rows.map((x) => `${x.phase}/${x.precision}/${x.batch}`), [
      'train/fp32/8', 'train/bf16/8', 'decode/bf16/1', 'decode/bf16/8', 'decode/bf16/64', 'decode/fp32/1', 'decode/fp32/8', 'decode/fp32/64',
    ]);
    // The engine predicts the ratios the bench will measure (no measurement in a dry run).
    const checks = compareBench(readBench(text), 'H100 SXM');
    assert.equal(checks.length, 5);
    const bf16VsFp32Train = checks[0].predicted;
    const batch64VsBatch1 = checks[1].predicted;
    // fp32 → bf16 training: 1 ÷ (measured AMP speedup × fp32/AMP power), priors.ts AMP_SPEEDUP / FP32_POWER_RATIO
    assert.ok(bf16VsFp32Train > 0.25 && bf16VsFp32Train < 0.75, `train bf16/fp32 ${bf16VsFp32Train}`);
    assert.ok(batch64VsBatch1 < 0.2, `decode 64/1 ${batch64VsBatch1}`);
    assert.ok(Number.isNaN(checks[0].measured));
  });
});
