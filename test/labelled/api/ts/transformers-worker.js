// Web worker: runs a transformers.js classifier in the browser, loaded once and reused.
import { pipeline, env } from "@xenova/transformers";

env.allowLocalModels = false;

class PipelineSingleton {
  static task = "text-classification";
  static model = "Xenova/distilbert-base-uncased-finetuned-sst-2-english";
  static instance = null;

  static async getInstance(progress_callback = null) {
    if (this.instance === null) {
      this.instance = pipeline(this.task, this.model, { progress_callback });
    }
    return this.instance;
  }
}

self.addEventListener("message", async (event) => {
  const classifier = await PipelineSingleton.getInstance((x) => self.postMessage(x));
  const output = await classifier(event.data.text);
  self.postMessage({ status: "complete", output });
});

export async function classifyMany(texts) {
  const classifier = await PipelineSingleton.getInstance();
  return classifier(texts);
}
