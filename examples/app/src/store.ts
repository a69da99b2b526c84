// A stand-in for the database layer of the example.
export interface Review {
  id: string;
  text: string;
}

export async function loadNewReviews(): Promise<Review[]> {
  return [];
}

export async function saveTags(_tags: Record<string, string>): Promise<void> {}

export async function saveEmbeddings(_rows: { id: string; vector: number[] }[]): Promise<void> {}
