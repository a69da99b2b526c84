// Nightly moderation pass over the comments exported from the forum database.
import fs from "node:fs";
import OpenAI from "openai";

const openai = new OpenAI();

const PROMPT = "You are a content moderator. Does the following comment contain harassment or hate speech? Answer yes or no.";

async function isHarmful(comment) {
  const res = await openai.chat.completions.create({
    model: "gpt-4-turbo", // expect: model/oversized
    max_tokens: 1,
    temperature: 0,
    messages: [
      { role: "system", content: PROMPT },
      { role: "user", content: comment.body },
    ],
  });
  return res.choices[0].message.content.trim().toLowerCase().startsWith("y");
}

async function main() {
  const comments = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const flags = await Promise.all(comments.map((c) => isHarmful(c))); // expect: batching/unbatched-inference
  const flagged = comments.filter((_, i) => flags[i]);
  fs.writeFileSync("flagged.json", JSON.stringify(flagged, null, 2));
  console.log(`${flagged.length} of ${comments.length} comments flagged`);
}

main();
