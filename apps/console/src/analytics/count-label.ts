/** "1 conversation", "3 conversations": a count with its noun, for English labels shown to people. */
export const countOf = (count: number, singular: string, plural = `${singular}s`) => `${count} ${count === 1 ? singular : plural}`;
