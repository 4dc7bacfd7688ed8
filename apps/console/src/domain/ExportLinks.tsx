import { exportUrl } from '../api/domain.ts';
import type { TrainingTask } from '@parley/protocol';

const TASKS: TrainingTask[] = ['intent', 'sentiment'];

export function ExportLinks({ botId }: { botId: string }) {
  return (
    <section aria-labelledby="export-title">
      <h3 id="export-title">Export examples</h3>
      <ul className="export-links">
        {TASKS.map((task) => (
          <li key={task}>
            {task}:{' '}
            <a href={exportUrl(botId, task, 'jsonl')} download>
              Export {task} JSONL
            </a>{' '}
            ·{' '}
            <a href={exportUrl(botId, task, 'csv')} download>
              Export {task} CSV
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
