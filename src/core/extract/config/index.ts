// Config flavours (HF TrainingArguments, DeepSpeed, accelerate, Lightning/Hydra, Axolotl, LLaMA-Factory,
// torchtune, vLLM/TGI, Triton, shell launch lines) → job facts. Unknown YAML/JSON gives no job.
import type { JsonDoc, PbtxtDoc, ShellDoc, YamlDoc } from '../../parse/document';
import type { JobFacts } from '../../types';
import type { ExtractContext } from '../index';

export function extractConfigJobs(_doc: YamlDoc | JsonDoc | PbtxtDoc | ShellDoc, _ctx: ExtractContext): JobFacts[] {
  // TODO(config helper)
  return [];
}
