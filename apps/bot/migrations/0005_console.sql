-- What the operator console needs: held-out examples, domain edit audit, training jobs with their evaluation,
-- and an audit trail of which model went live when, by whom and why.

-- 'test' examples are never trained on: they are the held-out set every candidate and the live model are scored
-- on, so the comparison before promotion is fair. Corrections default to 'train' (they exist to teach the model).
ALTER TABLE training_examples ADD COLUMN split text NOT NULL DEFAULT 'train' CHECK (split IN ('train', 'test'));
ALTER TABLE training_examples ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE training_examples ADD COLUMN updated_by uuid NULL REFERENCES operators (id) DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX training_examples_bot_task_label_idx ON training_examples (bot_id, task, label);

-- Who changed the domain (examples, intents, answers), what and when; detail holds before/after.
CREATE TABLE domain_changes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  operator_id uuid NOT NULL REFERENCES operators (id) DEFERRABLE INITIALLY DEFERRED,
  action text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX domain_changes_bot_idx ON domain_changes (bot_id, created_at DESC);

ALTER TABLE training_jobs ADD COLUMN requested_by uuid NULL REFERENCES operators (id) DEFERRABLE INITIALLY DEFERRED;
-- The candidate against the live model on the same held-out examples (see src/training/).
ALTER TABLE training_jobs ADD COLUMN report jsonb NULL;
-- The live model when the job was evaluated; the gate compares against it.
ALTER TABLE training_jobs ADD COLUMN live_version text NULL;
-- A bot trains one model at a time.
CREATE UNIQUE INDEX training_jobs_one_active_per_bot ON training_jobs (bot_id) WHERE status IN ('queued', 'running');

-- Held-out evaluation of a version (the report's half about it), kept with the version for the history page.
ALTER TABLE model_versions ADD COLUMN evaluation jsonb NULL;
ALTER TABLE model_versions ADD COLUMN training_job_id uuid NULL REFERENCES training_jobs (id) ON DELETE SET NULL;

-- Every change of a bot's live model: promotions (with the gate's verdict) and rollbacks.
CREATE TABLE model_deployments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id uuid NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  version text NOT NULL,
  previous_version text NULL,
  action text NOT NULL CHECK (action IN ('promote', 'rollback')),
  gate_passed boolean NULL,
  override_reason text NULL,
  operator_id uuid NULL REFERENCES operators (id) DEFERRABLE INITIALLY DEFERRED,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX model_deployments_bot_idx ON model_deployments (bot_id, created_at DESC);

-- Analytics by day and model version read customer messages by time.
CREATE INDEX messages_customer_created_idx ON messages (created_at) WHERE sender = 'customer' AND kind = 'message';

-- Examples written in the console's domain editor (not imported in bulk, not a correction of a message).
ALTER TABLE training_examples DROP CONSTRAINT training_examples_source_check;
ALTER TABLE training_examples ADD CONSTRAINT training_examples_source_check CHECK (source IN ('seed', 'correction', 'import', 'editor'));
