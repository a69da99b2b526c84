// `wattlint fix PATH... [--unsafe]`: applies the findings' fixes in place, pass after pass (a fix can reveal
// another) until none applies or MAX_PASSES is reached. Safe fixes only unless --unsafe; manual fixes never.
// A file is written only if its fixed text still parses.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../core/analyze';
import { applyFixes } from '../core/fix';
import { parseDocument } from '../core/parse';
import type { Fix } from '../core/types';
import { fsWorkspace } from '../node/workspace';
import { CliError, shownPath, type CliIo } from './io';
import { collectGroups } from './plan';
import { failsOn, type FailOn } from './scan';

export const MAX_PASSES = 10;

export interface FixArgs {
  paths: string[];
  unsafe: boolean;
  config?: string;
  rules?: string[];
  failOn?: FailOn;
}

export interface FixSummary {
  applied: number;
  files: string[];
  passes: number;
  remaining: { severity: string; fix?: Fix }[];
  rejected: string[];
}

/** Whether a text parses as its file type (a fix must never leave a file broken). */
export function parsesCleanly(path: string, text: string): boolean {
  const r = parseDocument(path, text);
  if (!r.ok) return false;
  if (r.doc.lang === 'python') r.doc.tree.delete();
  else if (r.doc.lang === 'notebook') r.doc.python.tree.delete();
  return true;
}

export function fixPaths(io: CliIo, args: FixArgs): FixSummary {
  const groups = collectGroups(io, args.paths, args.config, args.rules);
  const summary: FixSummary = { applied: 0, files: [], passes: 0, remaining: [], rejected: [] };
  const wanted = (f: Fix) => f.edits.length > 0 && (f.safety === 'safe' || (args.unsafe && f.safety === 'unsafe'));
  for (const { group: g, collected } of groups) {
    const { files, list } = collected;
    const disk = fsWorkspace(g.root, list, g.settings.maxFileBytes);
    const texts = new Map(files.map((f) => [f.path, f.text]));
    const workspace = { read: (p: string) => texts.get(p) ?? disk.read(p), list: () => list };
    const dirty = new Set<string>();
    const rejected = new Set<string>();
    const analyseAll = () =>
      files.flatMap((f) => analyzeText(f.path, texts.get(f.path)!, { settings: g.settings, workspace, estimates: false }).findings);
    let findings = analyseAll();
    let pass = 0;
    while (pass < MAX_PASSES) {
      const fixes = findings.map((f) => f.fix).filter((f): f is Fix => !!f && wanted(f));
      const targets = [...new Set(fixes.flatMap((f) => f.edits.map((e) => e.file)))].filter((t) => !rejected.has(t));
      let appliedThisPass = 0;
      for (const target of targets) {
        const before = workspace.read(target);
        if (before === undefined) continue;
        const out = applyFixes(target, before, fixes);
        if (out.applied === 0 || out.text === before) continue;
        if (!parsesCleanly(target, out.text)) {
          rejected.add(target);
          continue;
        }
        texts.set(target, out.text);
        dirty.add(target);
        appliedThisPass += out.applied;
      }
      if (appliedThisPass === 0) break;
      pass++;
      summary.applied += appliedThisPass;
      findings = analyseAll();
    }
    summary.passes = Math.max(summary.passes, pass);
    for (const p of dirty) {
      writeFileSync(join(g.root, p), texts.get(p)!);
      summary.files.push(shownPath(io, join(g.root, p)));
    }
    summary.rejected.push(...[...rejected].map((p) => shownPath(io, join(g.root, p))));
    summary.remaining.push(...findings);
  }
  return summary;
}

export function runFix(io: CliIo, args: FixArgs): number {
  if (args.paths.length === 0) throw new CliError('give at least one PATH to fix (e.g. `wattlint fix .`)');
  const s = fixPaths(io, args);
  const lines: string[] = [];
  if (s.applied === 0) lines.push('No fixes to apply.');
  else lines.push(`Applied ${s.applied} fix${s.applied === 1 ? '' : 'es'} in ${s.files.length} file${s.files.length === 1 ? '' : 's'} (${s.passes} pass${s.passes === 1 ? '' : 'es'}): ${s.files.join(', ')}`);
  if (s.passes >= MAX_PASSES) lines.push(`note: stopped after ${MAX_PASSES} passes; fixes kept producing changes.`);
  for (const r of s.rejected) lines.push(`note: not written: ${r}: the fixed text would not parse (please report this).`);
  const unsafe = s.remaining.filter((f) => f.fix?.safety === 'unsafe' && f.fix.edits.length).length;
  const rest = s.remaining.length;
  if (rest) {
    lines.push(
      `${rest} finding${rest === 1 ? ' remains' : 's remain'}` +
        (unsafe && !args.unsafe ? ` (${unsafe} fixable with \`wattlint fix --unsafe\`)` : '') +
        '; run `wattlint scan` to see them.',
    );
  }
  io.out(lines.join('\n') + '\n');
  if (s.rejected.length) return 2;
  return failsOn(s.remaining, args.failOn ?? 'error') ? 1 : 0;
}
