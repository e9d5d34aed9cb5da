import {Flags} from '@oclif/core'

/** Flags every client command takes (kubectl's names). */
export const connectionFlags = {
  kubeconfig: Flags.string({description: 'path to the kubeconfig file (default: $KUBECONFIG, then the local master\'s admin kubeconfig, then ~/.kube/config)'}),
  context: Flags.string({description: 'the kubeconfig context to use'}),
  namespace: Flags.string({char: 'n', description: 'the namespace scope for this request'}),
}

/** -f/--filename and -R. */
export const fileFlags = {
  filename: Flags.string({char: 'f', description: 'file, directory or - (stdin) holding the manifests', multiple: true}),
  recursive: Flags.boolean({char: 'R', description: 'process directories given with -f recursively', default: false}),
}
