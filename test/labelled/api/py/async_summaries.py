"""Summarise meeting transcripts concurrently with a semaphore."""
import asyncio
import sys
from pathlib import Path

from anthropic import AsyncAnthropic

client = AsyncAnthropic()
sem = asyncio.Semaphore(5)


async def summarise(path: Path) -> str:
    async with sem:
        msg = await client.messages.create(
            model="claude-3-5-haiku-latest",
            max_tokens=400,
            messages=[{"role": "user", "content": f"Summarise this meeting:\n\n{path.read_text()}"}],
        )
    return msg.content[0].text


async def main(folder: str):
    files = sorted(Path(folder).glob("*.txt"))
    summaries = await asyncio.gather(*(summarise(p) for p in files))  # expect: batching/unbatched-inference
    for p, s in zip(files, summaries):
        print(f"## {p.stem}\n{s}\n")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
