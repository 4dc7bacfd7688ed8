// `npm start` launches the bot server once apps/bot lands; until then it says so instead of failing.
import { existsSync } from 'node:fs';

if (existsSync(new URL('../apps/bot/package.json', import.meta.url))) {
  const { spawn } = await import('node:child_process');
  const child = spawn('npm', ['start', '-w', '@parley/bot'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  console.log('Parley: the bot server (apps/bot) arrives with a later change.');
  console.log('What works today: the sentence encoder in packages/model — try `npm run bench:encoder` or `npm test`.');
}
