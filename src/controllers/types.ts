import type {Client} from '../client/client.js'
import type {EventRecorder} from '../client/events.js'
import type {InformerFactory} from '../client/informer-factory.js'

/**
 * What every controller gets from the controller manager: the API client, a shared informer factory (one
 * informer per resource and scope, shared by all controllers), an event recorder per component name, a
 * logger, and options. Built by src/controllers/manager.ts.
 */
export interface ControllerContext {
  client: Client
  informers: InformerFactory
  /** an EventRecorder whose source.component is `component` (e.g. 'replicaset-controller') */
  recorder(component: string): EventRecorder
  log(msg: string): void
  options: ControllerOptions
}

/** Tunables of the controllers (flags of `mkube master start`). */
export interface ControllerOptions {
  /** node lifecycle: seconds without a Lease renewal before a node is NotReady/Unknown (default 40) */
  nodeMonitorGracePeriodSeconds: number
  /** node lifecycle: seconds a pod may stay on an unreachable node before eviction (default 300) */
  podEvictionTimeoutSeconds: number
  /** workers per controller (default 2) */
  workers: number
}

/** Default controller options (Kubernetes' defaults). */
export const defaultControllerOptions: ControllerOptions = {
  nodeMonitorGracePeriodSeconds: 40,
  podEvictionTimeoutSeconds: 300,
  workers: 2,
}

/**
 * A controller: `start` registers its informer handlers (which only enqueue keys) and returns; `run` runs
 * its workers until `signal` aborts. The manager starts the informers after every controller's `start` and
 * waits for their sync before calling `run`.
 */
export interface Controller {
  readonly name: string
  start(ctx: ControllerContext): void
  run(signal: AbortSignal): Promise<void>
}
