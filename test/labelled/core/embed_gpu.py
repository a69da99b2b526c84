import torch
from transformers import AutoModel, AutoTokenizer

tok = AutoTokenizer.from_pretrained("BAAI/bge-large-en-v1.5")
model = AutoModel.from_pretrained("BAAI/bge-large-en-v1.5").cuda()  # expect: precision/fp32-inference
model.eval()


@torch.inference_mode()
def embed(texts, batch_size=128):
    vectors = []
    for start in range(0, len(texts), batch_size):
        batch = tok(texts[start:start + batch_size], padding=True, truncation=True, return_tensors="pt").to("cuda")
        vectors.append(model(**batch).last_hidden_state[:, 0])
    return torch.cat(vectors)
