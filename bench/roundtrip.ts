// `npm run roundtrip`: the fix round trip (test/roundtrip.ts) over the whole of ../shared/corpus, with the CLI
// run on a copy of every repository. Prints the figures docs/fixes.md quotes and exits 1 on any problem.
// `npm test` runs the same checks on a fixed subset (test/unit/roundtrip.test.ts).
import { join } from 'node:path';
import { initCore } from '../src/node/grammar';
import { corpusPresent, corpusRepos, roundTrip } from '../test/roundtrip';

async function main(): Promise<number> {
  if (!corpusPresent()) {
    console.log('roundtrip: ../shared/corpus is absent (set WATTLINT_CORPUS); nothing to do');
    return 0;
  }
  await initCore();
  const repos = process.argv.slice(2).length ? process.argv.slice(2) : corpusRepos();
  const fig = roundTrip(repos, { cliPath: join(__dirname, '..', 'src', 'cli', 'main.js'), log: (s) => console.error(s) });
  const { problems, ...figures } = fig;
  console.log(JSON.stringify(figures, null, 2));
  for (const p of problems.slice(0, 80)) console.log(`${p.kind}: ${p.file}: ${p.detail}`);
  if (problems.length > 80) console.log(`... and ${problems.length - 80} more`);
  const failing = problems.filter((p) => p.kind !== 'follow-up');
  console.log(`problems: ${failing.length}; follow-up findings (another rule's advice the change exposes): ${problems.length - failing.length}`);
  return failing.length === 0 ? 0 : 1;
}

main().then((c) => process.exit(c), (e) => {
  console.error(e);
  process.exit(2);
});
