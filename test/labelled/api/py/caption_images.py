"""Caption every image in a folder for the alt-text backfill."""
import sys
from pathlib import Path

import anthropic
import base64

client = anthropic.Anthropic()


def caption(path: Path) -> str:
    data = base64.standard_b64encode(path.read_bytes()).decode()
    msg = client.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=120,
        messages=[{
            "role": "user",
            "content": [
                {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": data}},
                {"type": "text", "text": "Write alt text for this image in one sentence."},
            ],
        }],
    )
    return msg.content[0].text


if __name__ == "__main__":
    for img in sorted(Path(sys.argv[1]).glob("*.jpg")):
        print(img.name, caption(img), sep="\t")  # expect: batching/unbatched-inference
