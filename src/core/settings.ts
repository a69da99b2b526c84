// What an analysis needs besides the text: the resolved settings and a way to read other workspace files.
import type { Severity } from './types';

/** Reads another file of the workspace by its workspace-relative path (forward slashes); undefined if absent. */
export interface WorkspaceReader {
  read(path: string): string | undefined;
  /** Workspace-relative paths of all files the scan may read (for Hydra defaults, config.json lookups). */
  list?(): readonly string[];
  /**
   * Why `read(path)` gave nothing although the path may exist (outside the scanned folder, not a regular file,
   * too large, not UTF-8); undefined when it is simply absent. The analysis reports it on the referencing file.
   */
  whyNot?(path: string): string | undefined;
}

/** The text of a workspace file, or undefined when the reader has none or refuses it (a read error is no text). */
export function safeRead(workspace: WorkspaceReader, path: string): string | undefined {
  try {
    return workspace.read(path);
  } catch {
    return undefined;
  }
}

/**
 * A path as the workspace names it: forward slashes, no `.` or empty segments, `..` applied. Undefined when it
 * leaves the workspace root (`../x`, more `..` than folders), is absolute (`/etc/x`, `C:\x`, `\\server\x`) or
 * starts with `~`: such a path is never read.
 */
export function normalizeWorkspacePath(p: string): string | undefined {
  if (alreadyNormal(p)) return p; // most paths (a scan looks up thousands per file): no copy, no split
  return normalizeWorkspacePathGeneral(p);
}

/** The general case of normalizeWorkspacePath, without the fast path (exported so a test checks the two agree). */
export function normalizeWorkspacePathGeneral(p: string): string | undefined {
  const s = p.replace(/\\/g, '/');
  if (s.startsWith('/') || s.startsWith('~') || /^[A-Za-z]:/.test(s) || s.includes('\0')) return undefined;
  const parts: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.length ? parts.join('/') : undefined;
}

/**
 * Whether `p` is its own normal form: not empty, no backslash or NUL, no empty, `.` or `..` segment (so no leading or
 * trailing `/`), no leading `~` and no drive letter; then the general case above would give back `p` itself.
 */
function alreadyNormal(p: string): boolean {
  const n = p.length;
  if (n === 0) return false;
  const c0 = p.charCodeAt(0);
  if (c0 === 126 /* ~ */ || (n >= 2 && p.charCodeAt(1) === 58 /* : */ && ((c0 | 32) >= 97 && (c0 | 32) <= 122))) return false;
  let seg = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? p.charCodeAt(i) : 47;
    if (c === 92 || c === 0) return false;
    if (c !== 47) continue;
    const len = i - seg;
    if (len === 0 || (p.charCodeAt(seg) === 46 && (len === 1 || (len === 2 && p.charCodeAt(seg + 1) === 46)))) return false;
    seg = i + 1;
  }
  return true;
}

export const emptyWorkspace: WorkspaceReader = { read: () => undefined };

export interface AnalysisSettings {
  /** Rule id → severity or 'off'; rules absent here use their default (opt-in rules stay off). */
  rules: Record<string, Severity | 'off'>;
  /** Glob → rule ids (or '*') ignored in matching files. */
  perFileIgnores: Record<string, string[]>;
  /** Default accelerator when a job names none, e.g. "A100 80GB SXM". */
  hardware?: string;
  /** The user says the hardware is fixed (hardware/legacy-accelerator stays silent). */
  hardwareFixed: boolean;
  /** Default region, e.g. "gcp:us-central1" or a country code. */
  region?: string;
  pue?: number;
  /** USD per accelerator-hour, overriding the price table. */
  pricePerDeviceHour?: number;
  requestsPerDay: number;
  /** Files larger than this many bytes are skipped (said in the output). */
  maxFileBytes: number;
  exclude: string[];
  /**
   * Globs of test files (matched like `per-file-ignores`, also in any folder): the rules stay silent there, because a
   * unit test's tiny model, CPU run or exact-fp32 assertion is not a cost to cut. Empty: tests are linted like the rest.
   */
  testFiles: string[];
  /**
   * Globs of vendored code (copies of other projects kept in the repository, matched like `test-files`): the rules
   * stay silent there, because nobody edits a copy of someone else's code to save energy. Empty: linted like the rest.
   */
  vendoredFiles: string[];
  /**
   * Materiality floor of the precision rules, in parameters: a model whose size is known (the models table, a size in
   * its name, a base/small encoder) and below it is not flagged for fp32 inference. 0 flags every size.
   */
  smallModelParams: number;
  /**
   * Materiality floor of every cost rule, in facility kWh per run: a finding whose paired saving the engine can total
   * for the run (a training run of known length, a script's known number of model calls) and whose P90 is below this
   * is not reported — a fix that saves minutes of one GPU is not worth a user's attention. Findings priced only as a
   * rate (per hour, per 1,000 steps or requests) or per day of serving are kept. 0 reports every saving.
   */
  minSavingKWh: number;
}

// Test files by pytest's and unittest's naming conventions (pytest's default `python_files` plus test folders, and
// folders of test material named like test files: `test_fixtures/`, `test_data/`; `_test_*.py`, a test module kept
// out of pytest's collection by its leading underscore), and unittest's / Django's `tests.py` module next to the code
// it tests, `*_tests.py`, and folders of tests by kind (`unit_tests/`, `integration_tests/`). A bare `test.py` is
// often a project's evaluation script, and `testing/` a package of test utilities shipped with the code: neither is
// in the list.
export const DEFAULT_TEST_FILES: readonly string[] = ['tests/**', 'test/**', 'test_*/**', '*_tests/**', 'test_*.py', '_test_*.py', '*_test.py', 'tests.py', '*_tests.py', 'conftest.py'];

// Vendored code, Ruff-like: the folders Ruff's default `exclude` names for installed or generated code
// (`site-packages`, `.venv`, `venv`, `__pypackages__`, `node_modules`, `.ipynb_checkpoints`: notebook autosave copies),
// the conventional folders for copies of other projects (`vendor/`, `_vendor/` as pip and setuptools keep theirs,
// `third_party/`, `3rdparty/`, `external/`, `extern/`), and a folder named after a published ML library inside a
// `dependencies/` or `deps/` folder (a copied `lm_eval/` or `transformers/`; the project's own modules there stay linted).
export const VENDORED_PACKAGES: readonly string[] = [
  'transformers', 'diffusers', 'peft', 'trl', 'accelerate', 'datasets', 'torch', 'torchvision', 'vllm', 'deepspeed',
  'megatron', 'apex', 'lm_eval', 'fairseq', 'timm', 'open_clip', 'sentence_transformers', 'lightning', 'pytorch_lightning',
  'xformers', 'flash_attn', 'bitsandbytes',
];
export const DEFAULT_VENDORED_FILES: readonly string[] = [
  'vendor/**', 'vendored/**', '_vendor/**', 'third_party/**', 'third-party/**', 'thirdparty/**', '3rdparty/**',
  'external/**', 'extern/**', 'site-packages/**', '.venv/**', 'venv/**', '__pypackages__/**', 'node_modules/**',
  '.ipynb_checkpoints/**', `{dependencies,deps}/**/{${VENDORED_PACKAGES.join(',')}}/**`,
];

// Below ~300M parameters, fp32 inference costs little (precision/fp32-inference's docs say why); it is also where the
// Hub's size names split: every tiny/mini/small/base encoder is below it, every large one above.
export const DEFAULT_SMALL_MODEL_PARAMS = 300_000_000;

// 0.005 kWh at the facility is about half a minute of one data-centre GPU at full draw (400 W × PUE 1.58 ≈ 0.63 kW):
// a choice, not a measurement, set from the labelled corpora. The false alarms it removes price at 0.0004–0.0006 kWh
// (P90: a three-epoch course loop of bert-base on MRPC, one demo image or one call of a model); the smallest run a
// labeller judged worth changing (a 500-step QLoRA fine-tune of a 2.7B model at micro-batch 2, corpus5) prices at
// 0.006, and a floor of 0.05 would have dropped it and three like it. The engine's small-model MFU is optimistic, so
// the floor stays well below what a user would notice.
export const DEFAULT_MIN_SAVING_KWH = 0.005;

// Defaults are choices, not measurements: 100,000 requests a day is the serving case of the rule of thumb issue 3
// tests the engine against (a ~300M model on one GPU); 2 MiB keeps generated or data files out of a scan.
export const defaultSettings: AnalysisSettings = {
  rules: {},
  perFileIgnores: {},
  hardwareFixed: false,
  requestsPerDay: 100_000,
  maxFileBytes: 2 * 1024 * 1024,
  exclude: [],
  testFiles: [...DEFAULT_TEST_FILES],
  vendoredFiles: [...DEFAULT_VENDORED_FILES],
  smallModelParams: DEFAULT_SMALL_MODEL_PARAMS,
  minSavingKWh: DEFAULT_MIN_SAVING_KWH,
};
