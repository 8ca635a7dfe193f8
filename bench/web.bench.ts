// Foundation figures against the running built stack (KILN_BENCH_WEB_URL, set by scripts/bench.ts).
import { fmt, percentile, timeIt } from '../scripts/lib/proc-stats';
import { makeUser } from '../tests/helpers/users';
import { WebClient } from '../tests/helpers/web-client';
import { closeDb } from '@kiln/db';

const url = process.env.KILN_BENCH_WEB_URL;
if (!url) throw new Error('KILN_BENCH_WEB_URL is not set (run through `pnpm bench`)');

const user = await makeUser();
const loginTimes = await timeIt(20, async () => {
  const res = await new WebClient(url).login(user.username, user.password);
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
});
console.log(`login server time p50: ${fmt(percentile(loginTimes, 50))} ms`);

const client = new WebClient(url);
await client.login(user.username, user.password);
const renderTimes = await timeIt(30, async () => {
  const res = await client.page('/');
  if (res.status !== 200) throw new Error(`dashboard answered ${res.status}`);
});
console.log(`authenticated page render p50 (dashboard): ${fmt(percentile(renderTimes, 50))} ms`);
await closeDb();
