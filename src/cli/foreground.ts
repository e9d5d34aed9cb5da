/**
 * Runs until SIGINT or SIGTERM, then calls `stop` once and resolves when it finishes; a second signal exits
 * at once (130). Used by the foreground commands (`master start`, `node join`).
 */
export async function runUntilSignal(what: string, stop: () => Promise<void>): Promise<void> {
  await new Promise<void>((resolve) => {
    let stopping = false
    const onSignal = (sig: string) => {
      if (stopping) {
        process.stderr.write(`${sig} again: exiting now\n`)
        process.exit(130)
      }
      stopping = true
      process.stderr.write(`${sig}: stopping ${what}\n`)
      const finish = () => {
        process.off('SIGINT', onInt)
        process.off('SIGTERM', onTerm)
        resolve()
      }
      stop().then(finish, (e: Error) => {
        process.stderr.write(`shutdown error: ${e.message}\n`)
        finish()
      })
    }
    const onInt = () => onSignal('SIGINT')
    const onTerm = () => onSignal('SIGTERM')
    process.on('SIGINT', onInt)
    process.on('SIGTERM', onTerm)
  })
}
