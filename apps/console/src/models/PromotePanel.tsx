import { useState, type FormEvent } from 'react';
import { promoteVersion } from '../api/models.ts';
import type { Comparison } from '@parley/protocol';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { signedPoints } from '../lib/format.ts';
import { useAction } from '../lib/use-action.ts';

interface Props {
  botId: string;
  version: string;
  report: Comparison;
  isAdmin: boolean;
  alreadyLive: boolean;
  onPromoted(): void;
}

/** Promotion follows the gate; an admin may override a failed gate, giving a reason that is kept with the version. */
export function PromotePanel({ botId, version, report, isAdmin, alreadyLive, onPromoted }: Props) {
  const { gate } = report;
  const { busy, error, run } = useAction();
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState('');

  const promote = (overrideReason?: string) =>
    run(async () => {
      await promoteVersion(botId, version, overrideReason);
      setOverriding(false);
      onPromoted();
    });

  const submitOverride = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) void promote(reason.trim());
  };

  if (alreadyLive) return <p className="gate gate-passed">Version {version} is live.</p>;
  return (
    <div className="promote-panel">
      {gate.measures ? (
        // The measures table in the report below says which measure moved by how much.
        <p className={`gate ${gate.passed ? 'gate-passed' : 'gate-failed'}`}>
          Gate {gate.passed ? 'passed' : 'failed'}: {gate.reason}.
        </p>
      ) : gate.passed ? (
        <p className="gate gate-passed">
          Gate passed: macro-F1 change {signedPoints(-gate.macroF1Drop)} (at most {signedPoints(-gate.maxMacroF1Drop)} allowed).
        </p>
      ) : (
        <p className="gate gate-failed">
          Gate failed: {gate.reason} The promotion gate allows macro-F1 to drop by at most {signedPoints(gate.maxMacroF1Drop).slice(1)}.
        </p>
      )}
      {isAdmin && (
        <div className="button-row">
          <button type="button" className="primary" disabled={busy || !gate.passed} onClick={() => void promote()}>
            Promote
          </button>
          {!gate.passed && (
            <button type="button" className="danger" onClick={() => setOverriding(true)}>
              Override and promote
            </button>
          )}
        </div>
      )}
      {!overriding && <ErrorMessage error={error} />}
      {overriding && (
        <Dialog title={`Promote ${version} despite the failed gate`} onClose={() => setOverriding(false)}>
          <form className="dialog-body stack" onSubmit={submitOverride}>
            <p>{gate.reason}</p>
            <label>
              Override reason
              <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} required maxLength={500} />
            </label>
            <ErrorMessage error={error} />
            <div className="dialog-actions">
              <button type="submit" className="danger" disabled={busy || !reason.trim()}>
                Override and promote
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </div>
  );
}
