import {randomUUID} from 'node:crypto'
import {hostname} from 'node:os'
import type {Client} from '../client/client.js'
import {InformerFactory} from '../client/informer-factory.js'
import {defaultControllers} from '../controllers/all.js'
import {runControllerManager} from '../controllers/manager.js'
import {defaultControllerOptions, type ControllerOptions} from '../controllers/types.js'
import {runLeaderElection} from '../leaderelection/index.js'
import {nodesRef, podsRef, runScheduler} from '../scheduler/index.js'
import type {Node} from '../api/types/node.js'
import type {Pod} from '../api/types/pod.js'

/** Which of the master's components run, and their tunables. Set by `mkube master start` flags. */
export interface ComponentsConfig {
  scheduler: boolean
  controllers: boolean
  controllerOptions?: Partial<ControllerOptions>
  /** leader election timings (tests shorten them); defaults 15/10/2 s */
  leaseDurationSeconds?: number
  renewDeadlineSeconds?: number
  retryPeriodSeconds?: number
}

/**
 * Starts the scheduler and the controller manager of a master, each behind its own leader election so that
 * with several masters exactly one of each acts. They talk to the API server only through `client`.
 * Returns a function that stops them (releasing their leases) and resolves when they have stopped.
 */
export function startComponents(client: Client, cfg: ComponentsConfig, log: (m: string) => void): () => Promise<void> {
  const ac = new AbortController()
  const identity = `${hostname()}_${process.pid}_${randomUUID().slice(0, 8)}`
  const timings = {leaseDurationSeconds: cfg.leaseDurationSeconds, renewDeadlineSeconds: cfg.renewDeadlineSeconds, retryPeriodSeconds: cfg.retryPeriodSeconds}
  const running: Promise<void>[] = []
  // One informer cache per resource for both components: with 30,000 pods a second full copy of every
  // pod is ~300 MB. The caches live as long as the components; handlers come and go with leadership.
  const informers = new InformerFactory(client, {log})
  if (cfg.scheduler) {
    running.push(
      runLeaderElection(client, {
        name: 'kube-scheduler',
        identity,
        ...timings,
        signal: ac.signal,
        log,
        onStartedLeading: (signal) =>
          runScheduler(client, {signal, log, informers: {nodes: informers.informer<Node>(nodesRef), pods: informers.informer<Pod>(podsRef)}}),
      }).catch((e) => log(`scheduler stopped: ${(e as Error).message}`)),
    )
  }
  if (cfg.controllers) {
    running.push(
      runControllerManager({
        client,
        controllers: defaultControllers(),
        options: {...defaultControllerOptions, ...cfg.controllerOptions},
        identity,
        host: hostname(),
        signal: ac.signal,
        log,
        informers,
        ...timings,
      }).catch((e) => log(`controller manager stopped: ${(e as Error).message}`)),
    )
  }
  return async () => {
    ac.abort()
    await Promise.all(running)
    informers.stop()
  }
}
