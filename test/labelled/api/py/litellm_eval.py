"""Compare three models on the QA set, then answer the full set with the winner."""
import asyncio
import json

import litellm

MODELS = ["gpt-4o-mini", "claude-3-5-haiku-20241022", "gemini/gemini-2.0-flash"]


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f]


def compare(sample):
    scores = {}
    for m in MODELS:
        answers = litellm.batch_completion(model=m, max_tokens=200, messages=[[{"role": "user", "content": ex["question"]}] for ex in sample])
        scores[m] = sum(a.choices[0].message.content.strip() == ex["answer"] for a, ex in zip(answers, sample))
    return max(scores, key=scores.get)


async def answer_all(model, data):
    tasks = [
        litellm.acompletion(model=model, max_tokens=200, messages=[{"role": "user", "content": ex["question"]}])  # expect: batching/unbatched-inference
        for ex in data
    ]
    return await asyncio.gather(*tasks)


if __name__ == "__main__":
    data = load("qa.jsonl")
    best = compare(data[:50])
    print(best, len(asyncio.run(answer_all(best, data))))
