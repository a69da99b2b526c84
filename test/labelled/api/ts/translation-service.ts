// Translates product catalogues; used by the CMS import job and by the storefront on demand.
import pMap from "p-map";
import { AzureOpenAI } from "openai";

export class TranslationService {
  private client: AzureOpenAI;

  constructor(endpoint: string, apiKey: string) {
    this.client = new AzureOpenAI({ endpoint, apiKey, apiVersion: "2024-10-21" });
  }

  async translate(text: string, target: string): Promise<string> {
    const r = await this.client.chat.completions.create({
      model: "gpt-4o",
      max_tokens: 1000,
      messages: [
        { role: "system", content: `Translate the user's text into ${target}. Keep HTML tags unchanged.` },
        { role: "user", content: text },
      ],
    });
    return r.choices[0].message.content ?? text;
  }

  async translateCatalogue(items: { id: string; html: string }[], target: string) {
    return pMap(items, (item) => this.translate(item.html, target), { concurrency: 8 }); // expect: batching/unbatched-inference
  }
}
