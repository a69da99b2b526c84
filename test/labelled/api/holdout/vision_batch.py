"""Describe product photos with GPT-4o vision for the catalogue."""
import base64
import pathlib

from openai import OpenAI

client = OpenAI()
MAX_TOKENS = 150

for path in sorted(pathlib.Path("photos").glob("*.png")):
    b64 = base64.b64encode(path.read_bytes()).decode()
    resp = client.chat.completions.create(  # expect: batching/unbatched-inference
        model="gpt-4o",
        max_tokens=MAX_TOKENS,
        messages=[{"role": "user", "content": [
            {"type": "text", "text": "Describe this product photo for a catalogue."},
            {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{b64}"}},
        ]}],
    )
    print(path.name, resp.choices[0].message.content)
