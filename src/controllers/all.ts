import {DeploymentController} from './deployment/index.js'
import {GarbageCollector} from './garbagecollector/index.js'
import {ReplicaSetController} from './replicaset/index.js'
import type {Controller} from './types.js'

/** The controllers `mkube master start` runs, as kube-controller-manager's default set. */
export function defaultControllers(): Controller[] {
  return [new ReplicaSetController(), new DeploymentController(), new GarbageCollector()]
}
