// Sizes of a transformer from its Hugging Face config.json text (parameters, active parameters for MoE, layers,
// hidden size, KV heads, context). Pure: takes the text, returns data; undefined when the text is not a usable config.
import type { ModelInfo } from './lookup';

type Json = Record<string, unknown>;

/** Architectures whose MLP is gated (three matrices: gate, up, down) rather than two (up, down). */
const GATED = /llama|mistral|mixtral|qwen|gemma|phi3|deepseek|olmo|granite|cohere|internlm|yi|starcoder2|nemotron|gpt_oss|exaone|smollm/;

function num(cfg: Json, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = cfg[k];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  }
  return undefined;
}

/** Parameters of one decoder/encoder stack, per layer, and the active share per token for MoE. */
export function modelFromConfigJson(text: string, id = 'config.json'): ModelInfo | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  // Multimodal configs nest the language model (gemma-3, llama-4, llava).
  const outer = parsed as Json;
  const cfg = (typeof outer.text_config === 'object' && outer.text_config ? { ...outer, ...(outer.text_config as Json) } : outer) as Json;
  const h = num(cfg, 'hidden_size', 'n_embd', 'd_model');
  const layers = num(cfg, 'num_hidden_layers', 'n_layer', 'num_layers');
  if (!h || !layers) return undefined;
  const heads = num(cfg, 'num_attention_heads', 'n_head', 'num_heads') ?? Math.max(1, Math.round(h / 64));
  const kvHeads = num(cfg, 'num_key_value_heads', 'num_kv_heads', 'multi_query_group_num') ?? (cfg.multi_query === true ? 1 : heads);
  const headDim = num(cfg, 'head_dim', 'd_kv') ?? h / heads;
  const vocab = num(cfg, 'vocab_size', 'padded_vocab_size') ?? 32000;
  const modelType = String(cfg.model_type ?? '').toLowerCase();
  const ffProj = String(cfg.feed_forward_proj ?? '');
  const gated = GATED.test(modelType) || ffProj.startsWith('gated');
  const inter = num(cfg, 'intermediate_size', 'n_inner', 'ffn_dim', 'd_ff', 'ffn_hidden_size') ?? 4 * h;
  const mats = gated ? 3 : 2;

  const attn = h * heads * headDim * 2 + 2 * h * kvHeads * headDim;
  const experts = num(cfg, 'num_local_experts', 'num_experts', 'n_routed_experts');
  const topK = num(cfg, 'num_experts_per_tok', 'moe_topk', 'num_experts_per_token');
  let mlpTotal = mats * h * inter;
  let mlpActive = mlpTotal;
  if (experts && experts > 1) {
    const expertInter = num(cfg, 'moe_intermediate_size') ?? inter;
    const sharedInter =
      num(cfg, 'shared_expert_intermediate_size') ?? (num(cfg, 'n_shared_experts') ?? 0) * expertInter;
    const perExpert = mats * h * expertInter;
    const shared = mats * h * sharedInter;
    mlpTotal = experts * perExpert + shared + h * experts;
    mlpActive = (topK ?? 2) * perExpert + shared + h * experts;
  }
  const tied = cfg.tie_word_embeddings !== undefined ? cfg.tie_word_embeddings === true : !/llama|mistral|mixtral|qwen3_moe|deepseek|gpt_oss/.test(modelType);
  const embed = vocab * h * (tied ? 1 : 2);
  // Encoder–decoder (T5, BART): decoder layers add cross-attention.
  const decLayers = cfg.is_encoder_decoder === true ? (num(cfg, 'num_decoder_layers', 'decoder_layers') ?? layers) : 0;
  const params = layers * (attn + mlpTotal) + decLayers * (2 * attn + mlpTotal) + embed;
  const active = layers * (attn + mlpActive) + decLayers * (2 * attn + mlpActive) + embed;
  const info: ModelInfo = {
    id,
    params,
    activeParams: Math.min(active, params),
    layers: layers + decLayers,
    hiddenSize: h,
    kvHeads,
    heads,
    headDim,
    context: num(cfg, 'max_position_embeddings', 'n_positions', 'seq_length', 'max_sequence_length'),
    source: 'computed from config.json sizes (attention + MLP + embeddings; biases and norms ignored, < 1 %)',
  };
  if (experts && experts > 1) {
    info.experts = experts;
    info.expertsPerToken = topK ?? 2;
  }
  const family = modelType || undefined;
  if (family) info.family = family;
  return info;
}
