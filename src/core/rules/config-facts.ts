// Shared reading of job facts for the config-file checks (YAML / JSON / pbtxt / shell): which jobs a config check
// looks at, where a fact is anchored in this file, the hardware a job runs on, and the half-precision format to
// recommend. Findings go on the file that sets a value; a fact that comes from a referenced file is reported
// when that file is analysed, never twice.
import { lookupHardware, type HardwareInfo } from '../data/lookup';
import type { AnalysisSettings } from '../settings';
import type { Fact, FactName, FactValues, Fix, FixSafety, JobFacts, Span, TextEdit } from '../types';
import type { RuleContext } from './rule';

const CONFIG_LANGS = new Set(['yaml', 'json', 'pbtxt', 'shell']);

export function configJobs(ctx: RuleContext): JobFacts[] {
  return CONFIG_LANGS.has(ctx.doc.lang) ? ctx.jobs.filter((j) => j.file === ctx.doc.path) : [];
}

export interface LocalFact<K extends FactName> {
  fact: Fact<FactValues[K]>;
  /** Where to anchor the finding in this file; null for a framework default (file level). */
  span: Span | null;
}

/** A fact this file decides: set here (with its span) or a framework default; undefined when dynamic or set elsewhere. */
export function localFact<K extends FactName>(ctx: RuleContext, job: JobFacts, name: K): LocalFact<K> | undefined {
  if (job.dynamic.includes(name)) return undefined;
  const fact = job.facts[name] as Fact<FactValues[K]> | undefined;
  if (!fact) return undefined;
  if (fact.source && fact.source.file !== ctx.doc.path) return undefined;
  return { fact, span: fact.origin === 'default' || !fact.source ? null : fact.source.span };
}

export function value<K extends FactName>(job: JobFacts, name: K): FactValues[K] | undefined {
  return job.dynamic.includes(name) ? undefined : (job.facts[name]?.value as FactValues[K] | undefined);
}

/** The accelerator a job runs on: its own hardware fact, else the configured default. */
export function hardwareOf(job: JobFacts, settings: AnalysisSettings): HardwareInfo | undefined {
  const name = value(job, 'hardware') ?? settings.hardware;
  if (!name) return undefined;
  try {
    return lookupHardware(name);
  } catch {
    return undefined;
  }
}

/** The half-precision format to recommend, with the reason to print. */
export function halfPrecisionFor(job: JobFacts, settings: AnalysisSettings): { precision: 'bf16' | 'fp16'; why: string } {
  const hw = hardwareOf(job, settings);
  if (!hw) return { precision: 'bf16', why: 'bf16 needs an Ampere or newer GPU; use fp16 on V100/T4' };
  if (hw.bf16) return { precision: 'bf16', why: `${hw.name} supports bf16` };
  return { precision: 'fp16', why: `${hw.name} has no bf16, fp16 with loss scaling instead` };
}

export function makeFix(safety: FixSafety, title: string, edits: TextEdit[] | undefined): Fix | undefined {
  if (!edits || edits.length === 0) return safety === 'manual' ? { safety, title, edits: [] } : undefined;
  return { safety, title, edits };
}

/**
 * The config text of a fact's source in this file (for messages: "`mixed_precision: 'no'`"). In a notebook, spans are
 * offsets into the joined code cells (`doc.python`), not into the notebook's JSON.
 */
export function sourceText(ctx: RuleContext, span: Span | null, max = 60): string | undefined {
  if (!span) return undefined;
  const text = ctx.doc.lang === 'notebook' ? ctx.doc.python.text : ctx.doc.text;
  const t = text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

const FLAVOUR_NAMES: Partial<Record<JobFacts['flavour'], string>> = {
  'hf-trainer': 'TrainingArguments',
  deepspeed: 'DeepSpeed',
  accelerate: 'accelerate',
  lightning: 'Lightning',
  coqui: 'the Coqui Trainer',
  speechbrain: 'SpeechBrain',
  hydra: 'the Lightning Trainer',
  axolotl: 'Axolotl',
  'llama-factory': 'LLaMA-Factory',
  torchtune: 'torchtune',
  olmo: 'OLMo',
  vllm: 'vLLM',
  tgi: 'TGI',
  triton: 'Triton',
};

/** The framework's name as users know it. */
export function flavourName(job: JobFacts): string {
  return FLAVOUR_NAMES[job.flavour] ?? job.flavour;
}

/** How a flavour spells "turn on half precision", for messages. */
export function precisionSetting(job: JobFacts, p: 'bf16' | 'fp16'): string {
  if (job.file.endsWith('.sh') || job.file.endsWith('.bash')) {
    if (job.flavour === 'accelerate') return `--mixed_precision ${p}`;
    if (job.flavour === 'hydra') return `trainer.precision=${p === 'bf16' ? 'bf16-mixed' : '16-mixed'}`;
    return `--${p} True`;
  }
  switch (job.flavour) {
    case 'accelerate':
      return `mixed_precision: ${p}`;
    case 'deepspeed':
      return `"${p}": {"enabled": true}`;
    case 'lightning':
    case 'hydra':
      return `precision: ${p === 'bf16' ? 'bf16-mixed' : '16-mixed'}`;
    case 'torchtune':
      return `dtype: ${p}`;
    case 'olmo':
      return `precision: amp_${p}`;
    case 'speechbrain':
      return `precision: ${p}`;
    default:
      return `${p}: true`;
  }
}
