"""Score a CSV of tweets with a local model, loaded once."""
import sys

import pandas as pd
import torch
from transformers import pipeline

clf = pipeline(
    "sentiment-analysis",
    model="cardiffnlp/twitter-roberta-base-sentiment-latest",
    device=0 if torch.cuda.is_available() else -1,
    torch_dtype=torch.float16,
)


def score(path):
    df = pd.read_csv(path)
    results = clf(df["text"].tolist(), batch_size=64, truncation=True)
    df["label"] = [r["label"] for r in results]
    return df


if __name__ == "__main__":
    score(sys.argv[1]).to_csv(sys.stdout, index=False)
