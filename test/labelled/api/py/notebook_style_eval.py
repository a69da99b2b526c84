# Quick evaluation of the support-intent classifier against GPT-4 as a judge.
import json

from openai import OpenAI
from transformers import AutoModelForSequenceClassification, AutoTokenizer

client = OpenAI()
tok = AutoTokenizer.from_pretrained("./intent-model")
model = AutoModelForSequenceClassification.from_pretrained("./intent-model").eval()

with open("eval.jsonl") as f:
    rows = [json.loads(line) for line in f]

agree = 0
for row in rows:
    pred = model.config.id2label[model(**tok(row["text"], return_tensors="pt")).logits.argmax().item()]  # expect: batching/unbatched-inference
    verdict = client.chat.completions.create(  # expect: batching/unbatched-inference
        model="gpt-4",  # expect: model/oversized
        max_tokens=1,
        messages=[{"role": "user", "content": f"Is '{pred}' the right intent for: {row['text']}? Answer yes or no."}],
    )
    agree += verdict.choices[0].message.content.strip().lower() == "yes"
print(agree / len(rows))
