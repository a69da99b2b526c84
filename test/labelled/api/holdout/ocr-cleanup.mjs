// Cleans OCR output page by page with Claude, then joins the pages.
import Anthropic from "@anthropic-ai/sdk";
import { readFile, writeFile } from "node:fs/promises";

const client = new Anthropic();

const pages = JSON.parse(await readFile(process.argv[2], "utf8"));
const cleaned = [];
for (const page of pages) {
  const msg = await client.messages.create({ // expect: batching/unbatched-inference
    model: "claude-3-5-haiku-latest",
    max_tokens: 4096,
    messages: [{ role: "user", content: `Fix OCR errors, keep the wording:\n\n${page.text}` }],
  });
  cleaned.push(msg.content[0].text);
}
await writeFile("cleaned.txt", cleaned.join("\n\n"));
