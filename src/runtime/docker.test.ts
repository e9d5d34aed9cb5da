// Real-runtime tests against the docker CLI. DOCKER_HOST is honoured; when unset, podman's
// Docker-compatible socket of this workplace is used if present. In CI they must run (and fail when
// docker is unusable); elsewhere they are skipped with a printed reason. The run uses its own pause
// image name, so building the pause image from the base image is exercised every time.
import {existsSync} from 'node:fs'
import {probeDocker} from './detect.js'
import {DockerRuntime} from './docker.js'
import {realRuntimeSuite} from './testing/real-suite.js'

const PODMAN_DOCKER_SOCKET = '/run/mkube-podman/docker.sock'
const env: Record<string, string> = {}
if (!process.env.DOCKER_HOST && existsSync(PODMAN_DOCKER_SOCKET)) env.DOCKER_HOST = `unix://${PODMAN_DOCKER_SOCKET}`
const pauseImage = `localhost/mkube-pause-test:${process.pid}`

realRuntimeSuite({
  label: 'docker',
  unavailable: await probeDocker({env}),
  create: () => new DockerRuntime({env, pauseImage, onWarning: m => console.warn(m)}),
  hostIp: '127.0.0.12',
  extraCleanup: rt => rt.removeImage(pauseImage),
})
