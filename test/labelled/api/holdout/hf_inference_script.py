"""Summarise arXiv abstracts with a hosted open model through the HF Inference API."""
import json
import os

from huggingface_hub import InferenceClient

client = InferenceClient(provider="together", api_key=os.environ["HF_TOKEN"])


def summarise(abstract: str) -> str:
    out = client.chat.completions.create(  # expect: api/unbounded-output
        model="meta-llama/Llama-3.3-70B-Instruct",
        messages=[{"role": "user", "content": f"Summarise in two sentences:\n{abstract}"}],
    )
    return out.choices[0].message.content


def main():
    with open("abstracts.jsonl") as f:
        papers = [json.loads(line) for line in f]
    summaries = {p["id"]: summarise(p["abstract"]) for p in papers}  # expect: batching/unbatched-inference
    with open("summaries.json", "w") as f:
        json.dump(summaries, f)


if __name__ == "__main__":
    main()
