// Keeps the pgvector table in sync with the articles table.
import OpenAI from "openai";
import { sql } from "./db";

const openai = new OpenAI();
const BATCH = 100;

export async function syncEmbeddings() {
  const rows = await sql<{ id: number; body: string }[]>`select id, body from articles where embedding is null`;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const res = await openai.embeddings.create({ model: "text-embedding-3-small", input: batch.map((r) => r.body) });
    await Promise.all(res.data.map((d, j) => sql`update articles set embedding = ${JSON.stringify(d.embedding)} where id = ${batch[j].id}`));
  }
}
