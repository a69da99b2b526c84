"""Streamlit demo: summarise pasted text with a local model."""
import streamlit as st
from transformers import pipeline


@st.cache_resource
def load_summarizer():
    return pipeline("summarization", model="facebook/bart-large-cnn")


summarizer = load_summarizer()
text = st.text_area("Text to summarise")
if st.button("Summarise") and text:
    st.write(summarizer(text, max_length=120)[0]["summary_text"])
