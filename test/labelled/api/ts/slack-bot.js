// Slack bot that answers questions in threads.
const { App } = require("@slack/bolt");
const OpenAI = require("openai");

const app = new App({ token: process.env.SLACK_BOT_TOKEN, signingSecret: process.env.SLACK_SIGNING_SECRET });
const openai = new OpenAI();

app.message(async ({ message, say }) => {
  const completion = await openai.chat.completions.create({ // expect: api/unbounded-output
    model: "gpt-4o-mini",
    messages: [
      { role: "system", content: "You are a helpful assistant for the engineering team." },
      { role: "user", content: message.text },
    ],
  });
  await say({ text: completion.choices[0].message.content, thread_ts: message.ts });
});

app.command("/summarise", async ({ command, ack, respond }) => {
  await ack();
  const r = await openai.responses.create({ model: "gpt-4.1-mini", input: `Summarise: ${command.text}`, max_output_tokens: 300 });
  await respond(r.output_text);
});

(async () => {
  await app.start(process.env.PORT || 3000);
})();
