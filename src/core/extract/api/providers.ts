// What the model-API SDKs look like: which module is which provider, which method path is which kind of call,
// and the name of each API's output-token limit. Shared by the JS/TS and Python extractors. Owned by the
// model-API work. Sources: the SDKs' own READMEs / API references (openai-node/-python, anthropic-sdk,
// @google/genai + google-genai, @huggingface/inference + huggingface_hub, litellm, transformers.js).
import type { ApiCallKind, ApiProvider } from './usage';

/** JS/TS module specifier → provider. */
export const jsModules: Record<string, ApiProvider> = {
  openai: 'openai',
  '@anthropic-ai/sdk': 'anthropic',
  '@anthropic-ai/bedrock-sdk': 'anthropic',
  '@anthropic-ai/vertex-sdk': 'anthropic',
  '@google/genai': 'google',
  '@google/generative-ai': 'google',
  '@huggingface/inference': 'hf',
  '@huggingface/transformers': 'transformers-js',
  '@xenova/transformers': 'transformers-js',
  ai: 'ai-sdk',
};

/** Vercel AI SDK provider packages: their default export / named factory makes a model from an id. */
export const aiSdkProviders: Record<string, ApiProvider> = {
  '@ai-sdk/openai': 'openai',
  '@ai-sdk/azure': 'openai',
  '@ai-sdk/anthropic': 'anthropic',
  '@ai-sdk/google': 'google',
  '@ai-sdk/google-vertex': 'google',
};

/** Client classes whose `new X()` makes a client (both languages). */
export const clientClasses: Record<string, ApiProvider> = {
  OpenAI: 'openai',
  AzureOpenAI: 'openai',
  AsyncOpenAI: 'openai',
  AsyncAzureOpenAI: 'openai',
  Anthropic: 'anthropic',
  AsyncAnthropic: 'anthropic',
  AnthropicBedrock: 'anthropic',
  AnthropicVertex: 'anthropic',
  AsyncAnthropicBedrock: 'anthropic',
  AsyncAnthropicVertex: 'anthropic',
  GoogleGenAI: 'google',
  GoogleGenerativeAI: 'google',
  Client: 'google', // google-genai: `genai.Client()`; only when imported from google.genai
  InferenceClient: 'hf',
  AsyncInferenceClient: 'hf',
  HfInference: 'hf',
};

const openaiPaths: Record<string, ApiCallKind> = {
  'chat.completions.create': 'chat',
  'chat.completions.parse': 'chat',
  'chat.completions.stream': 'chat',
  'beta.chat.completions.parse': 'chat',
  'beta.chat.completions.stream': 'chat',
  'responses.create': 'responses',
  'responses.parse': 'responses',
  'responses.stream': 'responses',
  'completions.create': 'completions',
  'embeddings.create': 'embedding',
  'batches.create': 'batch',
};
const anthropicPaths: Record<string, ApiCallKind> = {
  'messages.create': 'messages',
  'messages.stream': 'messages',
  'beta.messages.create': 'messages',
  'beta.messages.stream': 'messages',
  'messages.batches.create': 'batch',
  'beta.messages.batches.create': 'batch',
};
const googlePaths: Record<string, ApiCallKind> = {
  'models.generateContent': 'generate',
  'models.generateContentStream': 'generate',
  'models.embedContent': 'embedding',
  'models.generate_content': 'generate',
  'models.generate_content_stream': 'generate',
  'models.embed_content': 'embedding',
  'aio.models.generate_content': 'generate',
  'aio.models.embed_content': 'embedding',
  'batches.create': 'batch',
  // @google/generative-ai and google.generativeai: methods of a model object
  generateContent: 'generate',
  generateContentStream: 'generate',
  embedContent: 'embedding',
  batchEmbedContents: 'batch',
  generate_content: 'generate',
  embed_content: 'embedding',
};
const hfPaths: Record<string, ApiCallKind> = {
  chatCompletion: 'chat',
  chatCompletionStream: 'chat',
  chat_completion: 'chat',
  'chat.completions.create': 'chat',
  textGeneration: 'text-generation',
  textGenerationStream: 'text-generation',
  text_generation: 'text-generation',
  featureExtraction: 'embedding',
  feature_extraction: 'embedding',
  sentenceSimilarity: 'embedding',
  sentence_similarity: 'embedding',
  textClassification: 'task',
  text_classification: 'task',
  zeroShotClassification: 'task',
  zero_shot_classification: 'task',
  summarization: 'task',
  translation: 'task',
  tokenClassification: 'task',
  token_classification: 'task',
};
const litellmPaths: Record<string, ApiCallKind> = {
  completion: 'chat',
  acompletion: 'chat',
  embedding: 'embedding',
  aembedding: 'embedding',
  batch_completion: 'batch',
  text_completion: 'completions',
};

const aiSdkPaths: Record<string, ApiCallKind> = {
  generateText: 'chat',
  streamText: 'chat',
  generateObject: 'chat',
  streamObject: 'chat',
  embed: 'embedding',
  embedMany: 'batch',
};

const byProvider: Partial<Record<ApiProvider, Record<string, ApiCallKind>>> = {
  'ai-sdk': aiSdkPaths,
  openai: openaiPaths,
  anthropic: anthropicPaths,
  google: googlePaths,
  hf: hfPaths,
  litellm: litellmPaths,
};

/** A method path on a client (`chat.completions.create`) → the kind of call; undefined for anything else. */
export function callKind(provider: ApiProvider, path: readonly string[]): ApiCallKind | undefined {
  const table = byProvider[provider];
  return table ? table[path.join('.')] : undefined;
}

/** The argument names that cap output tokens, per provider and kind (the first is the one to add). */
export function maxTokenNames(provider: ApiProvider, kind: ApiCallKind): string[] {
  if (provider === 'ai-sdk') return ['maxOutputTokens', 'maxTokens'];
  if (provider === 'google') return ['maxOutputTokens', 'max_output_tokens'];
  if (kind === 'responses') return ['max_output_tokens'];
  if (kind === 'text-generation') return ['max_new_tokens'];
  if (provider === 'openai' && kind === 'chat') return ['max_completion_tokens', 'max_tokens'];
  return ['max_tokens', 'max_completion_tokens'];
}

/**
 * Whether an unset output limit is unbounded (up to the model's maximum) for this API. Legacy completions
 * default to 16 tokens, HF text_generation to a server default, Anthropic requires `max_tokens`.
 */
export function outputUnboundedByDefault(provider: ApiProvider, kind: ApiCallKind): boolean {
  if (provider === 'anthropic' || provider === 'transformers-js') return false;
  return kind === 'chat' || kind === 'responses' || kind === 'generate';
}

/**
 * Batch APIs of OpenAI-compatible hosts other than OpenAI itself, reached with the OpenAI SDK and `base_url=`: the
 * discount off the host's real-time price, with its source. A host not listed here (or a base URL that is not a
 * constant) gets no Batch-API advice: most OpenAI-compatible servers (vLLM, TGI, Ollama, swift deploy, LiteLLM
 * proxies) have no batch endpoint and no batch price.
 */
export const compatibleBatchHosts: Record<string, { name: string; discount: number; source: string }> = {
  // "Introducing the Batch API: Run Large Inference Jobs 20% Cheaper" (2026-06-19): OpenAI-compatible
  // /v1/batches for /v1/completions, /v1/chat/completions, /v1/embeddings, results within 24 h.
  'api.deepinfra.com': { name: 'DeepInfra', discount: 0.2, source: 'https://deepinfra.com/blog/batch-api' },
  // Alibaba Cloud Model Studio "Batch inference": OpenAI-compatible, "costs only 50% of the price of real-time
  // responses" (Beijing: dashscope.aliyuncs.com; international: dashscope-intl; US: dashscope-us).
  'dashscope.aliyuncs.com': { name: 'Alibaba Cloud Model Studio', discount: 0.5, source: 'https://www.alibabacloud.com/help/en/model-studio/batch-inference' },
  'dashscope-intl.aliyuncs.com': { name: 'Alibaba Cloud Model Studio', discount: 0.5, source: 'https://www.alibabacloud.com/help/en/model-studio/batch-inference' },
  'dashscope-us.aliyuncs.com': { name: 'Alibaba Cloud Model Studio', discount: 0.5, source: 'https://www.alibabacloud.com/help/en/model-studio/batch-inference' },
};

/** OpenAI's own hosts (and Azure OpenAI, whose Global Batch deployments follow the same API). */
const OPENAI_HOST = /(^|\.)(openai\.com|openai\.azure\.com)$/;

/**
 * Kinds for which the provider offers a cheaper way to send many items at once. `endpoint` is where the code points
 * the client when it is not the SDK's default (see ApiCall.endpoint). Batch discounts: OpenAI and Anthropic from
 * model-apis.json `sources.batch`, Gemini from https://ai.google.dev/gemini-api/docs/batch-mode (50% of the standard
 * price; Google's announcement of 2025-07-07).
 */
export function batchAdvice(provider: ApiProvider, kind: ApiCallKind, endpoint?: { host?: string; local: boolean; dynamic: boolean }): string | undefined {
  if (kind === 'embedding' && provider === 'ai-sdk') return 'use `embedMany` to embed all values in one call';
  if (kind === 'embedding') return 'send the items as one list (embeddings endpoints accept arrays) or in chunks of a few hundred';
  if (kind === 'pipeline-run') return 'pass the whole list to the pipeline in one call (with `batch_size` in Python)';
  if (provider === 'openai' && (kind === 'chat' || kind === 'responses' || kind === 'completions') && endpoint) {
    if (endpoint.local || endpoint.dynamic || !endpoint.host) return undefined;
    const other = compatibleBatchHosts[endpoint.host];
    if (other) {
      if (kind === 'responses') return undefined;
      return `submit the items through ${other.name}'s OpenAI-compatible Batch API (\`client.batches.create\`, ${Math.round(other.discount * 100)}% below its real-time price) if results can wait up to 24 h`;
    }
    if (!OPENAI_HOST.test(endpoint.host)) return undefined;
  }
  if (provider === 'openai' && (kind === 'chat' || kind === 'responses'))
    return 'submit the items through the Batch API (`client.batches.create`, 50% of the standard price) if results can wait up to 24 h';
  if (provider === 'anthropic' && kind === 'messages')
    return 'submit the items through the Message Batches API (`client.messages.batches.create`, 50% of the standard price)';
  if (provider === 'google' && kind === 'generate') return 'submit the items as a batch job (`batches.create`, 50% of the standard price)';
  if (provider === 'litellm' && kind === 'chat') return 'use `litellm.batch_completion` or the provider\'s batch API';
  if (provider === 'hf' && kind === 'task') return 'pass a list of inputs in one request';
  if (provider === 'ai-sdk' && kind === 'chat') return "submit the items through the provider's batch API (OpenAI, Anthropic and Gemini batch endpoints cost 50% of the standard price)";
  return undefined;
}

export const EMBEDDING_TASK = 'an embedding (a vector for the text)';

/** The provider's embedding model to suggest instead of a chat model asked for vectors. */
export const embeddingModelOf: Partial<Record<ApiProvider, string>> = {
  openai: 'text-embedding-3-small',
  google: 'gemini-embedding-001',
};

/** Constant prompt text that makes a small task evident. A regex over one extracted string value. */
export function smallTaskOf(prompt: string): string | undefined {
  if (/\b(return|output|give|produce|generate|compute)\b[^.\n]{0,40}\b(embedding|embedding vector|vector representation)\b/i.test(prompt)) return EMBEDDING_TASK;
  if (/\b(yes or no|yes\/no|"yes" or "no"|'yes' or 'no'|true or false)\b/i.test(prompt)) return 'a yes/no answer';
  const classify = /\b(classif(y|ication)|categori[sz]e|label|sentiment)\b/i.test(prompt);
  const oneOf = /\b(one of|only the (label|category|word|name)|one word|single word|exactly one|only one (word|label|category))\b/i.test(prompt);
  if (classify && oneOf) return 'a classification into a fixed label set';
  return undefined;
}
