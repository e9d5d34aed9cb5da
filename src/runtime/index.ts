/**
 * The container runtime layer the kubelet drives: the ContainerRuntime contract (types.ts), its
 * podman, docker and fake implementations, runtime detection, and the error types.
 */
export * from './types.js'
export {RuntimeError, ImagePullError, NotFoundError} from './errors.js'
export type {CommandFailure} from './errors.js'
export {LABEL} from './labels.js'
export type {ResourceLimitMode} from './container-args.js'
export {DEFAULT_DOCKER_PAUSE_IMAGE} from './options.js'
export type {CliRuntimeOptions} from './options.js'
export {PodmanRuntime} from './podman.js'
export {DockerRuntime} from './docker.js'
export {FakeRuntime} from './fake.js'
export type {FakeRuntimeOptions, FakeContainerBehavior, FakeExecHandler, FakeExecRequest, FakeBehaviorFn} from './fake.js'
export {createRuntime, detectRuntime, probeDocker, probePodman} from './detect.js'
export type {CreateRuntimeOptions, DetectResult, ProbeOptions} from './detect.js'
