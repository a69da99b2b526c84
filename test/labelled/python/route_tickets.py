"""Routes support tickets to one of five queues with a 70B model."""
from vllm import LLM, SamplingParams

QUEUES = ["billing", "bug", "account", "feature", "other"]
PROMPT = "Classify the ticket into one of {queues}. Answer with the queue name only.\n\nTicket: {ticket}\nQueue:"

llm = LLM(model="meta-llama/Llama-3.1-70B-Instruct", tensor_parallel_size=4)  # expect: model/oversized, quant/no-quantization-inference
params = SamplingParams(max_tokens=3, temperature=0.0)

tickets = [line.strip() for line in open("tickets.txt")]
outputs = llm.generate([PROMPT.format(queues=QUEUES, ticket=t) for t in tickets], params)
for t, o in zip(tickets, outputs):
    print(o.outputs[0].text.strip(), "|", t[:60])
