// Real-runtime tests against podman. In CI they must run (and fail when podman is missing);
// elsewhere they are skipped with a printed reason when podman is unavailable.
import {probePodman} from './detect.js'
import {PodmanRuntime} from './podman.js'
import {realRuntimeSuite} from './testing/real-suite.js'

realRuntimeSuite({
  label: 'podman',
  unavailable: await probePodman(),
  create: () => new PodmanRuntime({onWarning: m => console.warn(m)}),
  hostIp: '127.0.0.11',
})
