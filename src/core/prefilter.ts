// A cheap substring pre-filter: files that mention none of these words cannot hold anything a rule looks at,
// so they are skipped before parsing. It only ever skips work; it never decides a finding.
import type { Language } from './types';

const python = [
  'torch', 'transformers', 'vllm', 'lightning', 'accelerate', 'deepspeed', 'peft', 'diffusers', 'trl',
  'openai', 'anthropic', 'genai', 'huggingface_hub', 'litellm', 'tensorflow', 'keras', 'jax', 'codecarbon',
  'sentence_transformers', 'datasets', 'Trainer', 'pipeline',
];
const jsts = [
  'openai', 'anthropic', '@google/genai', '@google/generative-ai', '@huggingface', 'transformers', 'ollama',
  'groq', 'mistral', 'cohere', 'bedrock', 'ai-sdk', '@ai-sdk', 'generateText', 'streamText', 'pipeline(',
];
const config = [
  'batch', 'precision', 'fp16', 'bf16', 'fp32', 'dtype', 'model', 'zero_optimization', 'deepspeed', 'train',
  'epoch', 'gpu', 'cuda', 'region', 'accelerat', 'dynamic_batching', 'instance_group', 'torchrun', 'launch',
  'quantiz', 'tensor_parallel', 'learning_rate', 'trainer', 'devices', 'num_processes', 'max_steps',
  'compute_environment', 'location', 'zone', 'machine', 'instance', 'vllm', 'text-generation-launcher', 'accelerators',
  'torch_compile', 'checkpointing', 'micro_batch', 'base_model', '_component_',
];

const words: Partial<Record<Language, string[]>> = {
  python,
  notebook: python,
  jsts,
  yaml: config,
  json: config,
  shell: config,
  pbtxt: ['max_batch_size', 'dynamic_batching', 'instance_group', 'platform', 'backend'],
};

export function mayMatter(lang: Language, text: string): boolean {
  const list = words[lang];
  if (!list) return true;
  for (const w of list) if (text.includes(w)) return true;
  return false;
}
