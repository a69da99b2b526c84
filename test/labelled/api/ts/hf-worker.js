// Background worker: tags incoming support tickets with the Hugging Face Inference API.
const { HfInference } = require("@huggingface/inference");
const db = require("./db");

const hf = new HfInference(process.env.HF_TOKEN);
const LABELS = ["billing", "shipping", "returns", "technical", "other"];

async function tagPending() {
  const tickets = await db.pendingTickets();
  for (const ticket of tickets) {
    const out = await hf.zeroShotClassification({ // expect: batching/unbatched-inference
      model: "facebook/bart-large-mnli",
      inputs: ticket.subject + "\n" + ticket.body,
      parameters: { candidate_labels: LABELS },
    });
    await db.setTag(ticket.id, out[0].labels[0]);
  }
}

async function suggestReply(ticket) {
  const r = await hf.chatCompletion({ // expect: api/unbounded-output
    model: "meta-llama/Llama-3.1-8B-Instruct",
    messages: [{ role: "user", content: `Suggest a reply to: ${ticket.body}` }],
  });
  return r.choices[0].message.content;
}

module.exports = { tagPending, suggestReply };
