// The launch scripts that name a config file: `accelerate launch --config_file fsdp.json train.py --torch_dtype
// bfloat16` sets the precision on the launch line together with the config it names, so the config's own
// `mixed_precision: no` does not decide it. The scripts and their command lines come from extract/launchers.ts
// (the project's shell scripts, a config named by its path or by a pattern with expansions).
import { launchLines, launchOptions } from '../../../extract/launchers';
import type { WorkspaceReader } from '../../../settings';

/** Launch-line options that choose the training precision (a value of `no` / `fp32` / `false` chooses fp32). */
const PRECISION_OPTS = new Set(['mixed_precision', 'mixed-precision', 'bf16', 'fp16', 'torch_dtype', 'dtype', 'precision', 'half', 'amp']);
const FLAGS = new Set(['bf16', 'fp16', 'half', 'amp']);
const FP32_VALUES = new Set(['no', 'fp32', 'float32', '32', '32-true', 'false', 'False', '0']);

export interface LauncherPrecision {
  /** The script that names the config with a precision option. */
  file: string;
  /** The option as written, e.g. `--torch_dtype bfloat16`. */
  option: string;
}

/**
 * A launch line of the project that names `configPath` and sets a precision other than fp32 (or one that depends
 * on an expansion); undefined when none does, or when the workspace cannot list its files.
 */
export function launcherPrecision(workspace: WorkspaceReader, configPath: string): LauncherPrecision | undefined {
  for (const line of launchLines(workspace, configPath)) {
    for (const o of launchOptions(line.words)) {
      if (!PRECISION_OPTS.has(o.name)) continue;
      if (o.value === undefined || (FLAGS.has(o.name) && !o.text.includes('=') && !/^(true|false|0|1)$/i.test(o.value))) {
        if (FLAGS.has(o.name)) return { file: line.file, option: o.text.split(' ')[0] };
        continue;
      }
      if (o.dynamic || !FP32_VALUES.has(o.value)) return { file: line.file, option: o.text };
    }
  }
  return undefined;
}
