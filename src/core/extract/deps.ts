// The versions a project declares for a library: read from the dependency files nearest the analysed file
// (`requirements*.txt`, `pyproject.toml` — PEP 621, Poetry, dependency groups —, `setup.py`, conda
// `environment.yml`), walking up to the workspace root; the first folder that declares the library wins, and every
// clause found there narrows the range (`transformers>=4.56.2` in the dependencies and `transformers!=5.1.0` in an
// extra). A project that *is* the library (`name = "transformers"`, `version = "4.4.2"`) pins that version. Read
// through the WorkspaceReader only (no file system); each dependency file is parsed once per text.
import { parse as parseTomlData } from 'smol-toml';
import { parse as parseYamlData } from 'yaml';
import { parsePythonText, pyAst } from '../parse/python';
import { intersectRanges, parseRange, rangesIntersect, type VersionRange } from '../data/versions';
import { safeRead, type WorkspaceReader } from '../settings';
import { callArgs, walk } from './python/ast';
import { stringValue } from './python/consts';
import { calleeName, collectImports } from './python/imports';

export interface DeclaredVersion {
  range: VersionRange;
  /** The dependency file(s) it comes from, workspace-relative. */
  files: string[];
}

/** Files read in each folder, in this order. */
const DEP_FILES = ['pyproject.toml', 'setup.py', 'requirements.txt', 'requirements-gpu.txt', 'requirements/base.txt', 'requirements/main.txt', 'environment.yml', 'environment.yaml'];

/** Conda package names that are another PyPI name. */
const CONDA_ALIASES: Record<string, string> = { pytorch: 'torch' };

/** PEP 503 normalised name. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

type Declarations = Map<string, string[]>;

/**
 * Each dependency file's declarations, by path, with the text they were read from (a hit is the same text: the
 * reader hands back the same string for a file it has cached, so the check is one comparison of references).
 */
const parsed = new Map<string, { text: string; d: Declarations }>();

function remember(path: string, text: string, d: Declarations): Declarations {
  if (parsed.size > 256) parsed.clear();
  parsed.set(path, { text, d });
  return d;
}

/** `name[extra] >=1,<2 ; marker` → [name, spec]; undefined for options, URLs without a name, blank lines. */
export function parseRequirement(line: string): [string, string] | undefined {
  const s = line.replace(/\s+#.*$/, '').trim();
  if (s === '' || s.startsWith('#') || s.startsWith('-')) return undefined;
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$/.exec(s);
  if (!m) return undefined;
  let spec = m[2].split(';')[0].trim();
  if (spec.startsWith('@')) spec = ''; // a direct URL: no version range to read
  if (spec.startsWith('(') && spec.endsWith(')')) spec = spec.slice(1, -1);
  return [normalizeName(m[1]), spec];
}

function add(d: Declarations, name: string, spec: string): void {
  const k = normalizeName(CONDA_ALIASES[name.toLowerCase()] ?? name);
  const l = d.get(k);
  if (l) l.push(spec);
  else d.set(k, [spec]);
}

function fromRequirementsTxt(text: string): Declarations {
  const d: Declarations = new Map();
  for (const line of text.split(/\r?\n/)) {
    const r = parseRequirement(line);
    if (r) add(d, r[0], r[1]);
  }
  return d;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function fromPyproject(text: string): Declarations {
  const d: Declarations = new Map();
  let data: Record<string, unknown>;
  try {
    data = parseTomlData(text) as Record<string, unknown>;
  } catch {
    return d;
  }
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const project = obj(data.project);
  const reqs = [...strings(project.dependencies)];
  for (const v of Object.values(obj(project['optional-dependencies']))) reqs.push(...strings(v));
  for (const v of Object.values(obj(data['dependency-groups']))) reqs.push(...strings(v));
  for (const r of reqs) {
    const p = parseRequirement(r);
    if (p) add(d, p[0], p[1]);
  }
  const poetry = obj(obj(data.tool).poetry);
  const poetryDeps = [obj(poetry.dependencies), ...Object.values(obj(poetry.group)).map((g) => obj(obj(g).dependencies))];
  for (const deps of poetryDeps) {
    for (const [name, v] of Object.entries(deps)) {
      const spec = typeof v === 'string' ? v : typeof obj(v).version === 'string' ? (obj(v).version as string) : '';
      add(d, name, spec);
    }
  }
  // the project is the library itself
  if (typeof project.name === 'string' && typeof project.version === 'string') add(d, project.name, `==${project.version}`);
  if (typeof poetry.name === 'string' && typeof poetry.version === 'string') add(d, poetry.name, `==${poetry.version}`);
  return d;
}

/** setup.py: every string literal that reads as a requirement with a version clause, and `setup(name=, version=)`. */
function fromSetupPy(text: string): Declarations {
  const d: Declarations = new Map();
  const r = parsePythonText('setup.py', text);
  if ('error' in r) return d;
  try {
    const root = pyAst(r.doc);
    const imports = collectImports(text, root);
    walk(root, (n) => {
      if (n.type === 'string') {
        const s = stringValue(text, n);
        if (s !== undefined && /[<>=~!]/.test(s)) {
          const p = parseRequirement(s);
          if (p && p[1] !== '' && parseRange(p[1])) add(d, p[0], p[1]);
        }
        return false;
      }
      if (n.type === 'call') {
        const q = calleeName(text, imports, n) ?? '';
        if (q === 'setup' || q.endsWith('.setup')) {
          const kw = callArgs(text, n).keywords;
          const name = kw.get('name');
          const version = kw.get('version');
          const nv = name && stringValue(text, name.value);
          const vv = version && stringValue(text, version.value);
          if (nv && vv) add(d, nv, `==${vv}`);
        }
      }
      return true;
    });
  } finally {
    r.doc.tree.delete();
  }
  return d;
}

/** conda: `- pytorch=1.9.0`, `- transformers==4.4.2` and a `- pip: [...]` list. */
function fromEnvironmentYml(text: string): Declarations {
  const d: Declarations = new Map();
  let data: unknown;
  try {
    data = parseYamlData(text, { maxAliasCount: 50 });
  } catch {
    return d;
  }
  const deps = data && typeof data === 'object' ? (data as Record<string, unknown>).dependencies : undefined;
  if (!Array.isArray(deps)) return d;
  const one = (s: string, conda: boolean) => {
    const m = conda ? /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:=(?!=)([^=\s]+)(?:=\S+)?|(.*))$/.exec(s.trim()) : undefined;
    if (m && m[2] !== undefined) add(d, m[1], `=${m[2]}`);
    else {
      const p = parseRequirement(s);
      if (p) add(d, p[0], p[1]);
    }
  };
  for (const x of deps) {
    if (typeof x === 'string') one(x, true);
    else if (x && typeof x === 'object') for (const s of strings((x as Record<string, unknown>).pip)) one(s, false);
  }
  return d;
}

function declarationsOf(path: string, text: string): Declarations {
  const hit = parsed.get(path);
  if (hit && hit.text === text) return hit.d;
  const name = path.slice(path.lastIndexOf('/') + 1);
  let d: Declarations;
  if (name === 'pyproject.toml') d = fromPyproject(text);
  else if (name === 'setup.py') d = fromSetupPy(text);
  else if (name.endsWith('.yml') || name.endsWith('.yaml')) d = fromEnvironmentYml(text);
  else d = fromRequirementsTxt(text);
  return remember(path, text, d);
}

function intersect(specs: string[]): VersionRange | undefined {
  let out: VersionRange | undefined;
  for (const s of specs) {
    const r = parseRange(s);
    if (!r) continue;
    if (out && !rangesIntersect(out, r)) return undefined;
    out = out ? intersectRanges(out, r) : r;
  }
  return out;
}

/**
 * The range of versions of `library` (a PyPI name) the project around `fromFile` declares, or undefined when no
 * dependency file between that file's folder and the workspace root names it.
 */
export function declaredVersion(workspace: WorkspaceReader, fromFile: string, library: string): DeclaredVersion | undefined {
  const want = normalizeName(library);
  const parts = fromFile.replace(/\\/g, '/').split('/').slice(0, -1);
  for (let i = parts.length; i >= 0; i--) {
    const dir = parts.slice(0, i).join('/');
    const specs: string[] = [];
    const files: string[] = [];
    for (const f of DEP_FILES) {
      const p = dir ? `${dir}/${f}` : f;
      // a file the scan may not read (outside the scanned folder) is not probed: it is nobody's reference
      if (workspace.whyNot?.(p)) continue;
      const text = safeRead(workspace, p);
      if (text === undefined) continue;
      const got = declarationsOf(p, text).get(want);
      if (got) {
        specs.push(...got);
        files.push(p);
      }
    }
    if (files.length > 0) {
      const range = intersect(specs);
      return range ? { range, files } : undefined;
    }
  }
  return undefined;
}
