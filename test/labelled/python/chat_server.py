"""A small FastAPI chat endpoint: one request per call is the nature of serving."""
import torch
from fastapi import FastAPI
from pydantic import BaseModel
from transformers import AutoModelForCausalLM, AutoTokenizer

app = FastAPI()
tok = AutoTokenizer.from_pretrained("Qwen/Qwen2.5-7B-Instruct")
llm = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-7B-Instruct", torch_dtype=torch.bfloat16, device_map="auto")


class Ask(BaseModel):
    question: str


@app.post("/chat")
def chat(req: Ask):
    msgs = [{"role": "user", "content": req.question}]
    ids = tok.apply_chat_template(msgs, add_generation_prompt=True, return_tensors="pt").to(llm.device)
    out = llm.generate(ids, max_new_tokens=512)
    return {"answer": tok.decode(out[0][ids.shape[1]:], skip_special_tokens=True)}
