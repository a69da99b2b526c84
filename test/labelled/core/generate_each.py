import json

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

tok = AutoTokenizer.from_pretrained("mistralai/Mistral-7B-Instruct-v0.3")
model = AutoModelForCausalLM.from_pretrained("mistralai/Mistral-7B-Instruct-v0.3", torch_dtype=torch.bfloat16,
                                             device_map="cuda")

questions = [json.loads(line)["question"] for line in open("questions.jsonl")]
answers = []
for q in questions:
    ids = tok(q, return_tensors="pt").to("cuda")
    out = model.generate(**ids, max_new_tokens=200)  # expect: batching/unbatched-inference
    answers.append(tok.decode(out[0], skip_special_tokens=True))


def answer_batched(qs, batch_size=32):
    tok.padding_side = "left"
    tok.pad_token = tok.eos_token
    result = []
    for start in range(0, len(qs), batch_size):
        batch = tok(qs[start:start + batch_size], return_tensors="pt", padding=True).to("cuda")
        result.extend(tok.batch_decode(model.generate(**batch, max_new_tokens=200), skip_special_tokens=True))
    return result
