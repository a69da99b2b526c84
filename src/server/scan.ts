// The workspace scan: walks each workspace folder as `wattlint scan FOLDER` does (.gitignore, dependency and cache
// folders, the `exclude` globs, the size limit), analyses every file that is not open in an editor (open ones are
// analysed from their editors), pushes their diagnostics and keeps their results for the views. Yields between
// files so keystrokes are still answered; a new scan, or the client, cancels the running one.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CancellationToken, WorkspaceFolder } from 'vscode-languageserver';
import { walkPaths } from '../cli/files';
import type { Analyser, Analysed } from './analyse';
import type { ScanSummary } from './protocol';
import type { FileSettings } from './settings';

export interface ScanInput {
  folders: readonly WorkspaceFolder[];
  token: CancellationToken;
  analyser: Analyser;
  settingsFor(uri: string): Promise<FileSettings>;
  isOpen(uri: string): boolean;
  progress(percent: number, message: string): void;
  /** Updated in place: the file URIs the scan analysed, per folder URI. */
  scanned: Map<string, Set<string>>;
  /** Skipped files and folders (relative to the folder) with the reason, per folder URI. */
  skipped: Map<string, { file: string; reason: string }[]>;
  /** Files the walk or the reader refused (links out of the folder, special files, undecodable text), per folder URI. */
  errors: Map<string, { file: string; message: string }[]>;
  push(a: Analysed | undefined, uri: string): void;
}

const tick = () => new Promise<void>((ok) => setImmediate(ok));

export async function scanFolders(input: ScanInput): Promise<ScanSummary> {
  const t0 = Date.now();
  let files = 0;
  let findings = 0;
  const { token } = input;
  for (const [fi, folder] of input.folders.entries()) {
    if (!folder.uri.startsWith('file:')) continue;
    const root = fileURLToPath(folder.uri);
    const fs = await input.settingsFor(pathToFileURL(join(root, '.wattlint-scan')).href);
    if (!fs.options.enable) continue;
    // Nested configs are read per file (the nearest config wins), so the walk goes through them.
    const walked = walkPaths([root], { root, maxFileBytes: fs.settings.maxFileBytes, exclude: fs.settings.exclude });
    const targets = walked.files;
    const seen = new Set<string>();
    const rel = (abs: string) => abs.slice(root.length + 1) || '.';
    const errors = walked.refused.map((x) => ({ file: rel(x.path), message: x.reason }));
    const tooLarge: { file: string; reason: string }[] = [];
    for (const [i, abs] of targets.entries()) {
      if (token.isCancellationRequested) break;
      const uri = pathToFileURL(abs).href;
      seen.add(uri);
      if (i % 10 === 0) input.progress(Math.round(((fi + i / Math.max(1, targets.length)) / input.folders.length) * 100), abs.slice(root.length + 1));
      if (input.isOpen(uri)) continue; // open documents are analysed from their editors
      const s = await input.settingsFor(uri);
      if (!s.options.enable) continue;
      const a = input.analyser.analyseDisk(uri, abs, s, (reason, kind) => (kind === 'too-large' ? tooLarge.push({ file: rel(abs), reason }) : errors.push({ file: rel(abs), message: reason })));
      files++;
      findings += a?.analysis?.findings.length ?? 0;
      input.push(a, uri);
      // Analysis is synchronous: let requests (a keystroke's diagnostics) in between files.
      await tick();
    }
    if (token.isCancellationRequested) {
      const had = input.scanned.get(folder.uri) ?? new Set<string>();
      for (const u of seen) had.add(u);
      input.scanned.set(folder.uri, had);
    } else {
      // Files no longer in scope (deleted, newly excluded) lose their results.
      for (const uri of input.scanned.get(folder.uri) ?? []) {
        if (seen.has(uri) || input.isOpen(uri)) continue;
        input.analyser.forget(uri);
        input.push(undefined, uri);
      }
      input.scanned.set(folder.uri, seen);
      input.skipped.set(folder.uri, [...walked.skipped.map((x) => ({ file: rel(x.path), reason: x.reason })), ...tooLarge]);
      input.errors.set(folder.uri, errors);
    }
  }
  return { files, findings, cancelled: token.isCancellationRequested, ms: Date.now() - t0 };
}
