/** Worker loop shared by the queue-driven controllers. */
import {runWorkers, type WorkQueue} from '../../client/workqueue.js'

/**
 * Runs `workers` workers calling `sync(key)` for queued keys until `signal` aborts; then shuts the
 * queue down and resolves once every worker finished its current key. Failed syncs are retried with
 * the queue's per-key back-off and logged through `log`.
 */
export async function runQueue(
  queue: WorkQueue<string>,
  workers: number,
  sync: (key: string) => Promise<void>,
  signal: AbortSignal,
  opts: {name: string; log: (msg: string) => void},
): Promise<void> {
  const stop = () => queue.shutDown()
  if (signal.aborted) stop()
  else signal.addEventListener('abort', stop, {once: true})
  try {
    await runWorkers(queue, workers, sync, {name: opts.name, log: opts.log})
  } finally {
    signal.removeEventListener('abort', stop)
  }
}

/** `namespace/name` (or `name`) of an object: the work-queue key controllers use. */
export function keyOf(obj: {metadata: {namespace?: string; name?: string}}): string {
  const {namespace, name = ''} = obj.metadata
  return namespace ? `${namespace}/${name}` : name
}

/** Splits a work-queue key into namespace ('' when cluster-scoped) and name. */
export function splitKey(key: string): {namespace: string; name: string} {
  const slash = key.indexOf('/')
  return slash >= 0 ? {namespace: key.slice(0, slash), name: key.slice(slash + 1)} : {namespace: '', name: key}
}
