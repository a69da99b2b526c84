// CLI: generates alt text for every image in a directory with a local transformers.js captioner.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "@huggingface/transformers";

async function caption(file: string) {
  const captioner = await pipeline("image-to-text", "Xenova/vit-gpt2-image-captioning");
  const [out] = (await captioner(file)) as { generated_text: string }[];
  return out.generated_text;
}

const dir = process.argv[2];
for (const name of await readdir(dir)) {
  if (!name.endsWith(".jpg")) continue;
  console.log(name, await caption(join(dir, name))); // expect: model/reload-in-loop, batching/unbatched-inference
}
