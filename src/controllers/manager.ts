import type {Client} from '../client/client.js'
import {EventRecorder} from '../client/events.js'
import {InformerFactory} from '../client/informer-factory.js'
import {runLeaderElection} from '../leaderelection/index.js'
import type {Controller, ControllerContext, ControllerOptions} from './types.js'

/** Options of the controller manager (set by `mkube master start`). */
export interface ControllerManagerOptions {
  client: Client
  /** the controllers to run (see src/controllers/all.ts for the default set) */
  controllers: Controller[]
  options: ControllerOptions
  /** unique per master process, e.g. `${hostname}_${pid}_${random}` */
  identity: string
  /** host name recorded as events' source.host */
  host: string
  signal: AbortSignal
  log: (msg: string) => void
  /**
   * informers shared with other components of the process (the master's scheduler): each leadership term
   * uses a view of it and leaves its informers running; without it every term lists and watches afresh
   */
  informers?: InformerFactory
  /** elect a leader through the kube-system/kube-controller-manager Lease (default true) */
  leaderElect?: boolean
  /** lease timings (tests shorten them) */
  leaseDurationSeconds?: number
  renewDeadlineSeconds?: number
  retryPeriodSeconds?: number
}

/**
 * Runs every controller with one shared informer factory, as kube-controller-manager does: only while this
 * process leads (so with several masters exactly one set of controllers acts), restarting from scratch
 * (fresh queues; fresh informers unless shared ones are passed, whose caches are replayed to the new
 * handlers) when leadership is regained.
 */
export async function runControllerManager(o: ControllerManagerOptions): Promise<void> {
  const runAll = async (signal: AbortSignal) => {
    const informers = o.informers ? o.informers.view() : new InformerFactory(o.client, {log: o.log})
    const recorders = new Map<string, EventRecorder>()
    const ctx: ControllerContext = {
      client: o.client,
      informers,
      recorder: (component) => {
        let r = recorders.get(component)
        if (!r) recorders.set(component, (r = new EventRecorder(o.client, {component, host: o.host}, o.log)))
        return r
      },
      log: o.log,
      options: o.options,
    }
    for (const c of o.controllers) c.start(ctx)
    informers.start()
    try {
      await informers.waitForSync(signal)
      if (signal.aborted) return
      o.log(`controller manager: ${o.controllers.length} controllers running (${o.controllers.map((c) => c.name).join(', ')})`)
      await Promise.all(o.controllers.map((c) => c.run(signal).catch((e) => o.log(`controller ${c.name} stopped: ${(e as Error).message}`))))
    } finally {
      informers.stop()
    }
  }
  if (o.leaderElect === false) return runAll(o.signal)
  await runLeaderElection(o.client, {
    name: 'kube-controller-manager',
    identity: o.identity,
    leaseDurationSeconds: o.leaseDurationSeconds,
    renewDeadlineSeconds: o.renewDeadlineSeconds,
    retryPeriodSeconds: o.retryPeriodSeconds,
    signal: o.signal,
    onStartedLeading: (signal) => runAll(signal),
    log: o.log,
  })
}
