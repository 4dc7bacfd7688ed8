import { useState, type FormEvent } from 'react';
import { fetchOperators } from '../api/workspace.ts';
import { useLoad } from '../lib/use-load.ts';

interface Props {
  currentAssigneeId: string | null;
  busy: boolean;
  onAssign(operatorId: string): void;
}

export function AssignControl({ currentAssigneeId, busy, onAssign }: Props) {
  const { data, error } = useLoad(() => fetchOperators(), []);
  const [choice, setChoice] = useState('');
  const colleagues = data?.operators ?? [];
  const selected = choice || colleagues.find(({ id }) => id !== currentAssigneeId)?.id || '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (selected) onAssign(selected);
  };

  return (
    <form className="assign" onSubmit={submit}>
      <label>
        Assign to
        <select value={selected} onChange={(e) => setChoice(e.target.value)} disabled={colleagues.length === 0}>
          {colleagues.length === 0 && <option value="">{error ? 'Colleagues unavailable' : 'Loading…'}</option>}
          {colleagues.map(({ id, displayName, role }) => (
            <option key={id} value={id}>
              {displayName} ({role})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy || !selected}>
        Assign
      </button>
    </form>
  );
}
