// The shop assistant's HTTP API.
import express from "express";
import Anthropic from "@anthropic-ai/sdk";
import { pipeline } from "@huggingface/transformers";
import { openai } from "./clients.js";
import { SUPPORT_PROMPT, TRIAGE_PROMPT } from "./prompts.js";

const anthropic = new Anthropic();
const app = express();
app.use(express.json());

// Loaded once at start-up and reused by every request: fine.
const sentiment = await pipeline("sentiment-analysis", "Xenova/distilbert-base-uncased-finetuned-sst-2-english");

// Chat: one request per user message is what an interactive chat needs (not a batching problem).
app.post("/chat", async (req, res) => {
  const { history, message } = req.body as { history: Anthropic.MessageParam[]; message: string };
  const reply = await anthropic.messages.create({
    model: "claude-sonnet-4-20250514",
    max_tokens: 600,
    system: SUPPORT_PROMPT, // api/repeated-prefix-uncached: a ~2,000-token prefix re-sent on every message
    messages: [...history, { role: "user", content: message }],
  });
  res.json({ reply: reply.content });
});

// Triage: a yes/no answer from a large model (model/oversized).
app.post("/triage", async (req, res) => {
  const r = await openai.chat.completions.create({
    model: "gpt-4o",
    max_completion_tokens: 1,
    messages: [
      { role: "system", content: TRIAGE_PROMPT },
      { role: "user", content: String(req.body.text) },
    ],
  });
  res.json({ complaint: r.choices[0].message.content?.toLowerCase().startsWith("y") ?? false });
});

// Sentiment with the model loaded above: clean.
app.post("/sentiment", async (req, res) => {
  res.json(await sentiment(String(req.body.text)));
});

// Keywords: the extractor is loaded again on every request (model/reload-in-loop).
app.post("/keywords", async (req, res) => {
  const ner = await pipeline("token-classification", "Xenova/bert-base-NER");
  res.json(await ner(String(req.body.text)));
});

// Product copy: no output limit (api/unbounded-output).
app.post("/describe", async (req, res) => {
  const r = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: `Write a product description for: ${req.body.name}` }],
  });
  res.json({ text: r.choices[0].message.content });
});

app.listen(8080);
