// app/api/analyse/route.ts — Next.js route handler: sentiment locally, a short explanation from OpenAI.
import { NextResponse } from "next/server";
import OpenAI from "openai";
import { pipeline } from "@huggingface/transformers";

const openai = new OpenAI();

export async function POST(request: Request) {
  const { text } = await request.json();
  const sentiment = await pipeline("sentiment-analysis", "Xenova/distilbert-base-uncased-finetuned-sst-2-english"); // expect: model/reload-in-loop
  const [result] = await sentiment(text);
  const explanation = await openai.chat.completions.create({ // expect: api/unbounded-output
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: `Explain briefly why this text reads as ${result.label}: ${text}` }],
  });
  return NextResponse.json({ label: result.label, score: result.score, why: explanation.choices[0].message.content });
}
