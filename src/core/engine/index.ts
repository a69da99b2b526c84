// The energy engine's entry points as the analyser uses them. The engine itself lives beside this file.
import type { AnalysisSettings } from '../settings';
import type { FactPatch, JobFacts, Range3, Saving } from '../types';

export interface JobEstimate {
  phase: 'training' | 'inference' | 'serving';
  energyKWh?: Range3;
  co2Kg?: Range3;
  costUSD?: Range3;
  /** A–G, from the ratio of this job's energy to the same job with recommended settings. */
  label?: string;
  assumptions: Record<string, unknown>;
  /** What the engine could not know and assumed instead. */
  notes: string[];
}

export function estimateJob(_job: JobFacts, _settings: AnalysisSettings): JobEstimate | undefined {
  // TODO(engine helper)
  return undefined;
}

export function estimateSaving(_job: JobFacts, _patch: FactPatch, _settings: AnalysisSettings): Saving | undefined {
  // TODO(engine helper)
  return undefined;
}
