// Website chat widget backend (Next.js pages router API) and a React hook that calls it.
import type { NextApiRequest, NextApiResponse } from "next";
import OpenAI from "openai";
import { useState } from "react";

const openai = new OpenAI();

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const completion = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    max_tokens: 400,
    messages: req.body.messages,
  });
  res.status(200).json(completion.choices[0].message);
}

export function useChat() {
  const [messages, setMessages] = useState<{ role: string; content: string }[]>([]);
  async function send(content: string) {
    const next = [...messages, { role: "user", content }];
    const r = await fetch("/api/chat", { method: "POST", body: JSON.stringify({ messages: next }) });
    setMessages([...next, await r.json()]);
  }
  return { messages, send, view: <div className="chat">{messages.length}</div> };
}
