// Classifies feedback with the Vercel AI SDK.
import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";

export async function classifyFeedback(entries: string[]) {
  const out: string[] = [];
  for (const entry of entries) {
    const { text } = await generateText({ // expect: batching/unbatched-inference
      model: openai("gpt-4o"), // expect: model/oversized
      maxTokens: 3,
      prompt: `Classify this feedback as one of: bug, feature, praise. Reply with one word.\n\n${entry}`,
    });
    out.push(text.trim());
  }
  return out;
}
