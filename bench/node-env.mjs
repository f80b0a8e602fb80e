// The environment the benches start Node in: this one without NODE_EXTRA_CA_CERTS and NODE_OPTIONS. A CA bundle
// named in NODE_EXTRA_CA_CERTS is parsed by OpenSSL at every Node start, before any script (~55 ms and ~420 M
// instructions for Debian's 140 certificates): not scan's cost and not a user's, and on both sides of a start-up
// ratio it hides most of what separates `node -e 0` from a real command (measured 2026-12-06: 2.5x with it, 5.7x
// without). run.sh and compare-builds.sh unset the same two.
export const REMOVED = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'].filter((name) => process.env[name] !== undefined);
export const NODE_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !REMOVED.includes(name)));
