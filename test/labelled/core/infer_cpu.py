from transformers import AutoModelForSequenceClassification, AutoTokenizer

tok = AutoTokenizer.from_pretrained("distilbert-base-uncased-finetuned-sst-2-english")
model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased-finetuned-sst-2-english")
model.to("cpu")


def sentiment(texts):
    batch = tok(texts, return_tensors="pt", padding=True, truncation=True)
    return model(**batch).logits.softmax(-1)[:, 1].tolist()  # expect: grad/no-grad-inference
