// Shared API clients: constructing a client is cheap (no weights), so a per-module singleton is only tidiness.
import OpenAI from "openai";

export const openai = new OpenAI();
