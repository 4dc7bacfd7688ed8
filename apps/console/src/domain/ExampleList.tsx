import { fetchExamples } from '../api/domain.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Loading } from '../components/Loading.tsx';
import { useLoad } from '../lib/use-load.ts';
import { AddExampleForm } from './AddExampleForm.tsx';
import { ExampleRow } from './ExampleRow.tsx';

const PAGE_SIZE = 100;

interface Props {
  botId: string;
  intent: string;
  editable: boolean;
  /** The intent's counts changed: the list of intents re-reads them. */
  onCountsChanged(): void;
}

export function ExampleList({ botId, intent, editable, onCountsChanged }: Props) {
  const examples = useLoad(() => fetchExamples(botId, { task: 'intent', label: intent, limit: PAGE_SIZE }), [botId, intent]);
  const list = examples.data?.examples ?? [];

  return (
    <section aria-labelledby="examples-title">
      <h3 id="examples-title">Examples {examples.data && <span className="muted">({examples.data.total})</span>}</h3>
      {editable && (
        <AddExampleForm
          botId={botId}
          label={intent}
          onAdded={(example) => {
            examples.setData((data) => data && { examples: [example, ...data.examples], total: data.total + 1 });
            onCountsChanged();
          }}
        />
      )}
      <ErrorMessage error={examples.error} onRetry={examples.reload} />
      {examples.loading && !examples.data ? (
        <Loading what="examples" />
      ) : examples.data && list.length === 0 ? (
        <EmptyState>No examples yet.</EmptyState>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Text</th>
              <th scope="col">Split</th>
              <th scope="col">Source</th>
              {editable && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {list.map((example) => (
              <ExampleRow
                key={example.id}
                botId={botId}
                example={example}
                editable={editable}
                onChanged={(changed) => {
                  examples.setData((data) => data && { ...data, examples: data.examples.map((e) => (e.id === changed.id ? changed : e)) });
                  onCountsChanged();
                }}
                onDeleted={(exampleId) => {
                  examples.setData(
                    (data) => data && { examples: data.examples.filter(({ id }) => id !== exampleId), total: data.total - 1 },
                  );
                  onCountsChanged();
                }}
              />
            ))}
          </tbody>
        </table>
      )}
      {examples.data && examples.data.total > list.length && <p className="muted">Showing the first {list.length}.</p>}
    </section>
  );
}
