// The launch scripts that run a config file. `torchrun scripts/train.py configs/run.yaml --compile.fullgraph=false`
// or `accelerate launch --config_file fsdp.json train.py --bf16` set options on the launch line together with the
// config they name, so the config alone does not decide what the run does. Shared by the rules that must not advise
// a change the launch line already makes (precision, compilation).
//
// Which scripts: the shell scripts (.sh, .bash, .slurm, .sbatch) the workspace lists in the project around the
// config: from the nearest folder above it that holds a project file (pyproject.toml, setup.py, setup.cfg,
// requirements.txt), or else the folder above the config's folder, whichever is higher. Read through the
// WorkspaceReader, split with the shell parser (never run, never expanded).
//
// Which command lines: those with a word that names the config. A literal word names it by its path (a relative
// path matches the end of the config's path at a folder boundary; `..` segments are dropped). A word with a
// parameter expansion (`configs/annealing/$NAME-google.yaml`) names every config it can expand to: each expansion
// matches any text within one path segment (a leading `$ROOT/` any folders). Such a pattern must keep enough
// literal text to mean one family of files: a literal folder, or at least three characters of the file name
// besides its extension (a bare `$CONFIG` or `$NAME.yaml` names nothing). A word that is exactly `$VAR` or contains
// `${VAR}` is first replaced by the value of the script's one assignment to VAR (`FILENAME=configs/$NAME.yaml`),
// if the script assigns it exactly once.
import { splitShell, type ShellWord } from '../parse/shell';
import { safeRead, type WorkspaceReader } from '../settings';

const SCRIPT = /\.(sh|bash|slurm|sbatch)$/;
const PROJECT_FILES = ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt'];

/** One command line of a launch script that names the config. */
export interface LaunchLine {
  /** The script. */
  file: string;
  /** The words of the command, script variables assigned once substituted. */
  words: ShellWord[];
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The folder whose scripts may launch `configPath` ('' = the workspace root). */
export function launchScope(files: readonly string[], configPath: string): string {
  const fallback = dirOf(dirOf(configPath));
  const set = new Set(files);
  for (let dir = dirOf(configPath); ; dir = dirOf(dir)) {
    if (PROJECT_FILES.some((f) => set.has(dir ? `${dir}/${f}` : f))) {
      // the higher of the project folder and the folder above the config's
      return dir.length < fallback.length ? dir : fallback;
    }
    if (!dir) break;
  }
  return fallback;
}

const EXPANSION = /\$\{[^}]*\}|\$\([^)]*\)|`[^`]*`|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@*#?!$-]/g;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A word's value as a path pattern: undefined when it keeps too little literal text to name a family of files. */
function pattern(value: string): RegExp | undefined {
  let v = value.replace(/^(\.\/)+/, '');
  // a leading `$ROOT/` (any folders) matches as a suffix
  v = v.replace(/^(?:\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*)\//, '');
  const parts = v.split(EXPANSION);
  if (parts.length === 1) return v ? new RegExp(`(?:^|/)${escapeRe(v)}$`) : undefined;
  const literalDir = v.replace(EXPANSION, '\uE000').split('/').slice(0, -1).some((seg) => seg !== '' && !seg.includes('\uE000') && seg !== '..' && seg !== '.');
  const last = v.replace(EXPANSION, '\uE000').split('/').pop() ?? '';
  const stem = last.replace(/\.[A-Za-z0-9]+$/, '').replace(/\uE000/g, '');
  if (!/\.[A-Za-z0-9]+$/.test(last) || (!literalDir && stem.length < 3)) return undefined;
  const body = parts.map(escapeRe).join('[^/]*');
  return new RegExp(`(?:^|/)${body}$`);
}

/** Whether a word (or the value after `--opt=` / `key=`) names the file at `configPath`. */
function names(value: string, expands: boolean | undefined, configPath: string): boolean {
  const eq = value.indexOf('=');
  const candidates = eq > 0 ? [value, value.slice(eq + 1)] : [value];
  for (const c of candidates) {
    if (!c) continue;
    if (expands && /\$|`/.test(c)) {
      const re = pattern(c);
      if (re && re.test(configPath)) return true;
      continue;
    }
    const rel = c.replace(/^\/+/, '').split('/').filter((s) => s !== '.' && s !== '..' && s !== '').join('/');
    if (rel && (configPath === rel || configPath.endsWith(`/${rel}`))) return true;
  }
  return false;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** The script's variables assigned exactly once (`NAME=value`, `export NAME=value`) with their raw values. */
function assignments(words: ShellWord[][]): Map<string, ShellWord> {
  const seen = new Map<string, ShellWord[]>();
  for (const ws of words) {
    let i = 0;
    if (ws[0]?.value === 'export' || ws[0]?.value === 'local' || ws[0]?.value === 'readonly') i = 1;
    for (; i < ws.length; i++) {
      const m = ASSIGNMENT.exec(ws[i].value);
      if (!m) break;
      const w: ShellWord = { value: m[2], span: ws[i].span };
      if (ws[i].expands) w.expands = true;
      seen.set(m[1], [...(seen.get(m[1]) ?? []), w]);
    }
  }
  const out = new Map<string, ShellWord>();
  for (const [k, v] of seen) if (v.length === 1) out.set(k, v[0]);
  return out;
}

/** `$VAR` / `${VAR}` replaced by the value of a variable assigned once (a few levels deep). */
function substitute(w: ShellWord, vars: Map<string, ShellWord>): ShellWord {
  if (!w.expands) return w;
  let value = w.value;
  let expands = false;
  for (let depth = 0; depth < 3; depth++) {
    let changed = false;
    value = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, a?: string, b?: string) => {
      const v = vars.get((a ?? b)!);
      if (!v) return all;
      changed = true;
      return v.value;
    });
    if (!changed) break;
  }
  expands = /\$|`/.test(value);
  const out: ShellWord = { value, span: w.span };
  if (expands) out.expands = true;
  return out;
}

const parsed = new Map<string, ShellWord[][]>();

function commandsOf(path: string, text: string): ShellWord[][] {
  const key = `${path}\u0000${text}`;
  const hit = parsed.get(key);
  if (hit) return hit;
  const cmds = splitShell(text).commands.map((c) => c.words);
  const vars = assignments(cmds);
  const out = cmds.map((ws) => ws.map((w) => substitute(w, vars)));
  if (parsed.size > 512) parsed.clear();
  parsed.set(key, out);
  return out;
}

/**
 * The command lines of the project's launch scripts that name `configPath`; empty when none does or the workspace
 * cannot list its files.
 */
export function launchLines(workspace: WorkspaceReader, configPath: string): LaunchLine[] {
  const files = workspace.list?.();
  if (!files) return [];
  const scope = launchScope(files, configPath);
  const prefix = scope ? `${scope}/` : '';
  const out: LaunchLine[] = [];
  for (const f of files) {
    if (!SCRIPT.test(f) || (prefix && !f.startsWith(prefix)) || f === configPath) continue;
    const text = safeRead(workspace, f);
    if (text === undefined) continue;
    for (const words of commandsOf(f, text)) {
      if (words.some((w) => names(w.value, w.expands, configPath))) out.push({ file: f, words });
    }
  }
  return out;
}

/** One option of a launch line: `--name=value`, `--name value`, a bare `--flag`, or a `key=value` override. */
export interface LaunchOption {
  name: string;
  /** undefined for a flag with no value. */
  value?: string;
  /** The value depends on an expansion. */
  dynamic: boolean;
  /** As written, e.g. `--compile.fullgraph=false`. */
  text: string;
}

/** The options of a launch line. */
export function launchOptions(words: ShellWord[]): LaunchOption[] {
  const out: LaunchOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i].value;
    const eq = w.indexOf('=');
    if (w.startsWith('-')) {
      const name = (eq > 0 ? w.slice(0, eq) : w).replace(/^-+/, '');
      if (!name) continue;
      if (eq > 0) out.push({ name, value: w.slice(eq + 1), dynamic: !!words[i].expands, text: w });
      else {
        const next = words[i + 1];
        if (next && !next.value.startsWith('-') && !ASSIGNMENT.test(next.value)) {
          out.push({ name, value: next.value, dynamic: !!next.expands, text: `${w} ${next.value}` });
        } else out.push({ name, dynamic: false, text: w });
      }
    } else if (eq > 0 && /^[A-Za-z_][\w.]*$/.test(w.slice(0, eq))) {
      out.push({ name: w.slice(0, eq), value: w.slice(eq + 1), dynamic: !!words[i].expands, text: w });
    }
  }
  return out;
}
