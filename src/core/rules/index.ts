// The rule catalogue: the one list of rules. Docs, SARIF's rule table and the settings schema are generated from it.
import { measuredPrecision, measuredSeverity } from '../data/rule-precision';
import type { Rule } from './rule';
import { rule as precisionFp32Training } from './precision/fp32-training/rule';
import { rule as precisionFp32Inference } from './precision/fp32-inference/rule';
import { rule as batchingUnbatchedInference } from './batching/unbatched-inference/rule';
import { rule as batchingTinyTrainBatch } from './batching/tiny-train-batch/rule';
import { rule as gradNoGradInference } from './grad/no-grad-inference/rule';
import { rule as dataDataloaderWorkers } from './data/dataloader-workers/rule';
import { rule as modelOversized } from './model/oversized/rule';
import { rule as quantNoQuantizationInference } from './quant/no-quantization-inference/rule';
import { rule as compileNoCompile } from './compile/no-compile/rule';
import { rule as memoryNoGradCheckpointing } from './memory/no-grad-checkpointing/rule';
import { rule as hardwareLegacyAccelerator } from './hardware/legacy-accelerator/rule';
import { rule as scheduleNoCarbonAwareness } from './schedule/no-carbon-awareness/rule';
import { rule as measureNoEnergyTracking } from './measure/no-energy-tracking/rule';
import { rule as modelReloadInLoop } from './model/reload-in-loop/rule';
import { rule as apiUnboundedOutput } from './api/unbounded-output/rule';
import { rule as apiRepeatedPrefixUncached } from './api/repeated-prefix-uncached/rule';

const authored: readonly Rule[] = [
  precisionFp32Training,
  precisionFp32Inference,
  batchingUnbatchedInference,
  batchingTinyTrainBatch,
  gradNoGradInference,
  dataDataloaderWorkers,
  modelOversized,
  quantNoQuantizationInference,
  compileNoCompile,
  memoryNoGradCheckpointing,
  hardwareLegacyAccelerator,
  scheduleNoCarbonAwareness,
  measureNoEnergyTracking,
  modelReloadInLoop,
  apiUnboundedOutput,
  apiRepeatedPrefixUncached,
];

/**
 * Severity follows measured precision: a rule whose judged precision on real code is below the threshold of
 * src/core/data/rule-precision.json reports at `info` by default (users may raise it in wattlint.toml).
 */
function withMeasuredSeverity(r: Rule): Rule {
  const measured = measuredPrecision(r.meta.id);
  const severity = measuredSeverity(r.meta.id, r.meta.severity);
  return { ...r, meta: { ...r.meta, severity, authoredSeverity: r.meta.severity, ...(measured ? { measured } : {}) } };
}

export const allRules: readonly Rule[] = authored.map(withMeasuredSeverity);

const byId = new Map(allRules.map((r) => [r.meta.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
