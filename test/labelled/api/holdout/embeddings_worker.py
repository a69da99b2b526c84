"""Celery task that embeds a newly uploaded document."""
from celery import Celery
from sentence_transformers import SentenceTransformer

app = Celery("tasks", broker="redis://localhost:6379/0")


@app.task
def embed_document(doc_id: int, paragraphs: list[str]):
    model = SentenceTransformer("BAAI/bge-small-en-v1.5")  # expect: model/reload-in-loop
    vectors = model.encode(paragraphs, batch_size=64, normalize_embeddings=True)
    return {"id": doc_id, "vectors": vectors.tolist()}
