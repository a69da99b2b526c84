// A small tool-using agent and helpers around it. Everything here is sized and bounded on purpose.
import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";

const client = new OpenAI();

const tools: OpenAI.ChatCompletionTool[] = [
  { type: "function", function: { name: "search", parameters: { type: "object", properties: { q: { type: "string" } } } } },
];

export async function runAgent(task: string, search: (q: string) => Promise<string>) {
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: task }];
  for (let step = 0; step < 8; step++) {
    const r = await client.chat.completions.create({ model: "gpt-4.1", max_completion_tokens: 1500, messages, tools });
    const msg = r.choices[0].message;
    messages.push(msg);
    if (!msg.tool_calls?.length) return msg.content;
    for (const call of msg.tool_calls) {
      const args = JSON.parse(call.function.arguments);
      messages.push({ role: "tool", tool_call_id: call.id, content: await search(args.q) });
    }
  }
  return null;
}

const Priority = z.object({ priority: z.enum(["low", "medium", "high"]) });

export async function prioritise(issue: string) {
  const r = await client.chat.completions.parse({
    model: "gpt-4o-mini",
    max_completion_tokens: 20,
    messages: [{ role: "user", content: issue }],
    response_format: zodResponseFormat(Priority, "priority"),
  });
  return r.choices[0].message.parsed;
}

export async function withRetries(prompt: string) {
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await client.responses.create({ model: "gpt-4.1-mini", input: prompt, max_output_tokens: 400 });
    } catch (e) {
      lastError = e;
      await new Promise((r) => setTimeout(r, 2 ** attempt * 250));
    }
  }
  throw lastError;
}
