import {kubeVersion} from '../apiserver/discovery.js'

/** "Client Version: …" line of `mkube version`. */
export function clientVersionLine(pkgVersion: string): string {
  return `Client Version: mkube ${pkgVersion} (Kubernetes API ${kubeVersion.gitVersion}, node ${process.version})`
}
