"""Label the product reviews export with a sentiment, for the quarterly dashboard."""
import argparse

import pandas as pd
from openai import OpenAI
from tqdm import tqdm

client = OpenAI()

INSTRUCTIONS = (
    "Classify the sentiment of the customer review. "
    "Respond with exactly one of: positive, negative, neutral."
)


def label(review: str) -> str:
    resp = client.chat.completions.create(
        model="gpt-4o",  # expect: model/oversized
        temperature=0,
        max_tokens=2,
        messages=[
            {"role": "system", "content": INSTRUCTIONS},
            {"role": "user", "content": review},
        ],
    )
    return resp.choices[0].message.content.strip().lower()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    args = ap.parse_args()
    df = pd.read_csv(args.csv)
    labels = []
    for _, row in tqdm(df.iterrows(), total=len(df)):
        labels.append(label(row["review_text"]))  # expect: batching/unbatched-inference
    df["sentiment"] = labels
    df.to_csv(args.csv.replace(".csv", ".labelled.csv"), index=False)


if __name__ == "__main__":
    main()
