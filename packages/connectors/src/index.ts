export * from './channels/index.ts';
export * from './widget-bundle.ts';
