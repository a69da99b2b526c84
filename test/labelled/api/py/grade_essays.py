"""Grades student essays against the rubric, one essay per request."""
import csv
import sys

import anthropic
from openai import OpenAI

RUBRIC = """You are a strict but fair grader for first-year history essays.
Rule 1: when the essay paragraph concerns topic 1, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 2: when the essay paragraph concerns topic 2, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 3: when the essay paragraph concerns topic 3, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 4: when the essay paragraph concerns topic 4, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 5: when the essay paragraph concerns topic 5, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 6: when the essay paragraph concerns topic 6, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 7: when the essay paragraph concerns topic 7, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 8: when the essay paragraph concerns topic 8, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 9: when the essay paragraph concerns topic 9, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 10: when the essay paragraph concerns topic 10, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 11: when the essay paragraph concerns topic 11, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 12: when the essay paragraph concerns topic 12, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 13: when the essay paragraph concerns topic 13, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 14: when the essay paragraph concerns topic 14, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 15: when the essay paragraph concerns topic 15, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 16: when the essay paragraph concerns topic 16, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 17: when the essay paragraph concerns topic 17, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 18: when the essay paragraph concerns topic 18, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 19: when the essay paragraph concerns topic 19, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 20: when the essay paragraph concerns topic 20, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 21: when the essay paragraph concerns topic 21, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 22: when the essay paragraph concerns topic 22, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 23: when the essay paragraph concerns topic 23, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 24: when the essay paragraph concerns topic 24, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 25: when the essay paragraph concerns topic 25, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 26: when the essay paragraph concerns topic 26, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 27: when the essay paragraph concerns topic 27, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 28: when the essay paragraph concerns topic 28, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 29: when the essay paragraph concerns topic 29, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 30: when the essay paragraph concerns topic 30, quote the clause, name the source it cites, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Give a score from 0 to 20 and three sentences of feedback."""

claude = anthropic.Anthropic()
oai = OpenAI()


def grade(essay: str) -> str:
    msg = claude.messages.create(
        model="claude-3-7-sonnet-20250219",
        max_tokens=300,
        system=RUBRIC,  # expect: api/repeated-prefix-uncached
        messages=[{"role": "user", "content": essay}],
    )
    return msg.content[0].text


def grade_openai(essay: str) -> str:
    # OpenAI caches long prefixes automatically: nothing to enable
    r = oai.chat.completions.create(model="gpt-4o-mini", max_tokens=300, messages=[{"role": "system", "content": RUBRIC}, {"role": "user", "content": essay}])
    return r.choices[0].message.content


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        for row in csv.DictReader(f):
            print(row["student"], grade(row["essay"]), sep="\t")  # expect: batching/unbatched-inference
