"""A console chat with Gemini, and a yes/no spam check used by the mail hook."""
from google import genai
from google.genai import types

client = genai.Client()


def chat():
    session = client.chats.create(model="gemini-2.5-flash")
    while True:
        text = input("you> ")
        if text in {"exit", "quit"}:
            break
        print("gemini>", session.send_message(text).text)


def is_spam(subject: str, body: str) -> bool:
    r = client.models.generate_content(
        model="gemini-2.5-pro",  # expect: model/oversized
        contents=f"Is this email spam? Answer yes or no.\nSubject: {subject}\n\n{body}",
        config=types.GenerateContentConfig(max_output_tokens=3, temperature=0),
    )
    return r.text.strip().lower().startswith("yes")


def summarise(body: str) -> str:
    r = client.models.generate_content(model="gemini-2.5-flash", contents=f"Summarise:\n{body}")  # expect: api/unbounded-output
    return r.text
