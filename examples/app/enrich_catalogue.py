"""Enrich the product catalogue: a category per product and a short summary, from hosted models."""
import csv
import sys

from openai import OpenAI
from transformers import pipeline

client = OpenAI()
CATEGORIES = ["tents", "backpacks", "footwear", "clothing", "cooking", "other"]


def categorise(title: str) -> str:
    r = client.chat.completions.create(
        model="gpt-4.1",  # a large model for a six-label classification (model/oversized)
        max_tokens=3,
        messages=[{"role": "user", "content": f"Classify this product into one of: {', '.join(CATEGORIES)}. Reply with the label only.\n{title}"}],
    )
    return r.choices[0].message.content.strip()


def summarise(description: str) -> str:
    # no output limit (api/unbounded-output)
    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": f"Summarise in one line: {description}"}])
    return r.choices[0].message.content


def translate_titles(titles):
    out = []
    for t in titles:
        # the translation model is loaded again for every title (model/reload-in-loop)
        translator = pipeline("translation_en_to_de", model="Helsinki-NLP/opus-mt-en-de")
        out.append(translator(t)[0]["translation_text"])
    return out


def main(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["category"] = categorise(row["title"])  # one request per row (batching/unbatched-inference)
    embeddings = client.embeddings.create(model="text-embedding-3-small", input=[r["title"] for r in rows])  # batched: clean
    return rows, embeddings


if __name__ == "__main__":
    main(sys.argv[1])
