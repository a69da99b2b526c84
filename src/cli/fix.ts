// `wattlint fix PATH... [--unsafe]`: applies the findings' fixes in place with the core's fix-all (fix-all.ts: each
// file to its fixed point, every pass checked by the pre-write syntax check). Safe fixes only unless --unsafe;
// manual fixes never. Writing follows fs-access.ts: never through a symbolic link, never outside the scanned
// folder, never a file that is not valid UTF-8 (it could not be written back byte for byte), never over a file
// that changed on disk meanwhile. Every fix that was rejected and every file that was not written is reported.
// Exit codes: 0 done (nothing at or above --fail-on remains), 1 findings at or above it remain, or a fix was
// rejected, or a file was not written; 2 usage errors.
import { lstatSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fixFiles, MAX_PASSES, type RejectedFix } from '../core/fix-all';
import { parseDocument } from '../core/parse';
import type { Finding, ParseError } from '../core/types';
import { encodeText, writeFileInRoot } from '../node/fs-access';
import { fsWorkspace } from '../node/workspace';
import { CliError, printable, shownPath, type CliIo } from './io';
import { collectGroups } from './plan';
import { failsOn, type FailOn } from './scan';

export { MAX_PASSES };

export interface FixArgs {
  paths: string[];
  unsafe: boolean;
  config?: string;
  rules?: string[];
  failOn?: FailOn;
  format?: 'text' | 'json';
}

export interface FixSummary {
  /** Fixes applied (in files that were written). */
  applied: number;
  /** Files written, as shown. */
  files: string[];
  /** The most passes any file needed. */
  passes: number;
  /** Files whose fixes did not reach a fixed point within MAX_PASSES. */
  unconverged: string[];
  remaining: Finding[];
  /** Fixes not applied because the fixed text would not pass the syntax check. */
  rejected: (RejectedFix & { file: string })[];
  /** Files with applicable fixes that were not written, and why. */
  notWritten: { file: string; reason: string }[];
  errors: ParseError[];
}

/** Whether a text parses as its file type (kept for callers that only need a yes/no). */
export function parsesCleanly(path: string, text: string): boolean {
  const r = parseDocument(path, text);
  if (!r.ok) return false;
  if (r.doc.lang === 'python') r.doc.tree.delete();
  else if (r.doc.lang === 'notebook') r.doc.python.tree.delete();
  return true;
}

export function fixPaths(io: CliIo, args: FixArgs): FixSummary {
  const groups = collectGroups(io, args.paths, args.config, args.rules);
  const summary: FixSummary = { applied: 0, files: [], passes: 0, unconverged: [], remaining: [], rejected: [], notWritten: [], errors: [] };
  for (const { group: g, collected } of groups) {
    const show = (p: string) => shownPath(io, join(g.root, p));
    summary.errors.push(...collected.errors.map((e) => ({ ...e, file: show(e.file) })));
    const workspace = fsWorkspace(g.root, collected.list, g.settings.maxFileBytes, { roots: collected.roots });
    // A link inside the folder to a file that is scanned itself is fixed through that file (once), not the link.
    const real = new Map(collected.files.map((f) => [f.path, realPathOf(join(g.root, f.path))]));
    const targets = new Set(collected.files.filter((f) => !isLink(join(g.root, f.path))).map((f) => real.get(f.path)));
    const files = collected.files.filter((f) => !isLink(join(g.root, f.path)) || !targets.has(real.get(f.path)));
    const results = fixFiles(files, { settings: g.settings, workspace, unsafe: args.unsafe });
    for (const f of files) {
      const r = results.get(f.path)!;
      summary.errors.push(...r.errors.map((e) => ({ ...e, file: show(e.file) })));
      summary.rejected.push(...r.rejected.map((x) => ({ ...x, file: show(f.path) })));
      if (!r.converged && r.applied.length) summary.unconverged.push(show(f.path));
      const remaining = (list: Finding[]) => summary.remaining.push(...list.map((x) => ({ ...x, file: show(x.file) })));
      if (r.text === f.text) {
        remaining(r.remaining);
        continue;
      }
      const enc = collected.encodings.get(f.path);
      const notWritten = (reason: string) => {
        summary.notWritten.push({ file: show(f.path), reason });
        remaining(r.initial); // not fixed after all: the findings of the text on disk remain
      };
      if (!enc || !enc.lossless) {
        notWritten('not valid UTF-8 (and declares no Latin-1 encoding), so it cannot be written back byte for byte; convert it to UTF-8 to fix it');
        continue;
      }
      const bytes = encodeText(r.text, enc.bom, enc.encoding);
      const expected = encodeText(f.text, enc.bom, enc.encoding);
      if (!bytes || !expected) {
        notWritten(`a fix inserts characters its ${enc.encoding === 'latin1' ? 'Latin-1' : 'UTF-8'} encoding cannot hold`);
        continue;
      }
      const w = writeFileInRoot(join(g.root, f.path), bytes, { roots: collected.roots, expected, maxBytes: g.settings.maxFileBytes });
      if (!w.ok) {
        notWritten(w.reason);
        continue;
      }
      remaining(r.remaining);
      summary.files.push(show(f.path));
      summary.applied += r.applied.length;
      summary.passes = Math.max(summary.passes, r.passes);
    }
  }
  return summary;
}

function isLink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

function realPathOf(abs: string): string {
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function runFix(io: CliIo, args: FixArgs): number {
  if (args.paths.length === 0) throw new CliError('give at least one PATH to fix (e.g. `wattlint fix .`)');
  const s = fixPaths(io, args);
  if (args.format === 'json') {
    io.out(
      JSON.stringify(
        {
          version: 1,
          applied: s.applied,
          files: s.files,
          passes: s.passes,
          unconverged: s.unconverged,
          rejected: s.rejected,
          notWritten: s.notWritten,
          remaining: s.remaining.length,
          errors: s.errors,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    const lines: string[] = [];
    if (s.applied === 0) lines.push('No fixes to apply.');
    else lines.push(`Applied ${plural(s.applied, 'fix', 'fixes')} in ${plural(s.files.length, 'file')} (${plural(s.passes, 'pass', 'passes')}): ${s.files.join(', ')}`);
    for (const f of s.unconverged) lines.push(`note: ${f}: stopped after ${MAX_PASSES} passes; the fixes kept producing changes (please report this).`);
    for (const r of s.rejected) lines.push(`not applied: ${r.file}${r.line ? `:${r.line}` : ''}: ${r.rule} "${r.title}": ${r.reason}.`);
    for (const n of s.notWritten) lines.push(`not written: ${n.file}: ${n.reason}.`);
    for (const e of s.errors) lines.push(`${e.file}${e.line ? `:${e.line}` : ''}: not fixed: ${e.message.split('\n')[0]}`);
    const unsafe = s.remaining.filter((f) => f.fix?.safety === 'unsafe' && f.fix.edits.length).length;
    const rest = s.remaining.length;
    if (rest) {
      lines.push(
        `${rest} finding${rest === 1 ? ' remains' : 's remain'}` +
          (unsafe && !args.unsafe ? ` (${unsafe} fixable with \`wattlint fix --unsafe\`)` : '') +
          '; run `wattlint scan` to see them.',
      );
    }
    io.out(printable(lines.join('\n')) + '\n');
  }
  if (s.rejected.length || s.notWritten.length || s.unconverged.length) return 1;
  return failsOn(s.remaining, args.failOn ?? 'error') ? 1 : 0;
}
