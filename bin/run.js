#!/usr/bin/env node
// The one mkube executable: master, node, kubectl-like client and dashboard (oclif dispatches).

// Long-running daemons re-execute themselves once (same pid, same arguments) with V8 heap settings for
// a server: a small young generation (idle resident memory) and a slower-growing old generation (a
// master with 30,000 pods otherwise lets garbage grow its heap to several times the live data before a
// full collection). Flags the user gave Node themselves come after ours and win. Needs process.execve
// (Node >= 23.11); elsewhere the daemon simply runs with Node's defaults. MKUBE_NO_REEXEC=1 disables it.
const DAEMON_V8_FLAGS = {
  'master start': ['--max-semi-space-size=2', '--heap-growing-percent=30'],
  'node join': ['--max-semi-space-size=2', '--heap-growing-percent=30'],
  'node simulate': ['--heap-growing-percent=30'],
}
const REEXEC_MARK = '__MKUBE_REEXECUTED'
const daemonFlags = DAEMON_V8_FLAGS[process.argv.slice(2, 4).join(' ')]
if (process.env[REEXEC_MARK]) delete process.env[REEXEC_MARK]
else if (daemonFlags && typeof process.execve === 'function' && process.env.MKUBE_NO_REEXEC !== '1' && !process.argv.includes('--help')) {
  // two malloc arenas instead of glibc's 8 per core: Node's worker threads otherwise each grow their own
  process.execve(process.execPath, [process.execPath, ...daemonFlags, ...process.execArgv, ...process.argv.slice(1)], {MALLOC_ARENA_MAX: '2', ...process.env, [REEXEC_MARK]: '1'})
}

const {execute} = await import('@oclif/core')
await execute({dir: import.meta.url})
