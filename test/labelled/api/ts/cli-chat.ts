#!/usr/bin/env node
// Terminal chat with streaming output.
import * as readline from "node:readline/promises";
import { stdin as input, stdout as output } from "node:process";
import OpenAI from "openai";

const openai = new OpenAI();

async function main() {
  const rl = readline.createInterface({ input, output });
  const history: OpenAI.ChatCompletionMessageParam[] = [{ role: "system", content: "You are a helpful assistant." }];
  for await (const line of rl) {
    history.push({ role: "user", content: line });
    const stream = await openai.chat.completions.create({ model: "gpt-4o", messages: history, stream: true }); // expect: api/unbounded-output
    let text = "";
    for await (const part of stream) {
      text += part.choices[0]?.delta?.content ?? "";
      output.write(part.choices[0]?.delta?.content ?? "");
    }
    history.push({ role: "assistant", content: text });
    output.write("\n> ");
  }
}

main();
