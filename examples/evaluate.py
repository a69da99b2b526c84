"""Score a fine-tuned model on the held-out set and write its generations."""
import json

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

MODEL = "meta-llama/Llama-2-7b-hf"


def perplexity(model, batches):
    model.eval()
    total = 0.0
    for batch in batches:
        out = model(**batch, labels=batch["input_ids"])
        total += out.loss.item()
    return total / len(batches)


def main():
    tok = AutoTokenizer.from_pretrained(MODEL)
    model = AutoModelForCausalLM.from_pretrained(MODEL, torch_dtype=torch.bfloat16).to("cuda")
    prompts = [json.loads(line)["prompt"] for line in open("heldout.jsonl")]
    results = []
    for prompt in prompts:
        inputs = tok(prompt, return_tensors="pt").to("cuda")
        output = model.generate(**inputs, max_new_tokens=256)
        results.append(tok.decode(output[0], skip_special_tokens=True))
    json.dump(results, open("generations.json", "w"))


if __name__ == "__main__":
    main()
