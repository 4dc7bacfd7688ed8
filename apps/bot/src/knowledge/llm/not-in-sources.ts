/**
 * What the model replies, and nothing else, when the passages do not answer the question. A fixed token in any
 * language is easy to tell from an answer, where a phrase like "I don't know" is not.
 */
export const NOT_IN_SOURCES = 'NOT_IN_SOURCES';

/** Whether a reply says the passages do not cover the question (models sometimes wrap the marker in words). */
export const saysNotInSources = (reply: string): boolean => reply.toUpperCase().includes(NOT_IN_SOURCES);

/** Whether a reply that opens like this is, or may yet turn out to be, the marker. */
const mayBeMarker = (opening: string): boolean => {
  const text = opening.trimStart().toUpperCase();
  return NOT_IN_SOURCES.startsWith(text) || text.startsWith(NOT_IN_SOURCES);
};

/**
 * Passes streamed tokens on, except a reply that opens with the marker: that reply is held back, so a customer
 * never sees "NOT_IN_SOURCES" flash by before the caller replaces it with its fallback. Tokens are held only while
 * the reply so far could still become the marker, which for an ordinary answer is its first token or two.
 */
export function createMarkerGate(emit: (token: string) => void): { push(token: string): void; end(): void } {
  let held = '';
  let passing = false;
  return {
    push(token) {
      if (passing) return emit(token);
      held += token;
      if (mayBeMarker(held)) return;
      passing = true;
      emit(held);
    },
    end() {
      if (passing || held.trim() === '' || saysNotInSources(held)) return;
      emit(held);
    },
  };
}
