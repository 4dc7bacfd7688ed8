import { useId } from 'react';
import type { BuiltinSwitches } from '@parley/protocol';

interface Props {
  value: BuiltinSwitches;
  editable: boolean;
  onChange(value: BuiltinSwitches): void;
}

const SWITCHES: { key: keyof BuiltinSwitches; name: string; hint: string }[] = [
  {
    key: 'smallTalk',
    name: 'Built-in small talk',
    hint: 'Every model also learns greetings, thanks, goodbyes, “are you a bot?” and “ok” in English and Chinese, answered with the replies above.',
  },
  {
    key: 'background',
    name: 'Out-of-scope background',
    hint: "Every model also learns other domains' messages and keyboard mash as not its business, so the bot falls back instead of guessing.",
  },
];

/** What every model of the bot also trains on; unlike the texts, a change applies from the next retrain. */
export function BuiltinsFieldset({ value, editable, onChange }: Props) {
  const id = useId();
  return (
    <fieldset className="stack">
      <legend>Built-in training data</legend>
      {SWITCHES.map(({ key, name, hint }) => (
        <div key={key}>
          <label className="radio">
            <input
              type="checkbox"
              checked={value[key]}
              disabled={!editable}
              aria-describedby={`${id}-${key}`}
              onChange={(event) => onChange({ ...value, [key]: event.target.checked })}
            />{' '}
            {name}
          </label>
          <p id={`${id}-${key}`} className="hint">
            {hint}
          </p>
        </div>
      ))}
      <p className="muted">A change takes effect at the next retrain.</p>
    </fieldset>
  );
}
