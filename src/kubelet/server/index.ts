/**
 * The kubelet's HTTPS server: container logs and exec (WebSocket, v5/v4.channel.k8s.io) for the API
 * server's pods/log and pods/exec proxy, with client-certificate authentication.
 */
export {startKubeletServer, route, type KubeletServer, type KubeletServerOptions} from './server.js'
export {apiPodResolver, runtimePodResolver, specContainerNames} from './resolve.js'
export {pickInstance, instancesOf, type PodResolver, type ResolvedPod} from './containers.js'
export * from './channel.js'
