// Reads rule fixtures: every file under src/core/rules/<cat>/<name>/fixtures/ is a case, except `*.fixed.*`
// (expected fix output) and `*.expected.json` (expectations for JSON inputs, which have no comments).
// Expectations sit on the line they concern: `# expect: rule-id` or `// expect: rule-id`; a file-level
// finding is `# expect-file: rule-id`. Notebook cells use the same comments inside their source.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseConfigText, resolveSettings } from '../../src/core/config/load';
import type { AnalysisSettings } from '../../src/core/settings';

export const repoRoot = join(__dirname, '..', '..', '..');
export const rulesRoot = join(repoRoot, 'src', 'core', 'rules');

export interface Expectation {
  rule: string;
  cell?: number;
  /** null: file-level. */
  line: number | null;
}

export interface FixtureCase {
  /** Path relative to the fixtures folder (the workspace root for the case). */
  path: string;
  text: string;
  expected: Expectation[];
  fixed?: string;
}

export function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out.sort();
}

export function isAuxiliary(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.includes('.fixed.') || name.endsWith('.expected.json') || name === 'wattlint.toml' || name.endsWith('.md');
}

export function fixedPathOf(path: string): string {
  const slash = path.lastIndexOf('/') + 1;
  const dot = path.indexOf('.', slash);
  return dot < 0 ? `${path}.fixed` : `${path.slice(0, dot)}.fixed${path.slice(dot)}`;
}

function expectationsInLines(lines: string[], cell?: number): Expectation[] {
  const out: Expectation[] = [];
  lines.forEach((l, i) => {
    for (const marker of ['expect-file:', 'expect:']) {
      const at = l.indexOf(marker);
      if (at < 0) continue;
      const before = l.slice(0, at).trimEnd();
      if (!(before.endsWith('#') || before.endsWith('//'))) continue;
      const ids = l.slice(at + marker.length).split(/[,\s]+/).filter((s) => s.includes('/'));
      for (const rule of ids) out.push({ rule, cell, line: marker === 'expect-file:' ? null : i + 1 });
      break;
    }
  });
  return out;
}

export function readExpectations(absPath: string, text: string): Expectation[] {
  const sidecar = `${absPath}.expected.json`.replace(/\.json\.expected\.json$/, '.expected.json');
  if (existsSync(sidecar)) return JSON.parse(readFileSync(sidecar, 'utf8')) as Expectation[];
  if (absPath.endsWith('.ipynb')) {
    const nb = JSON.parse(text) as { cells: { source: string | string[] }[] };
    return nb.cells.flatMap((c, i) => {
      const src = Array.isArray(c.source) ? c.source.join('') : c.source;
      return expectationsInLines(src.split('\n'), i);
    });
  }
  return expectationsInLines(text.split(/\r?\n/));
}

export function fixtureSettings(fixturesDir: string, absPath: string): AnalysisSettings {
  let dir = absPath.slice(0, absPath.lastIndexOf('/'));
  while (dir.startsWith(fixturesDir)) {
    const p = join(dir, 'wattlint.toml');
    if (existsSync(p)) {
      const r = parseConfigText(p, readFileSync(p, 'utf8'));
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return noFloor(resolveSettings(r.config), r.config['min-saving-kwh'] !== undefined);
    }
    dir = dir.slice(0, dir.lastIndexOf('/'));
  }
  return noFloor(resolveSettings(), false);
}

/**
 * A fixture tests its rule's check, written as a few lines that run once: the saving floor (`min-saving-kwh`, a
 * filter over every rule's findings, tested in saving-floor.test.ts) is off for fixtures unless their own
 * wattlint.toml sets it.
 */
function noFloor(s: AnalysisSettings, explicit: boolean): AnalysisSettings {
  return explicit ? s : { ...s, minSavingKWh: 0 };
}

export function loadFixtures(fixturesDir: string): { cases: FixtureCase[]; files: Record<string, string> } {
  const files: Record<string, string> = {};
  const cases: FixtureCase[] = [];
  if (!existsSync(fixturesDir)) return { cases, files };
  for (const abs of walk(fixturesDir)) {
    const rel = relative(fixturesDir, abs).split('\\').join('/');
    const text = readFileSync(abs, 'utf8');
    if (isAuxiliary(rel)) continue;
    files[rel] = text;
    const fixedAbs = fixedPathOf(abs);
    cases.push({
      path: rel,
      text,
      expected: readExpectations(abs, text),
      fixed: existsSync(fixedAbs) ? readFileSync(fixedAbs, 'utf8') : undefined,
    });
  }
  return { cases, files };
}
