// Real-runtime tests against podman. In CI they must run (and fail when podman is missing);
// elsewhere they are skipped with a printed reason when podman is unavailable. The suite runs twice:
// with the REST API for lists, inspects and starts (the default), and with the CLI for every call.
import {probePodman} from './detect.js'
import {PodmanRuntime} from './podman.js'
import {realRuntimeSuite} from './testing/real-suite.js'

const unavailable = await probePodman()

realRuntimeSuite({
  label: 'podman',
  unavailable,
  create: () => new PodmanRuntime({onWarning: m => console.warn(m)}),
  hostIp: '127.0.0.11',
})

realRuntimeSuite({
  label: 'podman',
  variant: 'CLI only',
  unavailable,
  create: () => new PodmanRuntime({podmanApi: 'off', onWarning: m => console.warn(m)}),
  hostIp: '127.0.0.13',
})
