// Precision and recall of the rules on the labelled set in test/labelled/ (realistic files written for
// measurement, not the fixtures the rules were developed against). Matching is per file and rule, one finding
// to one label. labelled.test.ts prints the figures and asserts them against the targets of issue 2.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { resolveSettings } from '../../src/core/config/load';
import { allRules } from '../../src/core/rules';
import { memoryWorkspace } from '../../src/node/workspace';
import { isAuxiliary, readExpectations, walk } from './fixtures';

export interface RuleScore {
  rule: string;
  tp: number;
  fp: number;
  fn: number;
}

export function scoreLabelledSet(dir: string): { scores: RuleScore[]; details: string[] } {
  const files: Record<string, string> = {};
  for (const abs of walk(dir)) {
    const rel = relative(dir, abs).split('\\').join('/');
    if (!isAuxiliary(rel) && !rel.endsWith('README.md')) files[rel] = readFileSync(abs, 'utf8');
  }
  const workspace = memoryWorkspace(files);
  const settings = resolveSettings();
  const ids = allRules.map((r) => r.meta.id);
  const counts = new Map<string, RuleScore>();
  const details: string[] = [];
  const score = (rule: string) => {
    let s = counts.get(rule);
    if (!s) counts.set(rule, (s = { rule, tp: 0, fp: 0, fn: 0 }));
    return s;
  };
  for (const [path, text] of Object.entries(files)) {
    const r = analyzeText(path, text, { settings, workspace, onlyRules: ids, estimates: false });
    const labels = readExpectations(join(dir, path), text);
    for (const rule of new Set([...labels.map((l) => l.rule), ...r.findings.map((f) => f.rule)])) {
      const want = labels.filter((l) => l.rule === rule).length;
      const got = r.findings.filter((f) => f.rule === rule);
      const s = score(rule);
      const tp = Math.min(want, got.length);
      s.tp += tp;
      s.fp += got.length - tp;
      s.fn += want - tp;
      if (got.length > want) details.push(`FP ${rule} in ${path}: ${got.map((f) => `${f.range?.startLine ?? 'file'}: ${f.message}`).join(' | ')}`);
      if (want > got.length) details.push(`FN ${rule} in ${path}`);
    }
  }
  return { scores: [...counts.values()].sort((a, b) => a.rule.localeCompare(b.rule)), details };
}

export function formatScores(scores: RuleScore[]): string {
  const pct = (n: number, d: number) => (d === 0 ? '—' : (n / d).toFixed(2));
  const rows = scores.map((s) => `| \`${s.rule}\` | ${s.tp} | ${s.fp} | ${s.fn} | ${pct(s.tp, s.tp + s.fp)} | ${pct(s.tp, s.tp + s.fn)} |`);
  const t = scores.reduce((a, s) => ({ tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });
  rows.push(`| **all** | ${t.tp} | ${t.fp} | ${t.fn} | ${pct(t.tp, t.tp + t.fp)} | ${pct(t.tp, t.tp + t.fn)} |`);
  return ['| rule | TP | FP | FN | precision | recall |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

