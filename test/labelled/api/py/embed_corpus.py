"""Embeds the knowledge base in chunks and the evaluation queries."""
import json
from itertools import islice

from openai import OpenAI

client = OpenAI()
MODEL = "text-embedding-3-large"


def chunked(it, n):
    it = iter(it)
    while batch := list(islice(it, n)):
        yield batch


def embed_documents(docs):
    vectors = []
    for batch in chunked(docs, 512):
        res = client.embeddings.create(model=MODEL, input=[d["text"] for d in batch])
        vectors.extend(e.embedding for e in res.data)
    return vectors


def embed_queries(path):
    with open(path) as f:
        queries = [json.loads(line)["query"] for line in f]
    out = {}
    for q in queries:
        out[q] = client.embeddings.create(model=MODEL, input=q).data[0].embedding  # expect: batching/unbatched-inference
    return out
