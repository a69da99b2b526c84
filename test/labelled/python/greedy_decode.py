"""Hand-written greedy decoding: each step depends on the previous one, so it cannot be batched over steps."""
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

tok = AutoTokenizer.from_pretrained("gpt2")
model = AutoModelForCausalLM.from_pretrained("gpt2", torch_dtype=torch.float16).cuda().eval()

ids = tok("Once upon a time", return_tensors="pt").input_ids.cuda()
with torch.no_grad():
    for _ in range(50):
        next_id = model(ids).logits[:, -1].argmax(-1, keepdim=True)
        ids = torch.cat([ids, next_id], dim=-1)
print(tok.decode(ids[0]))
