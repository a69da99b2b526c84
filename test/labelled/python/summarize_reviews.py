import json

import torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

MODEL_ID = "google/flan-t5-large"

tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
model = AutoModelForSeq2SeqLM.from_pretrained(MODEL_ID).to("cuda")  # expect: precision/fp32-inference

with open("reviews.jsonl") as f:
    reviews = [json.loads(line)["text"] for line in f]

summaries = []
for review in reviews:
    inputs = tokenizer("Summarize: " + review, return_tensors="pt", truncation=True).to("cuda")
    out = model.generate(**inputs, max_new_tokens=60)  # expect: batching/unbatched-inference
    summaries.append(tokenizer.decode(out[0], skip_special_tokens=True))

with open("summaries.json", "w") as f:
    json.dump(summaries, f)
