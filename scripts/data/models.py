#!/usr/bin/env python3
# Authoring source for src/core/data/models.json (run: python3 scripts/data/models.py).
# Architecture values are as in each repo's config.json on huggingface.co (recalled, not re-read on this machine:
# no network); parameter counts as in the model cards. Rows used by the accuracy checks take their total/active
# parameters from shared/data/mlenergy_llm_inference.csv.
import json
HF = 'huggingface.co/{id} config.json and model card (recalled, not re-read)'
ML = 'shared/data/mlenergy_llm_inference.csv (total/activated params, ML.ENERGY v3); architecture from huggingface.co/{id} config.json (recalled)'
def m(id, params, layers=None, hidden=None, heads=None, kv=None, ctx=None, active=None, headDim=None, experts=None, topk=None,
      family=None, attnLayers=None, window=None, source=HF, aliases=()):
    d = dict(id=id, params=params, activeParams=active or params)
    for k, v in dict(family=family, layers=layers, hiddenSize=hidden, heads=heads, kvHeads=kv, headDim=headDim, context=ctx,
                     experts=experts, expertsPerToken=topk, attentionLayers=attnLayers, slidingWindow=window).items():
        if v is not None: d[k] = v
    if aliases: d['aliases'] = list(aliases)
    d['source'] = source.format(id=id)
    return d
M = [
 m('meta-llama/Llama-2-7b-hf', 6.74e9, 32, 4096, 32, 32, 4096, family='llama-2', aliases=['meta-llama/Llama-2-7b-chat-hf']),
 m('meta-llama/Llama-2-13b-hf', 13.0e9, 40, 5120, 40, 40, 4096, family='llama-2', aliases=['meta-llama/Llama-2-13b-chat-hf']),
 m('meta-llama/Llama-2-70b-hf', 69.0e9, 80, 8192, 64, 8, 4096, family='llama-2', aliases=['meta-llama/Llama-2-70b-chat-hf']),
 m('meta-llama/Meta-Llama-3-8B', 8.03e9, 32, 4096, 32, 8, 8192, family='llama-3', aliases=['meta-llama/Meta-Llama-3-8B-Instruct']),
 m('meta-llama/Meta-Llama-3-70B', 70.6e9, 80, 8192, 64, 8, 8192, family='llama-3', aliases=['meta-llama/Meta-Llama-3-70B-Instruct']),
 m('meta-llama/Llama-3.1-8B-Instruct', 8.0e9, 32, 4096, 32, 8, 131072, family='llama-3', source=ML, aliases=['meta-llama/Llama-3.1-8B', 'meta-llama/Meta-Llama-3.1-8B-Instruct', 'meta-llama/Meta-Llama-3.1-8B']),
 m('meta-llama/Llama-3.1-70B-Instruct', 70.0e9, 80, 8192, 64, 8, 131072, family='llama-3', source=ML, aliases=['meta-llama/Llama-3.1-70B', 'meta-llama/Meta-Llama-3.1-70B-Instruct', 'meta-llama/Llama-3.3-70B-Instruct']),
 m('meta-llama/Llama-3.1-405B-Instruct', 405e9, 126, 16384, 128, 8, 131072, family='llama-3', aliases=['meta-llama/Llama-3.1-405B', 'meta-llama/Meta-Llama-3.1-405B-Instruct']),
 m('meta-llama/Llama-3.2-1B', 1.24e9, 16, 2048, 32, 8, 131072, headDim=64, family='llama-3', aliases=['meta-llama/Llama-3.2-1B-Instruct']),
 m('meta-llama/Llama-3.2-3B', 3.21e9, 28, 3072, 24, 8, 131072, headDim=128, family='llama-3', aliases=['meta-llama/Llama-3.2-3B-Instruct']),
 m('meta-llama/Llama-4-Scout-17B-16E-Instruct', 109e9, 48, 5120, 40, 8, 10485760, active=17e9, headDim=128, experts=16, topk=1, family='llama-4', source=ML, aliases=['meta-llama/Llama-4-Scout-17B-16E']),
 m('mistralai/Mistral-7B-v0.1', 7.24e9, 32, 4096, 32, 8, 32768, family='mistral', aliases=['mistralai/Mistral-7B-Instruct-v0.1', 'mistralai/Mistral-7B-Instruct-v0.2', 'mistralai/Mistral-7B-Instruct-v0.3', 'mistralai/Mistral-7B-v0.3']),
 m('mistralai/Mixtral-8x7B-v0.1', 46.7e9, 32, 4096, 32, 8, 32768, active=12.9e9, experts=8, topk=2, family='mixtral', aliases=['mistralai/Mixtral-8x7B-Instruct-v0.1']),
 m('mistralai/Mixtral-8x22B-v0.1', 141e9, 56, 6144, 48, 8, 65536, active=39e9, experts=8, topk=2, family='mixtral', aliases=['mistralai/Mixtral-8x22B-Instruct-v0.1']),
 m('Qwen/Qwen2.5-0.5B', 0.49e9, 24, 896, 14, 2, 32768, headDim=64, family='qwen2.5', aliases=['Qwen/Qwen2.5-0.5B-Instruct']),
 m('Qwen/Qwen2.5-1.5B', 1.54e9, 28, 1536, 12, 2, 32768, family='qwen2.5', aliases=['Qwen/Qwen2.5-1.5B-Instruct']),
 m('Qwen/Qwen2.5-3B', 3.09e9, 36, 2048, 16, 2, 32768, family='qwen2.5', aliases=['Qwen/Qwen2.5-3B-Instruct']),
 m('Qwen/Qwen2.5-7B', 7.62e9, 28, 3584, 28, 4, 131072, family='qwen2.5', aliases=['Qwen/Qwen2.5-7B-Instruct']),
 m('Qwen/Qwen2.5-14B', 14.7e9, 48, 5120, 40, 8, 131072, family='qwen2.5', aliases=['Qwen/Qwen2.5-14B-Instruct']),
 m('Qwen/Qwen2.5-32B', 32.5e9, 64, 5120, 40, 8, 131072, family='qwen2.5', aliases=['Qwen/Qwen2.5-32B-Instruct']),
 m('Qwen/Qwen2.5-72B', 72.7e9, 80, 8192, 64, 8, 131072, family='qwen2.5', aliases=['Qwen/Qwen2.5-72B-Instruct']),
 m('Qwen/Qwen3-8B', 8.0e9, 36, 4096, 32, 8, 40960, headDim=128, family='qwen3', source=ML),
 m('Qwen/Qwen3-14B', 14.0e9, 40, 5120, 40, 8, 40960, headDim=128, family='qwen3', source=ML),
 m('Qwen/Qwen3-32B', 32.8e9, 64, 5120, 64, 8, 40960, headDim=128, family='qwen3'),
 m('Qwen/Qwen3-30B-A3B-Instruct-2507', 30.0e9, 48, 2048, 32, 4, 262144, active=3.0e9, headDim=128, experts=128, topk=8, family='qwen3', source=ML,
   aliases=['Qwen/Qwen3-30B-A3B', 'Qwen/Qwen3-Coder-30B-A3B-Instruct', 'Qwen/Qwen3-30B-A3B-Thinking-2507']),
 m('Qwen/Qwen3-235B-A22B-Instruct-2507', 235e9, 94, 4096, 64, 4, 262144, active=22e9, headDim=128, experts=128, topk=8, family='qwen3', source=ML,
   aliases=['Qwen/Qwen3-235B-A22B', 'Qwen/Qwen3-235B-A22B-Thinking-2507', 'Qwen/Qwen3-235B-A22B-Instruct-2507-FP8', 'Qwen/Qwen3-235B-A22B-Thinking-2507-FP8']),
 m('google/gemma-3-12b-it', 12.0e9, 48, 3840, 16, 8, 131072, headDim=256, window=1024, family='gemma-3', source=ML, aliases=['google/gemma-3-12b-pt']),
 m('google/gemma-2b', 2.51e9, 18, 2048, 8, 1, 8192, headDim=256, family='gemma', aliases=['google/gemma-2b-it']),
 m('google/gemma-7b', 8.54e9, 28, 3072, 16, 16, 8192, headDim=256, family='gemma', aliases=['google/gemma-7b-it']),
 m('google/gemma-2-9b', 9.24e9, 42, 3584, 16, 8, 8192, headDim=256, family='gemma-2', aliases=['google/gemma-2-9b-it']),
 m('google/gemma-2-27b', 27.2e9, 46, 4608, 32, 16, 8192, headDim=128, family='gemma-2', aliases=['google/gemma-2-27b-it']),
 m('nvidia/NVIDIA-Nemotron-Nano-9B-v2', 9.0e9, 56, 4480, 40, 8, 131072, headDim=128, attnLayers=4, family='nemotron', source=ML),
 m('openai/gpt-oss-20b', 21.0e9, 24, 2880, 64, 8, 131072, active=4.0e9, headDim=64, experts=32, topk=4, window=128, family='gpt-oss', source=ML),
 m('openai/gpt-oss-120b', 117e9, 36, 2880, 64, 8, 131072, active=5.1e9, headDim=64, experts=128, topk=4, window=128, family='gpt-oss'),
 m('deepseek-ai/DeepSeek-V3', 671e9, 61, 7168, 128, 128, 163840, active=37e9, experts=256, topk=8, family='deepseek', aliases=['deepseek-ai/DeepSeek-R1', 'deepseek-ai/DeepSeek-V3-0324']),
 m('microsoft/phi-2', 2.78e9, 32, 2560, 32, 32, 2048, family='phi'),
 m('microsoft/Phi-3-mini-4k-instruct', 3.82e9, 32, 3072, 32, 32, 4096, family='phi'),
 m('TinyLlama/TinyLlama-1.1B-Chat-v1.0', 1.1e9, 22, 2048, 32, 4, 2048, headDim=64, family='tinyllama'),
 m('tiiuae/falcon-7b', 7.22e9, 32, 4544, 71, 1, 2048, family='falcon', aliases=['tiiuae/falcon-7b-instruct']),
 m('tiiuae/falcon-40b', 41.8e9, 60, 8192, 128, 8, 2048, family='falcon', aliases=['tiiuae/falcon-40b-instruct']),
 m('bigscience/bloom', 176e9, 70, 14336, 112, 112, 2048, family='bloom'),
 m('bigscience/bloom-560m', 0.56e9, 24, 1024, 16, 16, 2048, family='bloom'),
 m('EleutherAI/gpt-j-6b', 6.05e9, 28, 4096, 16, 16, 2048, family='gpt-j'),
 m('EleutherAI/gpt-neox-20b', 20.6e9, 44, 6144, 64, 64, 2048, family='gpt-neox'),
 m('facebook/opt-125m', 0.125e9, 12, 768, 12, 12, 2048, family='opt'),
 m('facebook/opt-1.3b', 1.3e9, 24, 2048, 32, 32, 2048, family='opt'),
 m('facebook/opt-6.7b', 6.7e9, 32, 4096, 32, 32, 2048, family='opt'),
 m('facebook/opt-13b', 13e9, 40, 5120, 40, 40, 2048, family='opt'),
 m('facebook/opt-30b', 30e9, 48, 7168, 56, 56, 2048, family='opt'),
 m('facebook/opt-66b', 66e9, 64, 9216, 72, 72, 2048, family='opt'),
 m('gpt2', 124e6, 12, 768, 12, 12, 1024, family='gpt2', aliases=['openai-community/gpt2']),
 m('gpt2-medium', 355e6, 24, 1024, 16, 16, 1024, family='gpt2', aliases=['openai-community/gpt2-medium']),
 m('gpt2-large', 774e6, 36, 1280, 20, 20, 1024, family='gpt2', aliases=['openai-community/gpt2-large']),
 m('gpt2-xl', 1.56e9, 48, 1600, 25, 25, 1024, family='gpt2', aliases=['openai-community/gpt2-xl']),
 m('bert-base-uncased', 110e6, 12, 768, 12, 12, 512, family='bert', aliases=['google-bert/bert-base-uncased', 'bert-base-cased', 'google-bert/bert-base-cased']),
 m('bert-large-uncased', 340e6, 24, 1024, 16, 16, 512, family='bert', aliases=['google-bert/bert-large-uncased', 'bert-large-cased']),
 m('distilbert-base-uncased', 66e6, 6, 768, 12, 12, 512, family='bert', aliases=['distilbert/distilbert-base-uncased']),
 m('roberta-base', 125e6, 12, 768, 12, 12, 514, family='roberta', aliases=['FacebookAI/roberta-base']),
 m('roberta-large', 355e6, 24, 1024, 16, 16, 514, family='roberta', aliases=['FacebookAI/roberta-large']),
 m('microsoft/deberta-v3-base', 184e6, 12, 768, 12, 12, 512, family='deberta'),
 m('sentence-transformers/all-MiniLM-L6-v2', 22.7e6, 6, 384, 12, 12, 512, family='minilm'),
 m('t5-small', 60e6, 6, 512, 8, 8, 512, family='t5', aliases=['google-t5/t5-small']),
 m('t5-base', 220e6, 12, 768, 12, 12, 512, family='t5', aliases=['google-t5/t5-base']),
 m('t5-large', 770e6, 24, 1024, 16, 16, 512, family='t5', aliases=['google-t5/t5-large']),
 m('google/flan-t5-base', 248e6, 12, 768, 12, 12, 512, family='flan-t5'),
 m('google/flan-t5-large', 783e6, 24, 1024, 16, 16, 512, family='flan-t5'),
 m('google/flan-t5-xl', 2.85e9, 24, 2048, 32, 32, 512, family='flan-t5'),
 m('google/flan-t5-xxl', 11.3e9, 24, 4096, 64, 64, 512, family='flan-t5'),
 m('openai/whisper-small', 244e6, 12, 768, 12, 12, 448, family='whisper'),
 m('openai/whisper-large-v3', 1.55e9, 32, 1280, 20, 20, 448, family='whisper'),
 m('google/vit-base-patch16-224', 86e6, 12, 768, 12, 12, 197, family='vit'),
]
json.dump({'version': 1, 'description': 'Model catalogue: Hugging Face ids → parameters (total, active per token), layers, hidden size, heads, KV heads, context.',
           'models': M}, open('src/core/data/models.json', 'w'), indent=1)
print(len(M), 'models')
