// Builds a vector index of the docs folder and answers queries against it.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { OpenAI } from "openai";

const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
const EMBEDDING_MODEL = "text-embedding-3-small";

interface Chunk {
  file: string;
  text: string;
  vector?: number[];
}

async function loadChunks(dir: string): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for (const name of await readdir(dir)) {
    const body = await readFile(join(dir, name), "utf8");
    for (const para of body.split("\n\n")) if (para.trim()) chunks.push({ file: name, text: para.trim() });
  }
  return chunks;
}

export async function buildIndex(dir: string): Promise<Chunk[]> {
  const chunks = await loadChunks(dir);
  for (const chunk of chunks) {
    const res = await client.embeddings.create({ model: EMBEDDING_MODEL, input: chunk.text }); // expect: batching/unbatched-inference
    chunk.vector = res.data[0].embedding;
  }
  return chunks;
}

export async function embedQueries(queries: string[]): Promise<number[][]> {
  const res = await client.embeddings.create({ model: EMBEDDING_MODEL, input: queries });
  return res.data.map((d) => d.embedding);
}

export async function answer(question: string, context: Chunk[]): Promise<string> {
  const completion = await client.chat.completions.create({
    model: "gpt-4o-mini",
    temperature: 0.2,
    max_tokens: 600,
    messages: [
      { role: "system", content: "Answer using only the context. Cite the file names you used." },
      { role: "user", content: `Context:\n${context.map((c) => `[${c.file}] ${c.text}`).join("\n")}\n\nQuestion: ${question}` },
    ],
  });
  return completion.choices[0].message.content ?? "";
}
