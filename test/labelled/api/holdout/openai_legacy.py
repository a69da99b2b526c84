"""Old script still on openai<1.0: tags support emails."""
import csv

import openai

openai.api_key_path = "key.txt"


def tag(email):
    r = openai.ChatCompletion.create(  # expect: api/unbounded-output
        model="gpt-4",  # expect: model/oversized
        messages=[
            {"role": "system", "content": "Categorize the email. Reply with exactly one of: billing, technical, sales."},
            {"role": "user", "content": email},
        ],
    )
    return r["choices"][0]["message"]["content"]


with open("emails.csv") as f:
    for row in csv.DictReader(f):
        print(row["id"], tag(row["body"]))  # expect: batching/unbatched-inference
