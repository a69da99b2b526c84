// A config seen through its layers: the file itself first, then the files it composes (Hydra `defaults:` lists,
// read through the workspace). Lookups return the value and the file it came from, so facts keep their source.
// Referenced files are parsed here with the same parsers the pipeline uses; a file that is missing or does not
// parse is skipped silently (the scan reports it when it reaches that file).
import { parseJson } from '../../parse/json';
import { parseYaml } from '../../parse/yaml';
import { safeRead, type WorkspaceReader } from '../../settings';
import type { Hit } from './job';
import { ConfigTree } from './tree';

interface Layer {
  tree: ConfigTree;
  /** Where the layer's root sits in the composed config (Hydra's package). */
  prefix: string[];
}

/** Parses another workspace file (YAML or JSON) into a tree. */
export function readTree(workspace: WorkspaceReader, path: string): ConfigTree | undefined {
  const text = safeRead(workspace, path);
  if (text === undefined) return undefined;
  const lower = path.toLowerCase();
  const r = lower.endsWith('.json') ? parseJson(path, text) : lower.endsWith('.yaml') || lower.endsWith('.yml') ? parseYaml(path, text) : undefined;
  if (!r || !r.ok || (r.doc.lang !== 'yaml' && r.doc.lang !== 'json')) return undefined;
  return ConfigTree.of(r.doc);
}

/** Joins a path written in `fromFile` (relative to its folder) into a workspace path; undefined if it leaves the root. */
export function resolveRelative(fromFile: string, rel: string): string | undefined {
  if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || rel.startsWith('~')) return undefined;
  const base = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')).split('/') : [];
  const parts = [...base];
  for (const p of rel.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(p);
  }
  return parts.join('/');
}

/**
 * Candidates for a path a launcher or config names: relative to the file, then to the workspace root. A path that
 * leaves the workspace from both (`/etc/x.json`, `../../x.json` from the root) is returned as written: the
 * analysis's reader refuses it and reports it on the referencing file instead of reading it.
 */
export function candidates(fromFile: string, rel: string): string[] {
  const out: string[] = [];
  const a = resolveRelative(fromFile, rel);
  if (a !== undefined) out.push(a);
  const b = resolveRelative('', rel);
  if (b !== undefined && !out.includes(b)) out.push(b);
  if (out.length === 0 && rel.trim() !== '') out.push(rel);
  return out;
}

export function readReferenced(workspace: WorkspaceReader, fromFile: string, rel: string): ConfigTree | undefined {
  for (const c of candidates(fromFile, rel)) {
    if (c === fromFile) continue;
    const t = readTree(workspace, c);
    if (t) return t;
  }
  return undefined;
}

const MAX_DEPTH = 4;

export class LayeredConfig {
  readonly layers: Layer[];
  /** Files composed into this config (other than the file itself). */
  readonly references: string[] = [];

  constructor(readonly main: ConfigTree) {
    this.layers = [{ tree: main, prefix: [] }];
  }

  /** Adds the Hydra `defaults:` composition of the main file (and of the files it composes). */
  composeHydra(workspace: WorkspaceReader): void {
    this.compose(this.main, [], this.main.file.slice(0, Math.max(0, this.main.file.lastIndexOf('/'))), workspace, 0);
  }

  private compose(tree: ConfigTree, prefix: string[], configRoot: string, workspace: WorkspaceReader, depth: number): void {
    const list = tree.get(['defaults']);
    if (!list || list.kind !== 'seq' || depth >= MAX_DEPTH) return;
    const groupDir = tree.file.slice(0, Math.max(0, tree.file.lastIndexOf('/')));
    for (const item of list.items ?? []) {
      let group: string | undefined;
      let option: string | undefined;
      if (item.kind === 'scalar' && typeof item.value === 'string') {
        option = item.value;
      } else if (item.kind === 'map' && item.entries?.length === 1) {
        const e = item.entries[0];
        group = e.key.replace(/^(optional|override)\s+/, '');
        if (e.key.startsWith('override ')) continue; // overrides another default, named elsewhere
        option = e.node?.kind === 'scalar' && typeof e.node.value === 'string' ? e.node.value : undefined;
      }
      if (!option || option === '_self_' || option.includes('${') || option === '???') continue;
      // A group default reads `<group>/<option>.yaml` under the config root; a plain default is a file beside this one.
      const absolute = (group ?? option).startsWith('/');
      const g = group?.replace(/^\//, '').split('@')[0];
      const rel = g ? `${g}/${option}` : option.replace(/^\//, '');
      const root = absolute || g ? configRoot : groupDir;
      const path = [root, rel].filter((s) => s.length > 0).join('/');
      const file = /\.(ya?ml)$/.test(path) ? path : `${path}.yaml`;
      const sub = readTree(workspace, file);
      if (!sub || this.references.includes(file)) continue;
      this.references.push(file);
      const global = sub.text.includes('@package _global_');
      const pkg = group?.includes('@') ? group.split('@')[1].split('.') : undefined;
      const subPrefix = global ? [] : pkg ?? (g ? [...prefix, ...g.split('/')] : prefix);
      this.layers.push({ tree: sub, prefix: subPrefix });
      this.compose(sub, subPrefix, configRoot, workspace, depth + 1);
    }
  }

  /** The value at a path, from the highest-priority layer that sets it. */
  get(path: readonly string[]): Hit | undefined {
    for (const l of this.layers) {
      if (l.prefix.length > path.length || l.prefix.some((p, i) => p !== path[i])) continue;
      const rest = path.slice(l.prefix.length);
      const node = rest.length === 0 ? l.tree.root : l.tree.get(rest);
      if (node) return { tree: l.tree, node, entry: l.tree.entry(rest) };
    }
    return undefined;
  }

  /** The first hit among several spellings of one key path. */
  first(...paths: readonly string[][]): Hit | undefined {
    for (const p of paths) {
      const h = this.get(p);
      if (h) return h;
    }
    return undefined;
  }

  /** Keys of the map at a path, over every layer (a Hydra group file adds keys to a block the main file starts). */
  keysAt(path: readonly string[]): string[] {
    const out = new Set<string>();
    for (const l of this.layers) {
      if (l.prefix.length > path.length || l.prefix.some((p, i) => p !== path[i])) continue;
      const rest = path.slice(l.prefix.length);
      const node = rest.length === 0 ? l.tree.root : l.tree.get(rest);
      node?.entries?.forEach((e) => out.add(e.key));
    }
    return [...out];
  }

  hasMap(path: readonly string[]): boolean {
    return this.get(path)?.node.kind === 'map';
  }
}
