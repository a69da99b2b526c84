// The shared vocabulary of the core: documents, positions, findings, fixes and job facts.
// Invariant: nothing in src/core imports `vscode` or the file system; it takes text and returns data.

export type Severity = 'error' | 'warning' | 'info';
export type FixSafety = 'safe' | 'unsafe' | 'manual';

/** The languages the core can parse. */
export type Language = 'yaml' | 'json' | 'toml' | 'python' | 'notebook' | 'pbtxt' | 'shell' | 'jsts';

/** Offsets in UTF-16 code units into a document's text (a notebook cell's text for notebooks). */
export interface Span {
  start: number;
  end: number;
}

/** 1-based lines and columns (columns in UTF-16 code units), end exclusive, as in the CLI's JSON contract. */
export interface Range {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** A place in a source: a file, optionally a notebook cell (0-based index among all cells), and a span. */
export interface SourceRef {
  file: string;
  cell?: number;
  span: Span;
}

/** A text edit of one document (or one notebook cell). Offsets refer to the text the analysis saw. */
export interface TextEdit {
  file: string;
  cell?: number;
  span: Span;
  newText: string;
  /** `span` as 1-based lines and columns; filled in by the analysis. */
  range?: Range;
}

export interface Fix {
  safety: FixSafety;
  title: string;
  edits: TextEdit[];
}

export interface Range3 {
  low: number;
  mid: number;
  high: number;
}

export interface Saving {
  /** Share of the job's energy the fix saves (negative: it costs energy): P10 / P50 / P90 of the paired difference. */
  energyFraction: Range3;
  basis: string;
  /** Conditions under which the saving holds (e.g. "quantization helps decode more than prefill"). */
  conditions?: string[];
  /** What the fix buys or gives up besides energy (gradient checkpointing: memory for recomputation). */
  trades?: string;
  /** Amounts per run (training) or per day (serving) when the job's total is known. */
  energyKWh?: Range3;
  co2Kg?: Range3;
  costUSD?: Range3;
  /** How the dollar amount is computed (device-hours × price). */
  costBasis?: string;
  /** 'day' for serving savings (per day at the request rate); absent: per run. */
  per?: 'run' | 'day';
  /** When the total is not known: the amounts per 1,000 steps, per 1,000 requests or per hour. */
  rate?: { per: 'hour' | '1000 steps' | '1000 requests'; energyKWh: Range3; co2Kg: Range3; costUSD?: Range3; costBasis?: string };
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  file: string;
  cell?: number;
  /** null for a file-level finding (a missing key or block). */
  span: Span | null;
  /** `span` as 1-based lines and columns (in the cell, for notebooks); null for a file-level finding. */
  range: Range | null;
  fix?: Fix;
  saving?: Saving;
  /** The job this finding concerns, and the change to its facts that the fix makes (for the engine's re-estimate). */
  jobId?: string;
  patch?: FactPatch;
  /** Facts the rule established that the job model lacks (true before and after the fix, e.g. heavy per-item work). */
  given?: FactPatch;
  /**
   * Other places that explain the finding (a fact that comes from another file, the loop a request runs in), with
   * `range` filled for places in the analysed document (1-based, in the cell for notebooks).
   */
  related?: { ref: SourceRef; message: string; range?: Range }[];
}

export interface ParseError {
  file: string;
  cell?: number;
  /** 1-based line, when known. */
  line?: number;
  column?: number;
  message: string;
  /**
   * `reference`: the file was analysed, but a file it refers to was not read (outside the root, not a regular file…).
   * `value`: the file was analysed, but a setting's value has the wrong type and was ignored.
   */
  kind?: 'reference' | 'value';
}

// ---------------------------------------------------------------------------------------------
// Job model

export type Phase = 'training' | 'inference' | 'serving';
export type Precision = 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8' | 'int8' | 'int4' | 'auto';
export type DeviceKind = 'gpu' | 'cpu' | 'tpu';

/** Which framework or config flavour a job came from. */
export type Flavour =
  | 'hf-trainer'
  | 'deepspeed'
  | 'accelerate'
  | 'lightning'
  | 'coqui'
  | 'speechbrain'
  | 'hydra'
  | 'axolotl'
  | 'llama-factory'
  | 'torchtune'
  | 'olmo'
  | 'vllm'
  | 'tgi'
  | 'triton'
  | 'pytorch'
  | 'transformers'
  | 'launcher'
  | 'model-api';

/** Every fact the job model knows, with its value type. Add here, not ad hoc. */
export interface FactValues {
  device: DeviceKind;
  model: string;
  /** Total parameters. */
  params: number;
  /** Active parameters per token (MoE). */
  activeParams: number;
  peft: 'none' | 'lora' | 'qlora';
  precision: Precision;
  quantization: 'none' | 'int8' | 'int4' | 'fp8';
  microBatch: number;
  gradAccum: number;
  /** Accelerators in total (world size). */
  devices: number;
  hardware: string;
  steps: number;
  epochs: number;
  /** Training tokens in total. */
  tokens: number;
  /** Training examples per epoch. */
  datasetSize: number;
  /** Mean tokens per training example (a named dataset's, from the catalogue); the sequence length caps it. */
  exampleTokens: number;
  seqLen: number;
  region: string;
  compile: boolean;
  gradCheckpointing: boolean;
  /** Whether autograd is off for the inference forward passes. */
  gradDisabled: boolean;
  dataWorkers: number;
  /** Inference / eval batch size. */
  inferenceBatch: number;
  inputTokens: number;
  outputTokens: number;
  requestsPerDay: number;
  /** Model calls one run of a script makes, when the code shows every one of them (calls outside any loop or function). */
  requestsPerRun: number;
  energyTracking: boolean;
  /** A task the code makes evident (e.g. "classification"), for model/oversized. */
  task: string;
  /**
   * An online RL recipe (GRPO, PPO, RLOO…): every step generates completions first, and the per-device batch counts
   * completions of a prompt group (TRL `num_generations`), so its size is the algorithm's, not a throughput knob.
   */
  onlineRL: boolean;
  /** Context / sequence parallel degree: one sequence is split over this many devices (frameworks then take micro-batch 1). */
  contextParallel: number;
  /** The optimizer steps inside the backward pass (torchtune `optimizer_in_bwd`): gradient accumulation is impossible. */
  optimizerInBackward: boolean;
  /** An autotuner picks the batch shape at launch (DeepSpeed `autotuning.enabled`): the config's values are starting points. */
  batchAutotuned: boolean;
  /** The inputs are images, video or audio (a processor-based model): one sample is many tokens. */
  multimodal: boolean;
  /** Per-device batch of the evaluation / prediction passes a training job runs (TrainingArguments `per_device_eval_batch_size`). */
  evalBatch: number;
  /** The training job runs evaluation passes (an eval strategy, `do_eval`, or an extra eval such as qlora's MMLU). */
  evaluates: boolean;
  /** The evaluation set is capped at this many examples (`max_eval_samples`, qlora's `eval_dataset_size`: the smaller; unset when an extra eval such as qlora's `do_mmlu_eval` runs besides). */
  evalSamples: number;
  /** The evaluation passes generate text (`predict_with_generate`), not only a loss. */
  evalGenerates: boolean;
  /** The model is loaded again on every request or loop iteration. */
  reloadPerCall: boolean;
  /** How much work the data pipeline does per item: decode / augment / tokenise on the fly is heavy. */
  perItemWork: 'light' | 'heavy';
  /** MoE served with experts split across devices (vLLM --enable-expert-parallel) rather than sharded. */
  expertParallel: boolean;
}

export type FactName = keyof FactValues;

export type FactOrigin = 'explicit' | 'default' | 'inferred';

export interface Fact<T> {
  value: T;
  /** Where it was set (absent for a framework default). */
  source?: SourceRef;
  origin: FactOrigin;
  /** Builds the edits that set this fact to another value in its source, when the extractor knows how. */
  edit?: (value: T) => TextEdit[] | undefined;
}

export type Facts = { [K in FactName]?: Fact<FactValues[K]> };
export type FactPatch = { [K in FactName]?: FactValues[K] };

export interface JobFacts {
  /** Stable within one analysis: `${file}#${n}`. */
  id: string;
  file: string;
  flavour: Flavour;
  phase: Phase;
  /** Where the job is shown (CodeLens); null for the whole file. */
  anchor: SourceRef | null;
  facts: Facts;
  /** Facts whose value cannot be known statically (CLI flag, env var, delegated config). Rules stay silent on them. */
  dynamic: FactName[];
  /** Files this job read facts from (a referenced DeepSpeed config, Hydra defaults). */
  references: string[];
  /**
   * Settings whose value has the wrong type for what the job model reads (`train_micro_batch_size_per_gpu: "eight"`):
   * ignored, and reported in the analysis' `errors` (the analysis moves them there; they are not part of a job).
   */
  problems?: { ref: SourceRef; message: string }[];
}
