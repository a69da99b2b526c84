"""Route support tickets to one of three queues with an LLM."""
import csv

from transformers import pipeline

LABELS = ["billing", "bug", "other"]

classifier = pipeline(
    "zero-shot-classification",
    model="meta-llama/Llama-3.1-70B-Instruct",
    device_map="auto",
)


def route(path):
    with open(path) as f:
        tickets = [row["text"] for row in csv.DictReader(f)]
    return classifier(tickets, candidate_labels=LABELS, batch_size=32)
