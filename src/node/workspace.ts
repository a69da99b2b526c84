// A WorkspaceReader over the file system, rooted at a folder, with a small cache (a scan reads referenced
// configs from several files).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceReader } from '../core/settings';

export function fsWorkspace(root: string, files?: readonly string[], maxBytes = 2 * 1024 * 1024): WorkspaceReader {
  const cache = new Map<string, string | undefined>();
  return {
    read(rel: string): string | undefined {
      const key = rel.replace(/\\/g, '/').replace(/^\.\//, '');
      if (cache.has(key)) return cache.get(key);
      let text: string | undefined;
      try {
        const abs = join(root, key);
        if (statSync(abs).size <= maxBytes) text = readFileSync(abs, 'utf8');
      } catch {
        text = undefined;
      }
      cache.set(key, text);
      return text;
    },
    list: files ? () => files : undefined,
  };
}

/** A WorkspaceReader over files held in memory (tests, the editor's open documents). */
export function memoryWorkspace(files: Record<string, string>, fallback?: WorkspaceReader): WorkspaceReader {
  return {
    read: (p) => files[p] ?? fallback?.read(p),
    list: () => [...new Set([...Object.keys(files), ...(fallback?.list?.() ?? [])])],
  };
}
