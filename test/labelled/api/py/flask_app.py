"""Flask endpoint that rewrites product titles."""
from flask import Flask, jsonify, request
from openai import OpenAI
from transformers import pipeline

app = Flask(__name__)
client = OpenAI()
toxicity = pipeline("text-classification", model="unitary/toxic-bert")


@app.route("/rewrite", methods=["POST"])
def rewrite():
    title = request.json["title"]
    if toxicity(title)[0]["score"] > 0.8:
        return jsonify(error="rejected"), 400
    r = client.chat.completions.create(  # expect: api/unbounded-output
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": f"Rewrite this product title to be clearer: {title}"}],
    )
    return jsonify(title=r.choices[0].message.content)


@app.route("/classify", methods=["POST"])
def classify():
    r = client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=5,
        messages=[{"role": "user", "content": f"Is this title about electronics? Answer yes or no: {request.json['title']}"}],
    )
    return jsonify(answer=r.choices[0].message.content)
