// An `ERRCODE_*` variable set to the empty string means "not set", as it does for most daemons: compose files
// and Kubernetes manifests often write `ERRCODE_CONFIG=` or `value: ""` to clear a setting. Commander would
// otherwise take '' as the value (a config path of '' is the working directory, a listen address of '' is an
// error), so the CLI removes such variables once, before any command reads its options.

/** Deletes every `ERRCODE_*` variable whose value is empty from `env`; returns the names it deleted. */
export function dropEmptyErrcodeVariables(env: NodeJS.ProcessEnv): string[] {
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('ERRCODE_') && value === '') {
      delete env[name];
      dropped.push(name);
    }
  }
  return dropped;
}
