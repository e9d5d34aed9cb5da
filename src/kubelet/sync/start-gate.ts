/**
 * StartGate: bounds how many runtime start operations (a sandbox creation, or a container's create +
 * start) run at once on a node, and lets containers of pods whose sandbox already exists go before
 * new sandboxes. Runtimes serialise much of this work on their own locks: with fifty pods started at
 * once and no bound, every pod advances a step at a time and all of them become Ready together at the
 * end; bounded and with that priority, pods finish one after another at the same overall rate.
 * Image pulls and lifecycle hooks are not gated (they can take minutes).
 */

/** Which queue an operation waits in: 'container' goes before 'sandbox'. */
export type StartKind = 'container' | 'sandbox'

/** The gate. `limit` ≥ 1 (set from the kubelet's maxParallelStarts). */
export class StartGate {
  private running = 0
  private readonly queues: Record<StartKind, Array<() => void>> = {container: [], sandbox: []}

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`maxParallelStarts must be a positive integer, not ${limit}`)
  }

  /** Runs `fn` once a slot is free (containers first), releasing the slot when it settles. */
  async run<T>(kind: StartKind, fn: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++
    else await new Promise<void>((resolve) => this.queues[kind].push(resolve))
    try {
      return await fn()
    } finally {
      const next = this.queues.container.shift() ?? this.queues.sandbox.shift()
      if (next) next()
      else this.running--
    }
  }

  /** Operations waiting (tests, metrics). */
  get waiting(): number {
    return this.queues.container.length + this.queues.sandbox.length
  }
}
