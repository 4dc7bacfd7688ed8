import path from 'node:path';
import {
  OUT_OF_SCOPE_LABEL,
  parseEncoderSetting,
  type EncoderOptions,
  type HfClassifierOptions,
  type TrainData,
  type TrainOptions,
} from '@parley/model';
import { z } from 'zod';
import type { BotConfig } from '../engine/bot-config.ts';

/**
 * The deployment's model settings. loadConfig validates them at start with the other variables; the training
 * process, forked with the server's environment, reads them again here.
 */
export const deploymentModelsEnv = {
  /** The encoder every bot's new models train on, unless its config picks another (parseEncoderSetting's forms). */
  PARLEY_ENCODER: z
    .string()
    .trim()
    .default('use-lite')
    .transform((value, context) => {
      try {
        return parseEncoderSetting(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** The Hugging Face model directories bots may name in their config (model.encoder "hf:<name>", classifiers). */
  PARLEY_HF_MODELS_DIR: z.string().trim().min(1).optional(),
};

export interface DeploymentModels {
  encoder: EncoderOptions;
  hfModelsDir: string | undefined;
}

export function deploymentModels(env: NodeJS.ProcessEnv = process.env): DeploymentModels {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const e = z.object(deploymentModelsEnv).parse(present);
  return { encoder: e.PARLEY_ENCODER, hfModelsDir: e.PARLEY_HF_MODELS_DIR && path.resolve(e.PARLEY_HF_MODELS_DIR) };
}

/**
 * A model a bot's config names: a directory of PARLEY_HF_MODELS_DIR. A bot's admin chooses among the models the
 * deployment offers, never a path of the server's file system nor a download.
 */
function offered(name: string, deployment: DeploymentModels): string {
  if (!deployment.hfModelsDir) {
    throw new Error(`the bot's config names the Hugging Face model "${name}", but this deployment offers none (set PARLEY_HF_MODELS_DIR)`);
  }
  return path.join(deployment.hfModelsDir, name);
}

export interface BotModelChoice {
  encoder: EncoderOptions;
  /** The tasks a Hugging Face classifier serves, for train(); zero-shot candidates come from the training set. */
  classifiers(data: TrainData): TrainOptions['classifiers'];
}

/** What a bot's next model is made of: its encoder and the classifiers its config asks for. */
export function botModelChoice(config: BotConfig, deployment: DeploymentModels): BotModelChoice {
  const { encoder: setting, intent, sentiment } = config.model;
  const encoder: EncoderOptions =
    setting === 'deployment'
      ? deployment.encoder
      : setting.startsWith('hf:')
        ? { kind: 'hf', model: offered(setting.slice(3), deployment) }
        : parseEncoderSetting(setting);
  return {
    encoder,
    classifiers(data) {
      const classifiers: NonNullable<TrainOptions['classifiers']> = {};
      if (intent?.kind === 'text-classification') classifiers.intent = { ...intent, model: offered(intent.model, deployment) };
      if (intent?.kind === 'zero-shot') {
        // Every intent the model is trained on (the bot's, and the built-in small talk), each as a hypothesis.
        const labels = [...new Set((data.intents ?? []).map((e) => e.label))].filter((label) => label !== OUT_OF_SCOPE_LABEL).sort();
        const { descriptions, ...spec } = intent;
        classifiers.intent = {
          ...spec,
          model: offered(intent.model, deployment),
          candidates: labels.map((label) => ({
            label,
            description: descriptions[label] ?? config.intentDisplayNames[label] ?? label.replace(/[_-]+/g, ' '),
          })),
        } satisfies HfClassifierOptions;
      }
      if (sentiment) classifiers.sentiment = { ...sentiment, model: offered(sentiment.model, deployment) };
      return Object.keys(classifiers).length > 0 ? classifiers : undefined;
    },
  };
}
