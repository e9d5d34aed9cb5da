/** Leader election over coordination.k8s.io/v1 Leases (client-go's algorithm). */
export {decide, observe, releaseSpec, recordKey, microTime, type Decision, type Observation} from './decide.js'
export {runLeaderElection, LeaderElector, leasesRef, type LeaderElectionOptions, type LeaseClient} from './leaderelection.js'
