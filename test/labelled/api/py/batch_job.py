"""Summarise last week's tickets through the OpenAI Batch API (half price, results within 24 h)."""
import json
import sys

from openai import OpenAI

client = OpenAI()


def submit(tickets_path: str) -> str:
    with open(tickets_path) as f:
        tickets = [json.loads(line) for line in f]
    with open("requests.jsonl", "w") as out:
        for t in tickets:
            body = {
                "model": "gpt-4o-mini",
                "max_tokens": 150,
                "messages": [{"role": "user", "content": f"Summarise this ticket in one sentence: {t['body']}"}],
            }
            out.write(json.dumps({"custom_id": t["id"], "method": "POST", "url": "/v1/chat/completions", "body": body}) + "\n")
    upload = client.files.create(file=open("requests.jsonl", "rb"), purpose="batch")
    batch = client.batches.create(input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h")
    return batch.id


if __name__ == "__main__":
    print(submit(sys.argv[1]))
