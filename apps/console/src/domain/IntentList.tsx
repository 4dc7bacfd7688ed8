import { NavLink } from 'react-router-dom';
import type { IntentInfo } from '@parley/protocol';

export function IntentList({ intents }: { intents: IntentInfo[] }) {
  return (
    <ul className="intent-list" aria-label="Intents">
      {intents.map(({ name, displayName, trainExamples, testExamples, answer }) => (
        <li key={name}>
          <NavLink to={`/domain/${encodeURIComponent(name)}`}>
            <span className="intent-name">{name}</span>
            {displayName && <span className="muted"> · {displayName}</span>}
            <span className="intent-counts muted">
              {trainExamples} train · {testExamples} test · {answer ? 'has answer' : 'no answer'}
            </span>
          </NavLink>
        </li>
      ))}
    </ul>
  );
}
