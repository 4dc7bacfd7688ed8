import type { OperatorRef } from '@parley/protocol';

export function TypingIndicator({ typists }: { typists: (OperatorRef | 'customer')[] }) {
  const names = typists.map((typist) => (typist === 'customer' ? 'The customer' : typist.name));
  return (
    <p className="typing muted" aria-live="polite">
      {names.length > 0 && `${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'} typing…`}
    </p>
  );
}
