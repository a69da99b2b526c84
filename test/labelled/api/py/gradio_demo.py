"""Semantic search demo over the FAQ."""
import gradio as gr
import numpy as np
from sentence_transformers import SentenceTransformer

FAQ = [line.strip() for line in open("faq.txt") if line.strip()]


def search(query, k=3):
    model = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")  # expect: model/reload-in-loop
    doc_vecs = model.encode(FAQ, normalize_embeddings=True)
    q = model.encode([query], normalize_embeddings=True)[0]
    best = np.argsort(-doc_vecs @ q)[:k]
    return "\n\n".join(FAQ[i] for i in best)


demo = gr.Interface(fn=search, inputs="text", outputs="text", title="FAQ search")

if __name__ == "__main__":
    demo.launch()
