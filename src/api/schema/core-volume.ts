/**
 * core/v1 Volume and the volume sources of everyday pods: emptyDir, hostPath, configMap, secret,
 * downwardAPI, projected, persistentVolumeClaim, ephemeral, csi, image, nfs. The cloud and legacy
 * in-tree sources are in core-volume-legacy.ts.
 */
import {arr, bool, core, CORE, int32, int64, map, meta, obj, oneOf, quantity, str, type Schema, type SchemaTable} from './dsl.js'

/** The volume source fields of Volume: field name → schema name (all core/v1). */
const SOURCES: Record<string, [string, string]> = {
  awsElasticBlockStore: ['AWSElasticBlockStoreVolumeSource', 'Deprecated: an AWS disk (redirected to the ebs.csi.aws.com CSI driver).'],
  azureDisk: ['AzureDiskVolumeSource', 'Deprecated: an Azure Data Disk (redirected to the disk.csi.azure.com CSI driver).'],
  azureFile: ['AzureFileVolumeSource', 'Deprecated: an Azure File Service mount (redirected to the file.csi.azure.com CSI driver).'],
  cephfs: ['CephFSVolumeSource', 'Deprecated: a Ceph FS mount on the host.'],
  cinder: ['CinderVolumeSource', 'Deprecated: an OpenStack cinder volume (redirected to the cinder.csi.openstack.org CSI driver).'],
  configMap: ['ConfigMapVolumeSource', 'A ConfigMap that should populate this volume.'],
  csi: ['CSIVolumeSource', 'Ephemeral storage handled by a CSI driver.'],
  downwardAPI: ['DownwardAPIVolumeSource', 'Downward API information about the pod.'],
  emptyDir: ['EmptyDirVolumeSource', 'A temporary directory that shares the pod lifetime.'],
  ephemeral: ['EphemeralVolumeSource', 'A volume handled by a cluster storage driver, created and deleted with the pod.'],
  fc: ['FCVolumeSource', 'A Fibre Channel resource attached to the host and exposed to the pod.'],
  flexVolume: ['FlexVolumeSource', 'Deprecated: a generic volume provisioned by an exec-based plugin.'],
  flocker: ['FlockerVolumeSource', 'Deprecated: a Flocker volume.'],
  gcePersistentDisk: ['GCEPersistentDiskVolumeSource', 'Deprecated: a GCE disk (redirected to the pd.csi.storage.gke.io CSI driver).'],
  gitRepo: ['GitRepoVolumeSource', 'Deprecated: a git repository at a particular revision.'],
  glusterfs: ['GlusterfsVolumeSource', 'Deprecated: a Glusterfs mount on the host.'],
  hostPath: ['HostPathVolumeSource', 'A pre-existing file or directory on the host machine.'],
  image: ['ImageVolumeSource', 'An OCI object (container image or artifact) pulled and mounted on the host.'],
  iscsi: ['ISCSIVolumeSource', 'An ISCSI disk attached to the host and exposed to the pod.'],
  nfs: ['NFSVolumeSource', 'An NFS mount on the host that shares the pod lifetime.'],
  persistentVolumeClaim: ['PersistentVolumeClaimVolumeSource', 'A PersistentVolumeClaim in the same namespace.'],
  photonPersistentDisk: ['PhotonPersistentDiskVolumeSource', 'Deprecated: a PhotonController persistent disk.'],
  portworxVolume: ['PortworxVolumeSource', 'Deprecated: a portworx volume (redirected to the pxd.portworx.com CSI driver).'],
  projected: ['ProjectedVolumeSource', 'Items for all-in-one resources: secrets, configmaps, downward API and tokens.'],
  quobyte: ['QuobyteVolumeSource', 'Deprecated: a Quobyte mount on the host.'],
  rbd: ['RBDVolumeSource', 'Deprecated: a Rados Block Device mount on the host.'],
  scaleIO: ['ScaleIOVolumeSource', 'Deprecated: a ScaleIO persistent volume.'],
  secret: ['SecretVolumeSource', 'A Secret that should populate this volume.'],
  storageos: ['StorageOSVolumeSource', 'Deprecated: a StorageOS volume.'],
  vsphereVolume: ['VsphereVirtualDiskVolumeSource', 'Deprecated: a vSphere volume (redirected to the csi.vsphere.vmware.com CSI driver).'],
}

function volume(): Schema {
  const props: Record<string, Schema> = {name: str('Name of the volume, a DNS_LABEL unique within the pod.')}
  for (const [field, [type, description]] of Object.entries(SOURCES)) props[field] = core(type, description)
  return obj('A named volume in a pod that may be accessed by any container in the pod.', props, ['name'])
}

const items = (): Schema => arr(core('KeyToPath'), 'Keys to project to paths; unlisted keys are not projected.')
const defaultMode = (): Schema => int32('Mode bits (0000-0777) used on created files by default; defaults to 0644.')

export const volumeSchemas: SchemaTable = {
  [CORE + 'Volume']: volume(),
  [CORE + 'KeyToPath']: obj('Maps a string key to a path within a volume.', {
    key: str('The key to project.'),
    mode: int32('Mode bits (0000-0777) used on this file.'),
    path: str("Relative path of the file to map the key to; may not contain '..'."),
  }, ['key', 'path']),
  [CORE + 'EmptyDirVolumeSource']: obj('An empty directory for a pod.', {
    medium: str('Storage medium: "" (node default) or "Memory".'),
    sizeLimit: quantity('Total amount of local storage required for this volume.'),
  }),
  [CORE + 'HostPathVolumeSource']: obj('A host path mapped into a pod.', {
    path: str('Path of the directory on the host; a symlink is followed.'),
    type: oneOf(['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'], 'Type of the host path; "" performs no checks.'),
  }, ['path']),
  [CORE + 'ConfigMapVolumeSource']: obj('Adapts a ConfigMap into a volume: each key becomes a file.', {
    defaultMode: defaultMode(),
    items: items(),
    name: str('Name of the ConfigMap.'),
    optional: bool('Specify whether the ConfigMap or its keys must be defined.'),
  }),
  [CORE + 'SecretVolumeSource']: obj('Adapts a Secret into a volume: each key becomes a file.', {
    defaultMode: defaultMode(),
    items: items(),
    optional: bool('Specify whether the Secret or its keys must be defined.'),
    secretName: str("Name of the secret in the pod's namespace."),
  }),
  [CORE + 'DownwardAPIVolumeSource']: obj('A volume containing downward API info.', {
    defaultMode: defaultMode(),
    items: arr(core('DownwardAPIVolumeFile'), 'A list of downward API volume files.'),
  }),
  [CORE + 'DownwardAPIVolumeFile']: obj('A file containing pod field or container resource information.', {
    fieldRef: core('ObjectFieldSelector', 'Selects a field of the pod: only annotations, labels, name, namespace and uid.'),
    mode: int32('Mode bits (0000-0777) used on this file.'),
    path: str("Relative path name of the file to be created; may not contain '..'."),
    resourceFieldRef: core('ResourceFieldSelector', 'Selects a container resource: limits and requests of cpu and memory.'),
  }, ['path']),
  [CORE + 'ProjectedVolumeSource']: obj('A projected volume source.', {
    defaultMode: defaultMode(),
    sources: arr(core('VolumeProjection'), 'The volume projections.'),
  }),
  [CORE + 'VolumeProjection']: obj('A projection that may be projected along with other supported projections (exactly one field).', {
    clusterTrustBundle: core('ClusterTrustBundleProjection', 'ClusterTrustBundle objects projected into a file.'),
    configMap: core('ConfigMapProjection', 'ConfigMap data to project.'),
    downwardAPI: core('DownwardAPIProjection', 'Downward API data to project.'),
    podCertificate: core('PodCertificateProjection', 'A private key and X.509 certificate chain for the pod.'),
    secret: core('SecretProjection', 'Secret data to project.'),
    serviceAccountToken: core('ServiceAccountTokenProjection', 'A service account token to project.'),
  }),
  [CORE + 'ConfigMapProjection']: obj('Adapts a ConfigMap into a projected volume.', {
    items: items(),
    name: str('Name of the ConfigMap.'),
    optional: bool('Specify whether the ConfigMap or its keys must be defined.'),
  }),
  [CORE + 'SecretProjection']: obj('Adapts a secret into a projected volume.', {
    items: items(),
    name: str('Name of the Secret.'),
    optional: bool('Specify whether the Secret or its key must be defined.'),
  }),
  [CORE + 'DownwardAPIProjection']: obj('Downward API info to project into a projected volume.', {
    items: arr(core('DownwardAPIVolumeFile'), 'A list of DownwardAPIVolume files.'),
  }),
  [CORE + 'ServiceAccountTokenProjection']: obj('A projected service account token volume.', {
    audience: str('Intended audience of the token; defaults to the API server identifier.'),
    expirationSeconds: int64('Requested duration of validity; defaults to 1 hour, at least 10 minutes.'),
    path: str('Path relative to the mount point of the file to project the token into.'),
  }, ['path']),
  [CORE + 'ClusterTrustBundleProjection']: obj('How a set of ClusterTrustBundle objects is projected into a file.', {
    labelSelector: meta('LabelSelector', 'Selects the ClusterTrustBundles of signerName matching this selector.'),
    name: str('Select a single ClusterTrustBundle by object name.'),
    optional: bool('Whether the pod may start when the bundle is unavailable.'),
    path: str('Relative path from the volume root to write the bundle.'),
    signerName: str('Select all ClusterTrustBundles of this signer name.'),
  }, ['path']),
  [CORE + 'PodCertificateProjection']: obj('A private key and X.509 certificate chain delivered to the pod.', {
    certificateChainPath: str('Path to write the certificate chain to.'),
    credentialBundlePath: str('Path to write the key and chain to, in one PEM file.'),
    keyPath: str('Path to write the private key to.'),
    keyType: str('Type of keypair generated: RSA3072, RSA4096, ECDSAP256, ECDSAP384, ECDSAP521 or ED25519.'),
    maxExpirationSeconds: int32('Maximum lifetime of the certificate.'),
    signerName: str('Signer to request the certificate from.'),
    userAnnotations: map(str(), 'Annotations copied into the PodCertificateRequest.'),
  }, ['signerName', 'keyType']),
  [CORE + 'PersistentVolumeClaimVolumeSource']: obj("References the user's PVC in the same namespace.", {
    claimName: str('Name of a PersistentVolumeClaim in the same namespace as the pod.'),
    readOnly: bool('Force the ReadOnly setting in VolumeMounts.'),
  }, ['claimName']),
  [CORE + 'EphemeralVolumeSource']: obj('An ephemeral volume handled by a normal storage driver.', {
    volumeClaimTemplate: core('PersistentVolumeClaimTemplate', 'Creates a stand-alone PVC to provision the volume.'),
  }),
  [CORE + 'PersistentVolumeClaimTemplate']: obj('Used to produce PersistentVolumeClaim objects as part of an EphemeralVolumeSource.', {
    metadata: meta('ObjectMeta', 'Labels, annotations ... copied into the PVC.'),
    spec: core('PersistentVolumeClaimSpec', 'The specification of the PersistentVolumeClaim.'),
  }, ['spec']),
  [CORE + 'PersistentVolumeClaimSpec']: obj('The common attributes of storage devices and source attributes of a claim.', {
    accessModes: arr(str(), 'Desired access modes: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod.'),
    dataSource: core('TypedLocalObjectReference', 'An existing VolumeSnapshot or PVC to populate the volume from.'),
    dataSourceRef: core('TypedObjectReference', 'The object to populate the volume from (may be a populator).'),
    resources: core('VolumeResourceRequirements', 'Minimum resources the volume should have.'),
    selector: meta('LabelSelector', 'A label query over volumes to consider for binding.'),
    storageClassName: str('Name of the StorageClass required by the claim.'),
    volumeAttributesClassName: str('VolumeAttributesClass used by the claim.'),
    volumeMode: str('Filesystem (default) or Block.'),
    volumeName: str('Binding reference to the PersistentVolume backing this claim.'),
  }),
  [CORE + 'VolumeResourceRequirements']: obj('The storage resource requirements of a volume.', {
    limits: map(quantity(), 'Maximum amount of compute resources allowed.'),
    requests: map(quantity(), 'Minimum amount of compute resources required.'),
  }),
  [CORE + 'TypedLocalObjectReference']: {
    ...obj('Locates the typed referenced object inside the same namespace.', {
      apiGroup: str('API group of the referenced object; empty for the core group.'),
      kind: str('Kind of the referenced object.'),
      name: str('Name of the referenced object.'),
    }, ['kind', 'name']),
    'x-kubernetes-map-type': 'atomic',
  },
  [CORE + 'TypedObjectReference']: obj('Locates a typed referenced object, possibly in another namespace.', {
    apiGroup: str('API group of the referenced object; empty for the core group.'),
    kind: str('Kind of the referenced object.'),
    name: str('Name of the referenced object.'),
    namespace: str('Namespace of the referenced object.'),
  }, ['kind', 'name']),
  [CORE + 'CSIVolumeSource']: obj('A volume to mount, managed by an external CSI driver.', {
    driver: str('Name of the CSI driver that handles this volume.'),
    fsType: str('Filesystem type to mount, e.g. "ext4".'),
    nodePublishSecretRef: core('LocalObjectReference', 'Secret with sensitive information passed to the CSI driver.'),
    readOnly: bool('Read-only configuration for the volume; defaults to false.'),
    volumeAttributes: map(str(), 'Driver-specific properties passed to the CSI driver.'),
  }, ['driver']),
  [CORE + 'ImageVolumeSource']: obj('An image volume: an OCI object mounted read-only.', {
    pullPolicy: oneOf(['Always', 'IfNotPresent', 'Never'], 'Policy for pulling OCI objects: Always, Never or IfNotPresent.'),
    reference: str('Image or artifact reference to be used.'),
  }),
  [CORE + 'NFSVolumeSource']: obj('An NFS mount that lasts the lifetime of a pod.', {
    path: str('Path exported by the NFS server.'),
    readOnly: bool('Force the NFS export to be mounted read-only.'),
    server: str('Hostname or IP address of the NFS server.'),
  }, ['server', 'path']),
}
