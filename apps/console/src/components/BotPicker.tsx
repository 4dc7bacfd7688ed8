import { useBots } from '../session/bot-context.ts';

/** Only shown when the workspace has more than one bot. */
export function BotPicker() {
  const { bots, bot, selectBot } = useBots();
  if (bots.length < 2) return null;
  return (
    <label className="bot-picker">
      Bot
      <select value={bot?.id ?? ''} onChange={(event) => selectBot(event.target.value)}>
        {bots.map(({ id, name }) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
