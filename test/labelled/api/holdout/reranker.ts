// Search reranker: scores each candidate passage for relevance with an LLM.
import OpenAI from "openai";

const llm = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL });

type Passage = { id: string; text: string };

async function relevance(query: string, passage: Passage): Promise<number> {
  const r = await llm.chat.completions.create({
    model: "o1", // expect: model/oversized
    max_completion_tokens: 2,
    messages: [{ role: "user", content: `Query: ${query}\nPassage: ${passage.text}\nIs the passage relevant? Answer yes or no.` }],
  });
  return r.choices[0].message.content?.toLowerCase().includes("yes") ? 1 : 0;
}

export async function rerank(query: string, passages: Passage[]) {
  const scores = await Promise.all(passages.map((p) => relevance(query, p))); // expect: batching/unbatched-inference
  return passages.map((p, i) => ({ ...p, score: scores[i] })).sort((a, b) => b.score - a.score);
}
