// Nightly job: tags new reviews and refreshes the search embeddings.
import OpenAI from "openai";
import { loadNewReviews, saveEmbeddings, saveTags } from "./store.js";

const client = new OpenAI();

export async function tagReviews() {
  const reviews = await loadNewReviews();
  const tags: Record<string, string> = {};
  for (const review of reviews) {
    // one request per review over the whole table (batching/unbatched-inference): the Batch API halves the price
    const r = await client.chat.completions.create({
      model: "gpt-4o-mini",
      max_completion_tokens: 5,
      messages: [{ role: "user", content: `Tag this review as praise, complaint or question:\n${review.text}` }],
    });
    tags[review.id] = r.choices[0].message.content ?? "";
  }
  await saveTags(tags);
}

export async function refreshEmbeddings() {
  const reviews = await loadNewReviews();
  // one request for all texts: clean (the loop only builds the input)
  const inputs: string[] = [];
  for (const review of reviews) inputs.push(review.text.slice(0, 2000));
  const res = await client.embeddings.create({ model: "text-embedding-3-small", input: inputs });
  await saveEmbeddings(reviews.map((r, i) => ({ id: r.id, vector: res.data[i].embedding })));
}
