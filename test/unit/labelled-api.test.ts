// Precision and recall of the model-API rules on test/labelled/api/: realistic TS/JS services and Python scripts
// written for measurement (not the fixtures the rules were developed against). A finding counts as a true
// positive only on the exact line its label sits on. Figures are printed; docs/accuracy-rules-api.md records them.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { resolveSettings } from '../../src/core/config/load';
import { allRules } from '../../src/core/rules';
import { memoryWorkspace } from '../../src/node/workspace';
import { readExpectations, repoRoot, walk } from './fixtures';

/** The rules whose model-API checks this set measures. */
export const apiRuleIds = ['batching/unbatched-inference', 'model/oversized', 'model/reload-in-loop', 'api/unbounded-output', 'api/repeated-prefix-uncached'];

interface Score {
  rule: string;
  tp: number;
  fp: number;
  fn: number;
}

export function scoreApiSet(dir: string): { scores: Score[]; details: string[] } {
  const files: Record<string, string> = {};
  for (const abs of walk(dir)) {
    const rel = relative(dir, abs).split('\\').join('/');
    if (!rel.endsWith('.md')) files[rel] = readFileSync(abs, 'utf8');
  }
  const workspace = memoryWorkspace(files);
  const settings = resolveSettings();
  const scores = new Map(apiRuleIds.map((rule) => [rule, { rule, tp: 0, fp: 0, fn: 0 }]));
  const details: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    const r = analyzeText(path, text, { settings, workspace, onlyRules: allRules.map((x) => x.meta.id), estimates: false });
    assert.deepEqual(r.errors, [], `errors in ${path}`);
    const labels = readExpectations(join(dir, path), text);
    for (const s of scores.values()) {
      const want = labels.filter((l) => l.rule === s.rule).map((l) => l.line);
      const got = r.findings.filter((f) => f.rule === s.rule).map((f) => f.range?.startLine ?? null);
      const left = [...want];
      for (const line of got) {
        const i = left.indexOf(line);
        if (i >= 0) {
          left.splice(i, 1);
          s.tp++;
        } else {
          s.fp++;
          details.push(`FP ${s.rule} ${path}:${line}`);
        }
      }
      s.fn += left.length;
      for (const line of left) details.push(`FN ${s.rule} ${path}:${line}`);
    }
  }
  return { scores: [...scores.values()], details };
}

function table(scores: Score[]): string {
  const f = (n: number, d: number) => (d === 0 ? '—' : (n / d).toFixed(2));
  const all = scores.reduce((a, s) => ({ rule: 'all', tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), { rule: 'all', tp: 0, fp: 0, fn: 0 });
  return ['| rule | TP | FP | FN | precision | recall |', '|---|---|---|---|---|---|', ...[...scores, all].map((s) => `| \`${s.rule}\` | ${s.tp} | ${s.fp} | ${s.fn} | ${f(s.tp, s.tp + s.fp)} | ${f(s.tp, s.tp + s.fn)} |`)].join('\n');
}

describe('labelled set (model APIs): precision and recall', () => {
  const dir = join(repoRoot, 'test', 'labelled', 'api');
  it('precision ≥ 0.85 per rule and overall on test/labelled/api', function () {
    if (!existsSync(dir)) this.skip();
    const { scores, details } = scoreApiSet(dir);
    console.log(`\n${table(scores)}\n${details.map((d) => `  ${d}`).join('\n')}`);
    const t = scores.reduce((a, s) => ({ tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });
    assert.ok(t.tp + t.fn >= 25, `the set has enough labels to measure (${t.tp + t.fn})`);
    for (const s of scores) assert.ok(s.tp + s.fn >= 3, `${s.rule} has at least 3 labels`);
    for (const s of scores) assert.ok(s.tp / Math.max(1, s.tp + s.fp) >= 0.85, `${s.rule} precision ${s.tp}/${s.tp + s.fp}`);
    assert.ok(t.tp / Math.max(1, t.tp + t.fp) >= 0.85, `precision ${t.tp}/${t.tp + t.fp}`);
    assert.ok(t.tp / Math.max(1, t.tp + t.fn) >= 0.7, `recall ${t.tp}/${t.tp + t.fn}`);
  });
});
