// The launch scripts that name a config file: `accelerate launch --config_file fsdp.json train.py --torch_dtype
// bfloat16` sets the precision on the launch line together with the config it names, so the config's own
// `mixed_precision: no` does not decide it. Found among the shell scripts the workspace lists near the config (its
// folder, the folder above, and below them), read through the WorkspaceReader and split with the shell parser.
import { splitShell } from '../../../parse/shell';
import type { WorkspaceReader } from '../../../settings';

/** Launch-line options that choose the training precision (a value of `no` / `fp32` / `false` chooses fp32). */
const PRECISION_OPTS = new Set(['--mixed_precision', '--mixed-precision', '--bf16', '--fp16', '--torch_dtype', '--dtype', '--precision', '--half', '--amp']);
const FP32_VALUES = new Set(['no', 'fp32', 'float32', '32', '32-true', 'false', 'False', '0']);
const SCRIPT = /\.(sh|bash|slurm|sbatch)$/;

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export interface LauncherPrecision {
  /** The script that names the config with a precision option. */
  file: string;
  /** The option as written, e.g. `--torch_dtype bfloat16`. */
  option: string;
}

/**
 * A shell script near `configPath` whose command line names the config (by its file name) and sets a precision
 * other than fp32; undefined when none does, or when the workspace cannot list its files.
 */
export function launcherPrecision(workspace: WorkspaceReader, configPath: string): LauncherPrecision | undefined {
  const files = workspace.list?.();
  if (!files) return undefined;
  const name = configPath.slice(configPath.lastIndexOf('/') + 1);
  const near = dirOf(dirOf(configPath));
  const prefix = near ? `${near}/` : '';
  for (const f of files) {
    if (!SCRIPT.test(f) || (prefix && !f.startsWith(prefix))) continue;
    let text: string | undefined;
    try {
      text = workspace.read(f);
    } catch {
      text = undefined;
    }
    if (text === undefined || !text.includes(name)) continue;
    for (const cmd of splitShell(text).commands) {
      const words = cmd.words;
      if (!words.some((w) => w.value.endsWith(name) || w.value.endsWith(`=${name}`) || w.value.includes(`/${name}`))) continue;
      for (let i = 0; i < words.length; i++) {
        const w = words[i].value;
        const eq = w.indexOf('=');
        const opt = eq > 0 ? w.slice(0, eq) : w;
        if (!PRECISION_OPTS.has(opt)) continue;
        const v = eq > 0 ? w.slice(eq + 1) : words[i + 1]?.value;
        const flagOnly = eq < 0 && (v === undefined || v.startsWith('-')) && (opt === '--bf16' || opt === '--fp16' || opt === '--half' || opt === '--amp');
        if (words[i].expands || (eq < 0 && words[i + 1]?.expands)) return { file: f, option: eq > 0 ? w : `${w} ${v ?? ''}`.trim() };
        if (flagOnly || (v !== undefined && !FP32_VALUES.has(v))) return { file: f, option: flagOnly ? w : eq > 0 ? w : `${w} ${v}` };
      }
    }
  }
  return undefined;
}
