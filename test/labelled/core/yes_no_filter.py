import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

MODEL = "meta-llama/Llama-3.1-70B-Instruct"
tok = AutoTokenizer.from_pretrained(MODEL)
llm = AutoModelForCausalLM.from_pretrained(MODEL, torch_dtype=torch.bfloat16, device_map="auto")  # expect: model/oversized


@torch.inference_mode()
def is_spam(messages):
    prompts = [f"Is this message spam? Answer yes or no.\n\n{m}\nAnswer:" for m in messages]
    batch = tok(prompts, return_tensors="pt", padding=True).to("cuda")
    out = llm.generate(**batch, max_new_tokens=1)
    return [t.strip().lower() == "yes" for t in tok.batch_decode(out[:, batch["input_ids"].shape[1]:])]
