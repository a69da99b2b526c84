// Lookups into the bundled data that rules and extractors use. The engine owns the data; these signatures are
// the contract (the bodies are filled in by the engine work).

export interface ModelInfo {
  id: string;
  /** Total parameters. */
  params: number;
  /** Active parameters per token (MoE); equals params for dense models. */
  activeParams: number;
  family?: string;
  layers?: number;
  hiddenSize?: number;
  kvHeads?: number;
  context?: number;
  source: string;
}

export interface HardwareInfo {
  /** Canonical name in the bundled table, e.g. "A100 80GB SXM". */
  name: string;
  vendor: string;
  /** Architecture generation, e.g. "Volta", "Ampere", "Hopper". */
  generation: string;
  /** Release year, for "generations behind". */
  year: number;
  tdpW: number;
  memoryGB: number;
  bf16: boolean;
  fp8: boolean;
  source: string;
}

export interface RegionInfo {
  /** Canonical key, e.g. "gcp:us-central1" or "country:FR". */
  key: string;
  gCO2PerKWh: number;
  year: number;
  source: string;
}

/** A Hugging Face model id (or a local config.json's text, via the workspace) → its size; undefined if unknown. */
export function lookupModel(_id: string): ModelInfo | undefined {
  return undefined;
}

/** A hardware name as users write it ("a100-80gb", "p4d.24xlarge", "Tesla V100") → the bundled spec. */
export function lookupHardware(_name: string): HardwareInfo | undefined {
  return undefined;
}

/** A region as configs write it ("us-central1", "gcp:us-central1", "eastus", "FR") → its grid intensity. */
export function lookupRegion(_region: string): RegionInfo | undefined {
  return undefined;
}
