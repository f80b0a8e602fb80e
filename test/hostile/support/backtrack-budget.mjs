// Child process: runs patterns on V8's backtracking engine alone (this process never imports safe-regex, so
// there is no linear-engine fallback) with a backtrack budget. With --allow-natives-syntax,
// %NewRegExpWithBacktrackLimit makes exec() give up and return null once the budget is spent, so "null
// where the line has a match" deterministically means "needed more backtracks than the budget".
// argv[2]: JSON [{ source, text, budget }]; prints JSON: the `code` group of the first match, or null.
const withBudget = new Function('source', 'budget', 'return %NewRegExpWithBacktrackLimit(source, "", budget);');
const runs = JSON.parse(process.argv[2]);
const codes = runs.map(({ source, text, budget }) => withBudget(source, budget).exec(text)?.groups?.code ?? null);
process.stdout.write(`${JSON.stringify(codes)}\n`);
