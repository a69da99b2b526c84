"""Embeds a corpus in batches with half-precision weights: nothing to report."""
import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

tok = AutoTokenizer.from_pretrained("BAAI/bge-base-en-v1.5")
enc = AutoModel.from_pretrained("BAAI/bge-base-en-v1.5", torch_dtype=torch.float16).cuda().eval()


@torch.inference_mode()
def embed(texts, batch_size=128):
    vecs = []
    for i in range(0, len(texts), batch_size):
        batch = tok(texts[i : i + batch_size], padding=True, truncation=True, return_tensors="pt").to("cuda")
        out = enc(**batch).last_hidden_state[:, 0]
        vecs.append(torch.nn.functional.normalize(out, dim=-1).cpu().numpy())
    return np.concatenate(vecs)


if __name__ == "__main__":
    docs = open("corpus.txt").read().splitlines()
    np.save("vectors.npy", embed(docs))
