from vllm import LLM, SamplingParams

llm = LLM(model="Qwen/Qwen2.5-72B-Instruct", tensor_parallel_size=4, dtype="bfloat16")  # expect: quant/no-quantization-inference
params = SamplingParams(temperature=0.7, max_tokens=512)


def summarise(docs):
    prompts = [f"Summarise:\n{d}" for d in docs]
    return [o.outputs[0].text for o in llm.generate(prompts, params)]
