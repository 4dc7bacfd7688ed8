import { nearDuplicateGroups } from '@parley/model';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { ModelChangedEvent, TrainingProgressEvent } from '@parley/protocol';
import { backgroundProbe, OUT_OF_SCOPE_LABEL, type Example } from '@parley/model';
import { createBot, findBot, updateBotConfig } from '../src/db/bot-store.ts';
import { addModelVersion } from '../src/db/model-version-store.ts';
import { addTrainingExamples } from '../src/db/demo-store.ts';
import { apiErrorSchema } from '@parley/protocol';
import type { BotConfigInput } from '../src/engine/bot-config.ts';
import {
  deploymentSchema,
  GATE_MEASURES,
  modelVersionInfoSchema,
  trainingJobSchema,
  type Comparison,
  type GateMeasure,
  type GateMeasureVerdict,
  type TrainingJob as TrainingJobView,
} from '@parley/protocol';
import { GATE_RULES } from '../src/training/gate.ts';
import { splitHeldOut } from '../src/training/held-out.ts';
import { insertTrainingJob, markTrainingJobRunning, markTrainingJobSucceeded } from '../src/db/training-job-store.ts';
import { JOB_STAGES, progressAt } from '../src/training/job-progress.ts';
import { JobReporter, type ReportedJob } from '../src/training/job-reporter.ts';
import type { JobProgress } from '../src/training/training-protocol.ts';
import { botModelsDir } from '../src/training/training-paths.ts';
import { SERVER_STOPPED } from '../src/training/training-jobs.ts';
import { forEachEngine } from './support/engines.ts';
import {
  call,
  connectCustomer,
  INTENT_LABELS,
  login,
  seedWorkspace,
  tinyModelArtifact,
  type SeededWorkspace,
} from './support/api-harness.ts';
import { TEST_BOT_CONFIG } from './support/bot-harness.ts';
import { EventLog } from './support/events.ts';
import { TINY_HELD_OUT, tinyTrainingData } from './support/tiny-model.ts';
import { serveTinyModelVersion, startTrainingApi, type TrainingApi } from './support/training-harness.ts';

before(() => tinyModelArtifact(), { timeout: 120_000 });

const HELD_OUT = TINY_HELD_OUT;
/** Held-out messages the bot should not answer: they count with the built-in probe. */
const OOS_HELD_OUT: Example[] = ['what will the weather be tomorrow', 'tell me a joke about cats', 'who won the football game'].map(
  (text) => ({ text, label: OUT_OF_SCOPE_LABEL }),
);

/** Every progress update of each job, from the server and its training process, as it comes (before throttling). */
const updates = new Map<string, JobProgress[]>();
const reporterUpdate = JobReporter.prototype.update;
JobReporter.prototype.update = function (this: JobReporter, next: JobProgress) {
  const { id } = (this as unknown as { job: ReportedJob }).job;
  updates.set(id, [...(updates.get(id) ?? []), next]);
  reporterUpdate.call(this, next);
};

const measuresOf = (job: TrainingJobView): Record<GateMeasure, GateMeasureVerdict> =>
  Object.fromEntries(job.report!.gate.measures!.map((m) => [m.measure, m])) as Record<GateMeasure, GateMeasureVerdict>;

function assertError(response: { status: number; body: unknown }, status: number, code: string): string {
  assert.equal(response.status, status, JSON.stringify(response.body));
  const parsed = apiErrorSchema.parse(response.body);
  assert.equal(parsed.error.code, code);
  return parsed.error.message;
}

describe('held-out split', () => {
  test('without test examples ~15% of each label with 5+ examples is held out, the same texts every time', () => {
    const examples = [
      ...Array.from({ length: 20 }, (_, i) => ({ text: `a${i}`, label: 'a' })),
      ...Array.from({ length: 7 }, (_, i) => ({ text: `b${i}`, label: 'b' })),
      ...Array.from({ length: 4 }, (_, i) => ({ text: `c${i}`, label: 'c' })),
    ];
    const split = splitHeldOut(examples, []);
    assert.equal(split.source, 'holdout');
    const count = (label: string) => split.heldOut.filter((e) => e.label === label).length;
    assert.deepEqual([count('a'), count('b'), count('c')], [3, 1, 0]);
    assert.equal(split.train.length + split.heldOut.length, examples.length);
    assert.ok(split.heldOut.every((e) => !split.train.includes(e)));
    assert.deepEqual(
      splitHeldOut([...examples].reverse(), [])
        .heldOut.map((e) => e.text)
        .sort(),
      split.heldOut.map((e) => e.text).sort(),
    );
    // A template's variants are held out or trained on together, never split.
    const variants = Array.from({ length: 12 }, (_, i) => ({
      text: `I would like to cancel my order number ${1000 + i} please`,
      label: 'd',
    }));
    assert.equal(new Set(nearDuplicateGroups(variants.map((e) => e.text))).size, 1);
    const grouped = splitHeldOut([...examples, ...variants], []);
    const heldVariants = grouped.heldOut.filter((e) => e.label === 'd').length;
    assert.ok(heldVariants === 0 || heldVariants === variants.length, `${heldVariants} of the variants held out`);
    const withTests = splitHeldOut(examples, HELD_OUT);
    assert.deepEqual([withTests.source, withTests.train.length, withTests.heldOut], ['test-split', examples.length, HELD_OUT]);
  });
});

forEachEngine((engine) => {
  let api: TrainingApi;
  let acme: SeededWorkspace;
  let adminToken: string;
  let agentToken: string;
  let progress: EventLog<TrainingProgressEvent>;
  let modelChanged: EventLog<ModelChangedEvent>;
  const url = (botId: string, suffix: string) => `${api.base}/bots/${botId}${suffix}`;

  /** A bot of acme's workspace with the tiny model live and these examples stored. */
  async function trainedBot(
    name: string,
    examples: { intents: Example[]; sentiment?: Example[]; test?: Example[] },
    config: BotConfigInput = { builtins: TEST_BOT_CONFIG.builtins },
  ) {
    const bot = await createBot(api.ctx.db, { workspaceId: acme.workspaceId, name, publicKey: `pk_${name}_${Date.now()}`, config });
    const add = (task: 'intent' | 'sentiment', list: Example[], split: 'train' | 'test' = 'train') =>
      addTrainingExamples(api.ctx.db, { botId: bot.id, task, source: 'seed', split, examples: list });
    await add('intent', examples.intents);
    if (examples.sentiment) await add('sentiment', examples.sentiment);
    if (examples.test) await add('intent', examples.test, 'test');
    return { bot, liveVersion: await serveTinyModelVersion(api, bot.id) };
  }

  const startJob = (botId: string, token = adminToken) => call(url(botId, '/training-jobs'), { method: 'POST', token });
  const finished = (jobId: string, timeoutMs = 60_000) =>
    progress.waitFor((e) => e.jobId === jobId && (e.status === 'succeeded' || e.status === 'failed'), timeoutMs);
  const getJob = async (botId: string, jobId: string) =>
    trainingJobSchema.parse((await call(url(botId, `/training-jobs/${jobId}`), { token: agentToken })).body.job);
  /** Starts a job, waits for it to succeed and reads it back through the API. */
  const trainToEnd = async (botId: string, timeoutMs?: number) => {
    const job = trainingJobSchema.parse((await startJob(botId)).body.job);
    const last = await finished(job.id, timeoutMs);
    assert.equal(last.status, 'succeeded', JSON.stringify(last));
    return getJob(botId, job.id);
  };
  const promoteVersion = (botId: string, version: string, body?: unknown) =>
    call(url(botId, `/model-versions/${version}/promote`), { method: 'POST', token: adminToken, body });

  before(async () => {
    const db = await engine.migrated();
    api = await startTrainingApi(db);
    acme = await seedWorkspace(db, 'Acme');
    adminToken = await login(api.base, acme.admin.email);
    agentToken = await login(api.base, acme.agent.email);
    const socket = await api.operatorSocket(agentToken);
    progress = new EventLog(socket, 'training:progress');
    modelChanged = new EventLog(socket, 'model:changed');
  });
  after(() => api?.close());

  describe('a retrain, promoted and rolled back', () => {
    let botId: string;
    let tinyVersion: string;
    let jobId: string;
    let candidate: string;

    before(async () => {
      const { bot, liveVersion } = await trainedBot(
        'good',
        { ...tinyTrainingData(), test: [...HELD_OUT, ...OOS_HELD_OUT] },
        TEST_BOT_CONFIG,
      );
      [botId, tinyVersion] = [bot.id, liveVersion];
    });

    test('an admin starts a job (202), a second start while it runs is a 409, and an agent gets 403', async () => {
      const started = await startJob(botId);
      assert.equal(started.status, 202, JSON.stringify(started.body));
      const job = trainingJobSchema.parse(started.body.job);
      assert.equal(job.status, 'queued');
      assert.deepEqual(job.requestedBy, { id: acme.admin.id, name: acme.admin.displayName });
      jobId = job.id;
      assert.match(assertError(await startJob(botId), 409, 'conflict'), /already training/);
      assertError(await startJob(botId, agentToken), 403, 'unauthorized');
    });

    test('it runs to success in a child process; operators follow its progress up to 1', async () => {
      const last = await finished(jobId);
      assert.equal(last.status, 'succeeded', JSON.stringify(last));
      const events = progress.items.filter((e) => e.jobId === jobId);
      assert.ok(events.length >= 4, JSON.stringify(events));
      assert.deepEqual(
        events.map((e) => e.fraction),
        events.map((e) => e.fraction).sort((a, b) => a - b),
      );
      assert.equal(events.at(-1)!.fraction, 1);
      assert.ok(['queued', 'embed', 'train-intent', 'evaluate'].every((stage) => events.some((e) => e.stage === stage)));
      // Underneath the throttle: every update is a known stage with its step in words, the fraction never goes back
      // (not even when a route or a cross-fitted member restarts its epochs), and it moves in small steps all the way.
      const raw = updates.get(jobId) ?? [];
      assert.ok(
        raw.every((p) => (JOB_STAGES as readonly string[]).includes(p.stage) && p.message),
        JSON.stringify(raw),
      );
      const fractions = raw.map((p) => p.fraction);
      assert.deepEqual(
        fractions,
        fractions.toSorted((a, b) => a - b),
      );
      assert.ok(fractions[0]! <= 0.02 && fractions.at(-1)! >= 0.98, JSON.stringify(fractions));
      const steps = fractions.slice(1).map((f, i) => f - fractions[i]!);
      const shown = raw.map((p) => `${p.fraction.toFixed(3)} ${p.stage}: ${p.message}`).join('\n');
      // The biggest steps are fixed costs (saving the model files), which weigh more in a job this small.
      assert.ok(Math.max(...steps) < 0.15, `largest step ${Math.max(...steps)}:\n${shown}`);
      assert.ok(last.candidateVersion);
      candidate = last.candidateVersion;
    });

    test('the job carries the comparison on the test split; the candidate is stored but not live', async () => {
      const job = await getJob(botId, jobId);
      assert.deepEqual(
        [job.status, job.fraction, job.candidateVersion, job.liveVersion, job.error],
        ['succeeded', 1, candidate, tinyVersion, null],
      );
      const report = job.report!;
      const heldOut = HELD_OUT.length + OOS_HELD_OUT.length;
      assert.deepEqual(report.heldOut, { examples: heldOut, source: 'test-split' });
      assert.equal(report.candidate.version, candidate);
      assert.equal(report.live?.version, tinyVersion);
      const gold = Object.keys(report.candidate.perLabel).filter((label) => report.candidate.perLabel[label]!.support > 0);
      assert.deepEqual(gold.sort(), [...INTENT_LABELS, OUT_OF_SCOPE_LABEL].sort());
      assert.equal(
        report.candidate.confusion.matrix.flat().reduce((a, b) => a + b, 0),
        heldOut,
      );
      assert.equal(report.deltas.macroF1, report.candidate.macroF1 - report.live!.macroF1);
      assert.deepEqual([report.gate.passed, report.gate.maxMacroF1Drop], [true, 0.01], report.gate.reason);
      assert.ok(report.sentiment && report.sentiment.live, 'sentiment held out from the train split and scored');

      // Both models run through the engine: the held-out messages, and the probe plus the held-out `oos` ones.
      const behaviour = report.behaviour!;
      for (const side of [behaviour.candidate, behaviour.live!]) {
        assert.equal(side.inScope.count, HELD_OUT.length);
        assert.equal(side.outOfScope.count, backgroundProbe().length + OOS_HELD_OUT.length);
      }
      // Which of two tiny-domain models answers less of the probe is down to float rounding: on one CPU the retrain
      // answered less than the tiny model, on another more (22.9% against 19.6%). The gate judges it within noise
      // (below); bench:answers measures what the background negatives do on a real domain.
      const measures = measuresOf(job);
      assert.deepEqual(Object.keys(measures), [...GATE_MEASURES]);
      assert.deepEqual(
        [measures.falseAcceptRate.candidate, measures.falseAcceptRate.live, measures.falseAcceptRate.verdict],
        [behaviour.candidate.outOfScope.answered, behaviour.live!.outOfScope.answered, 'pass'],
      );
      assert.deepEqual([measures.intentEce.candidate, measures.intentEce.live], [report.candidate.ece, report.live!.ece]);
      // The tiny domain holds out too little for these to mean anything: reported, not compared.
      for (const measure of ['sentimentMacroF1', 'answeredCorrectly', 'intentEce'] as const) {
        assert.equal(measures[measure].verdict, 'not-compared', measure);
        assert.match(measures[measure].note!, new RegExp(`comparing needs ${GATE_RULES[measure].minExamples}`));
      }

      const listed = await call(url(botId, '/model-versions'), { token: agentToken });
      assert.equal(listed.body.liveVersion, tinyVersion);
      const versions = listed.body.versions.map((v: unknown) => modelVersionInfoSchema.parse(v));
      const stored = versions.find((v: { version: string }) => v.version === candidate)!;
      assert.deepEqual([stored.status, stored.jobId, stored.wasLive], ['candidate', jobId, false]);
      assert.deepEqual(stored.evaluation, report.candidate);
      assert.ok(stored.trainExamples > 0);
      assert.equal(api.ctx.models.current(botId)?.version, tinyVersion);
      assert.ok(existsSync(`${botModelsDir(api.dataDir, botId)}/${candidate}/manifest.json`));
      assert.deepEqual(readdirSync(botModelsDir(api.dataDir, botId)), [candidate], 'no scratch directory left behind');
      const jobs = await call(url(botId, '/training-jobs?limit=5'), { token: agentToken });
      assert.deepEqual(
        jobs.body.jobs.map((j: { id: string }) => j.id),
        [jobId],
      );
    });

    test('promotion: 403 for an agent; an admin promotes, operators hear model:changed, the bot serves it', async () => {
      const promote = (token: string) => call(url(botId, `/model-versions/${candidate}/promote`), { method: 'POST', token });
      assertError(await promote(agentToken), 403, 'unauthorized');
      const response = await promote(adminToken);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const version = modelVersionInfoSchema.parse(response.body.version);
      assert.deepEqual(
        [version.status, version.wasLive, version.promotedBy?.id, version.overrideReason],
        ['live', true, acme.admin.id, null],
      );
      const event = await modelChanged.waitFor((e) => e.botId === botId && e.version === candidate);
      assert.deepEqual(event, {
        botId,
        version: candidate,
        previousVersion: tinyVersion,
        action: 'promote',
        by: { id: acme.admin.id, name: acme.admin.displayName },
      });
      assert.equal(api.ctx.models.current(botId)?.version, candidate);
      assert.match(assertError(await promote(adminToken), 409, 'conflict'), /already live/);
    });

    test('rollback: the earlier version serves again, and a customer message is classified by it', async () => {
      assertError(
        await call(url(botId, `/model-versions/${tinyVersion}/rollback`), { method: 'POST', token: agentToken }),
        403,
        'unauthorized',
      );
      const response = await call(url(botId, `/model-versions/${tinyVersion}/rollback`), { method: 'POST', token: adminToken });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(modelVersionInfoSchema.parse(response.body.version).status, 'live');
      assert.equal((await findBot(api.ctx.db, botId))?.activeModelVersion, tinyVersion);
      await modelChanged.waitFor((e) => e.botId === botId && e.action === 'rollback' && e.previousVersion === candidate);

      const bot = (await findBot(api.ctx.db, botId))!;
      const customer = await connectCustomer(api, bot);
      const joined = await customer.timeout(5000).emitWithAck('conversation:join', { lastSeq: 0 });
      assert.equal(joined.ok, true, JSON.stringify(joined));
      const sent = await customer
        .timeout(5000)
        .emitWithAck('message:send', { conversationId: joined.conversationId, clientMessageId: 'm1', text: 'where is my order' });
      assert.equal(sent.ok, true, JSON.stringify(sent));
      const page = await call(`${api.base}/conversations/${joined.conversationId}/events`, { token: agentToken });
      const message = page.body.events.find(
        (e: { type: string; message?: { author: string } }) => e.type === 'message' && e.message?.author === 'customer',
      );
      assert.equal(message.message.classification.modelVersion, tinyVersion);

      const deployments = (await call(url(botId, '/deployments'), { token: agentToken })).body.deployments.map((d: unknown) =>
        deploymentSchema.parse(d),
      );
      assert.deepEqual(
        deployments.map((d: { action: string; version: string; previousVersion: string | null; gatePassed: boolean | null }) => [
          d.action,
          d.version,
          d.previousVersion,
          d.gatePassed,
        ]),
        [
          ['rollback', tinyVersion, candidate, null],
          ['promote', candidate, tinyVersion, true],
          ['promote', tinyVersion, null, null],
        ],
      );
      assert.match(
        assertError(
          await call(url(botId, `/model-versions/${tinyVersion}/rollback`), { method: 'POST', token: adminToken }),
          409,
          'conflict',
        ),
        /already live/,
      );
    });
  });

  test('a candidate worse than live is refused by the gate with both numbers, and promoted with an admin’s reason', async () => {
    // Every intent's examples labelled as the next intent: the candidate learns the wrong answers.
    const rotate = (label: string) => INTENT_LABELS[(INTENT_LABELS.indexOf(label) + 1) % INTENT_LABELS.length]!;
    const shuffled = tinyTrainingData().intents.map((e) => ({ text: e.text, label: rotate(e.label) }));
    const { bot, liveVersion } = await trainedBot('shuffled', { intents: shuffled, test: HELD_OUT });
    const job = trainingJobSchema.parse((await startJob(bot.id)).body.job);
    const last = await finished(job.id);
    assert.equal(last.status, 'succeeded', JSON.stringify(last));
    const report = (await getJob(bot.id, job.id)).report!;
    assert.equal(report.gate.passed, false);
    assert.equal(report.sentiment, null, 'no sentiment examples, no sentiment head');

    const promote = (body?: unknown) =>
      call(url(bot.id, `/model-versions/${last.candidateVersion}/promote`), { method: 'POST', token: adminToken, body });
    const refusal = assertError(await promote(), 409, 'conflict');
    assert.ok(refusal.includes(report.candidate.macroF1.toFixed(3)) && refusal.includes(report.live!.macroF1.toFixed(3)), refusal);
    assert.match(assertError(await promote({ overrideReason: '   ' }), 400, 'invalid_payload'), /overrideReason/);
    assert.match(assertError(await promote({ overrideReason: 'x'.repeat(501) }), 400, 'invalid_payload'), /overrideReason/);
    assertError(await promote({ overrideReason: 'ok', extra: 1 }), 400, 'invalid_payload');
    assert.equal(api.ctx.models.current(bot.id)?.version, liveVersion);

    const promoted = await promote({ overrideReason: '  the labels were fixed on purpose  ' });
    assert.equal(promoted.status, 200, JSON.stringify(promoted.body));
    assert.equal(promoted.body.version.overrideReason, 'the labels were fixed on purpose');
    const [deployment] = (await call(url(bot.id, '/deployments?limit=1'), { token: agentToken })).body.deployments;
    assert.deepEqual(
      [deployment.gatePassed, deployment.overrideReason, deployment.by.id],
      [false, 'the labels were fixed on purpose', acme.admin.id],
    );
    assert.equal(api.ctx.models.current(bot.id)?.version, last.candidateVersion);
  });

  test('a candidate that answers what is not its business is refused on the false-accept rate alone, and promoted with a reason', async () => {
    const withBackground = { ...TEST_BOT_CONFIG, builtins: { smallTalk: false, background: true } };
    const { bot } = await trainedBot('background', { intents: tinyTrainingData().intents, test: HELD_OUT }, withBackground);
    // First a model trained with the built-in background negatives goes live: it stays quiet on the probe.
    // The background adds ~2,000 examples to the tiny domain: tens of seconds of training, more on a loaded machine.
    const first = await trainToEnd(bot.id, 300_000);
    assert.equal(first.report!.gate.passed, true, first.report!.gate.reason);
    assert.equal((await promoteVersion(bot.id, first.candidateVersion!)).status, 200);

    // The owner turns the background off: the next candidate knows the domain as well, but answers strangers.
    await updateBotConfig(api.ctx.db, bot.id, { ...withBackground, builtins: { smallTalk: false, background: false } });
    const second = await trainToEnd(bot.id);
    const report = second.report!;
    assert.equal(report.live?.version, first.candidateVersion);
    const measures = measuresOf(second);
    assert.equal(report.gate.passed, false);
    assert.deepEqual(
      GATE_MEASURES.map((m) => [m, measures[m].verdict]),
      [
        ['intentMacroF1', 'pass'],
        ['sentimentMacroF1', 'not-compared'],
        ['falseAcceptRate', 'fail'],
        ['answeredCorrectly', 'not-compared'],
        ['intentEce', 'not-compared'],
      ],
      report.gate.reason,
    );
    assert.equal(measures.sentimentMacroF1.note, 'no held-out sentiment examples');
    const falseAccepts = measures.falseAcceptRate;
    assert.ok(falseAccepts.delta! > GATE_RULES.falseAcceptRate.tolerance, JSON.stringify(falseAccepts));
    assert.equal(falseAccepts.delta, Math.round((falseAccepts.candidate! - falseAccepts.live!) * 1e9) / 1e9);
    assert.equal(falseAccepts.examples, backgroundProbe().length);

    const refusal = assertError(await promoteVersion(bot.id, second.candidateVersion!), 409, 'conflict');
    assert.ok(refusal.includes('false-accept rate') && refusal.includes(falseAccepts.candidate!.toFixed(3)), refusal);
    assert.equal(api.ctx.models.current(bot.id)?.version, first.candidateVersion);
    const promoted = await promoteVersion(bot.id, second.candidateVersion!, { overrideReason: 'this bot answers everything on purpose' });
    assert.equal(promoted.status, 200, JSON.stringify(promoted.body));
    const [deployment] = (await call(url(bot.id, '/deployments?limit=1'), { token: agentToken })).body.deployments;
    assert.deepEqual([deployment.gatePassed, deployment.overrideReason], [false, 'this bot answers everything on purpose']);
    assert.equal(api.ctx.models.current(bot.id)?.version, second.candidateVersion);
  });

  test('a job stored before the gate measured behaviour still shows through the API, and its candidate is judged on macro-F1', async () => {
    const { bot, liveVersion } = await trainedBot('stored', tinyTrainingData());
    const older = `${liveVersion}-older`;
    await addModelVersion(api.ctx.db, { botId: bot.id, version: older, artifactDir: (await tinyModelArtifact()).artifactDir });
    const scores = (version: string, f1: number) => ({
      version,
      accuracy: f1,
      macroF1: f1,
      perLabel: { track_order: { precision: f1, recall: f1, f1, support: 2 } },
      confusion: { labels: ['track_order'], matrix: [[2]] },
    });
    // What the server stored before: no ECE, no behaviour, no sentiment example count, a gate without measures.
    const stored: Comparison = {
      task: 'intent',
      heldOut: { examples: 2, source: 'holdout' },
      candidate: scores(older, 0.6),
      live: scores(liveVersion, 0.9),
      deltas: { accuracy: -0.3, macroF1: -0.3, perLabel: { track_order: -0.3 } },
      gate: {
        passed: false,
        maxMacroF1Drop: 0.01,
        macroF1Drop: 0.3,
        reason: `candidate ${older} has macro-F1 0.600, live ${liveVersion} 0.900`,
      },
      sentiment: { candidate: { accuracy: 0.9, macroF1: 0.9 }, live: { accuracy: 0.9, macroF1: 0.9 } },
    };
    const job = await insertTrainingJob(api.ctx.db, { botId: bot.id, requestedBy: null, progress: progressAt('queued', 0) });
    await markTrainingJobRunning(api.ctx.db, job.id, { liveVersion, progress: progressAt('starting', 0) });
    await markTrainingJobSucceeded(api.ctx.db, job.id, { candidateVersion: older, report: stored, progress: progressAt('done', 1) });

    const shown = await getJob(bot.id, job.id);
    assert.deepEqual(shown.report, stored);
    const listed = (await call(url(bot.id, '/training-jobs'), { token: agentToken })).body.jobs.map((j: unknown) =>
      trainingJobSchema.parse(j),
    );
    assert.deepEqual(listed[0].report, stored);

    const refusal = assertError(await promoteVersion(bot.id, older), 409, 'conflict');
    assert.match(refusal, /intent macro-F1 0\.600 against 0\.900/);
    assert.match(refusal, /a drop of 0\.300, more than the allowed 0\.01/);
    const promoted = await promoteVersion(bot.id, older, { overrideReason: 'judged by hand' });
    assert.equal(promoted.status, 200, JSON.stringify(promoted.body));
  });

  test('a job that cannot train (one intent) fails with a clear error, and the live model still answers', async () => {
    const { bot, liveVersion } = await trainedBot('single', {
      intents: tinyTrainingData().intents.filter((e) => e.label === 'track_order'),
    });
    const job = trainingJobSchema.parse((await startJob(bot.id)).body.job);
    const last = await finished(job.id);
    assert.equal(last.status, 'failed');
    const stored = await getJob(bot.id, job.id);
    assert.equal(stored.status, 'failed');
    assert.match(stored.error ?? '', /at least two labels/);
    assert.equal(stored.candidateVersion, null);
    assert.equal((await api.ctx.models.classify(bot.id, 'where is my order'))?.version, liveVersion);
    // The bot may train again at once.
    assert.equal((await startJob(bot.id)).status, 202);
    assert.equal(
      (await finished((await getJob(bot.id, (await call(url(bot.id, '/training-jobs'), { token: agentToken })).body.jobs[0].id)).id))
        .status,
      'failed',
    );
  });

  test('a job over its time limit is stopped and failed, leaving no scratch directory', async () => {
    const { bot, liveVersion } = await trainedBot('slow', tinyTrainingData());
    const jobs = api.trainingJobs({ timeoutMs: 300 });
    const job = await jobs.start(bot, acme.admin.id);
    const last = await finished(job.id);
    assert.equal(last.status, 'failed');
    assert.match((await getJob(bot.id, job.id)).error ?? '', /longer than/);
    assert.deepEqual(readdirSync(botModelsDir(api.dataDir, bot.id)), []);
    assert.equal((await api.ctx.models.classify(bot.id, 'cancel my order'))?.version, liveVersion);
  });

  test('on start, jobs a dead server left running or queued are marked failed', async () => {
    const { bot } = await trainedBot('orphaned', tinyTrainingData());
    const orphan = await insertTrainingJob(api.ctx.db, { botId: bot.id, requestedBy: null, progress: progressAt('queued', 0) });
    await markTrainingJobRunning(api.ctx.db, orphan.id, { liveVersion: null, progress: { stage: 'embed', fraction: 0.3, message: null } });
    assert.ok((await api.trainingJobs().recoverInterrupted()) >= 1);
    const job = await getJob(bot.id, orphan.id);
    assert.deepEqual([job.status, job.error, job.stage], ['failed', SERVER_STOPPED, 'failed']);
    assert.ok(job.finishedAt && job.fraction > 0);
  });

  test('404 for another workspace’s bot and unknown jobs or versions; the list limit is checked', async () => {
    const globex = await seedWorkspace(api.ctx.db, 'Globex');
    const outsider = await login(api.base, globex.admin.email);
    assertError(await startJob(acme.bot.id, outsider), 404, 'not_found');
    assertError(await call(url(acme.bot.id, '/model-versions'), { token: outsider }), 404, 'not_found');
    assertError(await call(url(acme.bot.id, '/training-jobs/not-a-uuid'), { token: agentToken }), 404, 'not_found');
    assertError(await call(url(acme.bot.id, '/model-versions/nope/promote'), { method: 'POST', token: adminToken }), 404, 'not_found');
    assertError(await call(url(acme.bot.id, '/training-jobs?limit=0'), { token: agentToken }), 400, 'invalid_payload');
  });
});
