/**
 * `onewindow draw verify RECORD.json POPULATION.tsv POOLS.tsv RECUSALS.tsv [--json]`: re-runs a published draw
 * (docs/draw-spec.md) from its downloadable files, without the platform's database. Exit 0 on a match, 3 on a
 * difference (as `audit verify`), 1 for a usage error, 2 when a file cannot be read.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { recordDigest, verifyDrawAsync, type DrawRecord } from '../modules/inspections/draw/engine.ts';

export const DRAW_VERIFY_USAGE =
  'usage: onewindow draw verify RECORD.json POPULATION.tsv POOLS.tsv RECUSALS.tsv [--json]';

/** Runs the command; prints the outcome and returns the exit code. */
export async function drawVerifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 4) {
    console.error(`onewindow: ${DRAW_VERIFY_USAGE}`);
    return 1;
  }
  const [recordFile, populationFile, poolsFile, recusalsFile] = positionals;
  let record: DrawRecord;
  let pools: string;
  let recusals: string;
  try {
    for (const f of positionals) if (!fs.statSync(f).isFile()) throw new Error(`${f} is not a file`);
    record = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as DrawRecord;
    // latin1 keeps every byte as one character: a non-ASCII byte stays visible to the line checks, never re-encoded.
    pools = fs.readFileSync(poolsFile, 'latin1');
    recusals = fs.readFileSync(recusalsFile, 'latin1');
  } catch (e) {
    console.error(`onewindow: ${(e as Error).message}`);
    return 2;
  }
  const population = fs.createReadStream(populationFile, { encoding: 'latin1', highWaterMark: 1 << 20 });
  const result = await verifyDrawAsync(record, population, pools, recusals);
  const digest = result.ok ? recordDigest(record) : null;
  if (values.json) console.log(JSON.stringify({ ...result, recordDigest: digest }, null, 2));
  else if (result.ok)
    console.log(
      `match: task ${record.taskId}, ${record.population.count} targets frozen, ${record.selections.length} selected; record digest ${digest}`,
    );
  else console.log(`DIFFERENCE: ${result.firstDifference}`);
  return result.ok ? 0 : 3;
}
