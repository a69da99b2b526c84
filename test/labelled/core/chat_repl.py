import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

tok = AutoTokenizer.from_pretrained("meta-llama/Llama-3.2-3B-Instruct")
model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.2-3B-Instruct", torch_dtype=torch.bfloat16).cuda()

history = []
while True:
    user = input("you> ")
    if user == "/quit":
        break
    history.append({"role": "user", "content": user})
    ids = tok.apply_chat_template(history, add_generation_prompt=True, return_tensors="pt").cuda()
    out = model.generate(ids, max_new_tokens=512)
    reply = tok.decode(out[0, ids.shape[1]:], skip_special_tokens=True)
    history.append({"role": "assistant", "content": reply})
    print(reply)
