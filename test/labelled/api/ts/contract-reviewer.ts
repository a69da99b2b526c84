// Contract review helper: extracts obligations from each uploaded contract with Claude.
import Anthropic from "@anthropic-ai/sdk";

const REVIEW_GUIDE = `You are a contract analyst. Read the contract and list every obligation as JSON.
Rule 1: when the contract clause concerns topic 1, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 2: when the contract clause concerns topic 2, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 3: when the contract clause concerns topic 3, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 4: when the contract clause concerns topic 4, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 5: when the contract clause concerns topic 5, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 6: when the contract clause concerns topic 6, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 7: when the contract clause concerns topic 7, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 8: when the contract clause concerns topic 8, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 9: when the contract clause concerns topic 9, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 10: when the contract clause concerns topic 10, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 11: when the contract clause concerns topic 11, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 12: when the contract clause concerns topic 12, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 13: when the contract clause concerns topic 13, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 14: when the contract clause concerns topic 14, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 15: when the contract clause concerns topic 15, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 16: when the contract clause concerns topic 16, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 17: when the contract clause concerns topic 17, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 18: when the contract clause concerns topic 18, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 19: when the contract clause concerns topic 19, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 20: when the contract clause concerns topic 20, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 21: when the contract clause concerns topic 21, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 22: when the contract clause concerns topic 22, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 23: when the contract clause concerns topic 23, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 24: when the contract clause concerns topic 24, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 25: when the contract clause concerns topic 25, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 26: when the contract clause concerns topic 26, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 27: when the contract clause concerns topic 27, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 28: when the contract clause concerns topic 28, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 29: when the contract clause concerns topic 29, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Rule 30: when the contract clause concerns topic 30, quote the clause, name the party it binds, state the deadline if any, and flag ambiguous wording such as 'reasonable efforts' or 'promptly'.
Return only JSON.`;

export class ContractReviewer {
  constructor(private readonly client = new Anthropic()) {}

  async review(contract: string) {
    const res = await this.client.messages.create({
      model: "claude-sonnet-4-20250514",
      max_tokens: 4000,
      system: REVIEW_GUIDE, // expect: api/repeated-prefix-uncached
      messages: [{ role: "user", content: contract }],
    });
    return JSON.parse(res.content[0].type === "text" ? res.content[0].text : "[]");
  }

  async reviewCached(contract: string) {
    return this.client.messages.create({
      model: "claude-sonnet-4-20250514",
      max_tokens: 4000,
      system: [{ type: "text", text: REVIEW_GUIDE, cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: contract }],
    });
  }
}
