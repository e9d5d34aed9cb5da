/** The pod garbage collector. */
export {PodGCController} from './controller.js'
export {orphanedPods} from './plan.js'
