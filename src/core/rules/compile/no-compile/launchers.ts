// compile/no-compile: a launch line that turns compilation on for the config it runs. OLMo's scripts/train.py
// merges its command-line overrides into the YAML with OmegaConf (TrainConfig.load: `om.merge(conf,
// om.from_dotlist(overrides))`), and OmegaConf's merge expands a None structured node before merging a mapping
// into it (omry/omegaconf, omegaconf/basecontainer.py `_map_merge`: "dest_node._is_none() ... expand(dest_node)"),
// so `--compile.fullgraph=false` creates the compile block over the YAML's `compile: null` and the run compiles.
// Likewise `--torch_compile` / `--torch_compile True` (TrainingArguments, Axolotl, LLaMA-Factory) and torchtune's
// `compile=True` override. The launch lines come from extract/launchers.ts.
import { launchLines, launchOptions } from '../../../extract/launchers';
import type { WorkspaceReader } from '../../../settings';

const OFF = new Set(['null', 'none', '~', 'false', '0', 'no', '']);
const NAMES = new Set(['compile', 'torch_compile', 'torch-compile']);

/** The first launch-line option that turns compilation on for `configPath` (as written), or undefined. */
export function launcherCompiles(workspace: WorkspaceReader, configPath: string): { file: string; option: string } | undefined {
  for (const line of launchLines(workspace, configPath)) {
    for (const o of launchOptions(line.words)) {
      const nested = o.name.startsWith('compile.');
      if (!NAMES.has(o.name) && !nested) continue;
      // an option whose value comes from an expansion may turn it on: the config alone does not decide
      if (o.dynamic) return { file: line.file, option: o.text };
      const v = o.value?.toLowerCase();
      // `--torch_compile` as a bare flag is true; `--compile.fullgraph=false` sets a field of the block it creates
      if (v === undefined ? !nested : nested ? v !== 'null' && v !== '~' : !OFF.has(v)) return { file: line.file, option: o.text };
    }
  }
  return undefined;
}
