import {CronJobController} from './cronjob/index.js'
import {DaemonSetController} from './daemonset/index.js'
import {DeploymentController} from './deployment/index.js'
import {EndpointsController} from './endpoints/index.js'
import {GarbageCollector} from './garbagecollector/index.js'
import {JobController} from './job/index.js'
import {NamespaceController} from './namespace/index.js'
import {NodeLifecycleController} from './nodelifecycle/index.js'
import {PodGCController} from './podgc/index.js'
import {ReplicaSetController} from './replicaset/index.js'
import {RootCACertPublisher, ServiceAccountsController} from './serviceaccount/index.js'
import {ServiceLBController} from './servicelb/index.js'
import type {Controller} from './types.js'

/** The controllers `mkube master start` runs, as kube-controller-manager's default set (plus k3s-style ServiceLB). */
export function defaultControllers(): Controller[] {
  return [
    new ReplicaSetController(),
    new DeploymentController(),
    new DaemonSetController(),
    new JobController(),
    new CronJobController(),
    new GarbageCollector(),
    new NamespaceController(),
    new NodeLifecycleController(),
    new PodGCController(),
    new EndpointsController(),
    new ServiceAccountsController(),
    new RootCACertPublisher(),
    new ServiceLBController(),
  ]
}
