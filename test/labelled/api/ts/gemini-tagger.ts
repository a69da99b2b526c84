// Tags product listings with a category using Gemini.
import { GoogleGenerativeAI } from "@google/generative-ai";
import { loadListings, saveTags } from "./store";

const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY!);
const model = genAI.getGenerativeModel({ model: "gemini-1.5-pro" }); // expect: model/oversized

const CATEGORIES = "electronics, clothing, home, toys, sports, books";

export async function tagAll() {
  const listings = await loadListings();
  const tags: Record<string, string> = {};
  for (const listing of listings) {
    const prompt = `Classify this product into one of: ${CATEGORIES}. Reply with the category only.\n\n${listing.title}\n${listing.description}`;
    const result = await model.generateContent(prompt); // expect: batching/unbatched-inference, api/unbounded-output
    tags[listing.id] = result.response.text().trim();
  }
  await saveTags(tags);
}
