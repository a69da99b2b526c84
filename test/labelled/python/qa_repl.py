"""Interactive question answering in a terminal."""
import torch
from transformers import pipeline

qa = pipeline("question-answering", model="deepset/roberta-base-squad2", device=0, torch_dtype=torch.float16)
context = open("handbook.txt").read()

while True:
    question = input("question> ")
    if not question:
        break
    print(qa(question=question, context=context)["answer"])
