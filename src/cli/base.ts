import {Command, Errors} from '@oclif/core'
import {errorLine, CliError} from './errors.js'

/**
 * Base of mkube's commands: errors print one clear line on stderr and set a non-zero exit code (flag
 * parsing errors keep oclif's own messages).
 */
export abstract class MkubeCommand extends Command {
  protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    if (err instanceof Errors.CLIError && !(err instanceof CliError)) return super.catch(err)
    process.stderr.write(errorLine(err) + '\n')
    if (process.env.MKUBE_DEBUG && err.stack) process.stderr.write(err.stack + '\n')
    process.exitCode = err instanceof CliError ? err.exitCode : 1
    return undefined
  }
}
