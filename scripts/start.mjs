// `npm start` launches the bot server once apps/bot can start; until then it says what works today.
import { existsSync, readFileSync } from 'node:fs';

const botPackage = new URL('../apps/bot/package.json', import.meta.url);
const canStart = existsSync(botPackage) && Boolean(JSON.parse(readFileSync(botPackage, 'utf8')).scripts?.start);

if (canStart) {
  const { spawn } = await import('node:child_process');
  const child = spawn('npm', ['start', '-w', '@parley/bot'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  console.log('Parley: the bot server (apps/bot) arrives with a later change.');
  console.log('What works today: packages/model — the sentence encoder, intent/sentiment training and the parley-model CLI.');
  console.log('Try `npx parley-model --help`, `npm run bench:encoder` or `npm test`.');
}
