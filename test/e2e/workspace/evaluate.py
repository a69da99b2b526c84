import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

MODEL = "roberta-large"
tok = AutoTokenizer.from_pretrained(MODEL)
model = AutoModelForSequenceClassification.from_pretrained(MODEL).to("cuda")
model.eval()


def evaluate(loader):
    correct = 0
    for batch in loader:
        logits = model(**batch).logits
        correct += (logits.argmax(-1) == batch["labels"]).sum().item()
    return correct


def predict_one(text):
    enc = tok(text, return_tensors="pt").to("cuda")
    return model(**enc).logits.softmax(-1)
