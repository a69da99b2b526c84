import torch
import torch.nn.functional as F
from transformers import AutoModel, AutoTokenizer

tok = AutoTokenizer.from_pretrained("intfloat/e5-base-v2")
enc = AutoModel.from_pretrained("intfloat/e5-base-v2", torch_dtype=torch.bfloat16).cuda()
enc.eval()


def embed(batch_texts):
    batch = tok(batch_texts, padding=True, truncation=True, return_tensors="pt").to("cuda")
    hidden = enc(**batch).last_hidden_state  # expect: grad/no-grad-inference
    mask = batch["attention_mask"].unsqueeze(-1)
    return F.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1)


queries = embed(["query: how do I reset my password"])
passages = embed(["passage: Open settings and choose reset.", "passage: Our office is closed on Sundays."])
print(queries @ passages.T)
