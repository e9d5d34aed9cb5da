/**
 * core/v1 cloud and legacy in-tree volume sources. mkube's kubelet does not mount them, but manifests
 * that carry them are valid Kubernetes and must not be reported as having unknown fields.
 */
import {arr, bool, core, CORE, int32, map, obj, str, type Schema, type SchemaTable} from './dsl.js'

const fsType = (): Schema => str('Filesystem type to mount, e.g. "ext4"; implicitly "ext4" if unspecified.')
const readOnly = (): Schema => bool('Force the ReadOnly setting in VolumeMounts; defaults to false.')
const secretRef = (what = 'Secret for authentication'): Schema => core('LocalObjectReference', what + '.')

export const legacyVolumeSchemas: SchemaTable = {
  [CORE + 'AWSElasticBlockStoreVolumeSource']: obj('A Persistent Disk resource in AWS.', {
    fsType: fsType(),
    partition: int32('Partition in the volume to mount; 0 or empty mounts the whole volume.'),
    readOnly: readOnly(),
    volumeID: str('Unique ID of the persistent disk resource in AWS (Amazon EBS volume).'),
  }, ['volumeID']),
  [CORE + 'AzureDiskVolumeSource']: obj('An Azure Data Disk mount on the host, bind mounted into the pod.', {
    cachingMode: str('Host caching mode: None, ReadOnly or ReadWrite.'),
    diskName: str('Name of the data disk in the blob storage.'),
    diskURI: str('URI of the data disk in the blob storage.'),
    fsType: fsType(),
    kind: str('Shared, Dedicated or Managed; defaults to Shared.'),
    readOnly: readOnly(),
  }, ['diskName', 'diskURI']),
  [CORE + 'AzureFileVolumeSource']: obj('An Azure File Service mount on the host, bind mounted into the pod.', {
    readOnly: readOnly(),
    secretName: str('Name of the secret with the Azure Storage Account name and key.'),
    shareName: str('Azure share name.'),
  }, ['secretName', 'shareName']),
  [CORE + 'CephFSVolumeSource']: obj('A Ceph Filesystem mount that lasts the lifetime of a pod.', {
    monitors: arr(str(), 'Collection of Ceph monitors.'),
    path: str('Mount root; defaults to /.'),
    readOnly: readOnly(),
    secretFile: str('Path to the key ring for the user; defaults to /etc/ceph/user.secret.'),
    secretRef: secretRef('Reference to the authentication secret for the user'),
    user: str('RADOS user name; defaults to admin.'),
  }, ['monitors']),
  [CORE + 'CinderVolumeSource']: obj('A cinder volume resource in OpenStack.', {
    fsType: fsType(),
    readOnly: readOnly(),
    secretRef: secretRef('Secret with parameters used to connect to OpenStack'),
    volumeID: str('Volume ID used to identify the volume in cinder.'),
  }, ['volumeID']),
  [CORE + 'FCVolumeSource']: obj('A Fibre Channel volume, mounted as read/write once.', {
    fsType: fsType(),
    lun: int32('Target LUN number.'),
    readOnly: readOnly(),
    targetWWNs: arr(str(), 'Target worldwide names (WWNs).'),
    wwids: arr(str(), 'Volume worldwide identifiers; set either wwids or targetWWNs and lun.'),
  }),
  [CORE + 'FlexVolumeSource']: obj('A generic volume provisioned and attached by an exec-based plugin.', {
    driver: str('Name of the driver to use for this volume.'),
    fsType: str('Filesystem type to mount; the default depends on the FlexVolume script.'),
    options: map(str(), 'Extra command options, if any.'),
    readOnly: readOnly(),
    secretRef: secretRef('Secret passed to the plugin scripts'),
  }, ['driver']),
  [CORE + 'FlockerVolumeSource']: obj('A Flocker volume mounted by the Flocker agent.', {
    datasetName: str('Name of the dataset stored as metadata.'),
    datasetUUID: str('UUID of the dataset.'),
  }),
  [CORE + 'GCEPersistentDiskVolumeSource']: obj('A Persistent Disk resource in Google Compute Engine.', {
    fsType: fsType(),
    partition: int32('Partition in the volume to mount.'),
    pdName: str('Unique name of the PD resource in GCE.'),
    readOnly: readOnly(),
  }, ['pdName']),
  [CORE + 'GitRepoVolumeSource']: obj('A volume populated with the contents of a git repository.', {
    directory: str("Target directory name; '.' clones into the volume root."),
    repository: str('Repository URL.'),
    revision: str('Commit hash for the specified revision.'),
  }, ['repository']),
  [CORE + 'GlusterfsVolumeSource']: obj('A Glusterfs mount that lasts the lifetime of a pod.', {
    endpoints: str('Name of the endpoints with the Glusterfs topology.'),
    path: str('Glusterfs volume path.'),
    readOnly: readOnly(),
  }, ['endpoints', 'path']),
  [CORE + 'ISCSIVolumeSource']: obj('An ISCSI disk, mounted as read/write once.', {
    chapAuthDiscovery: bool('Whether iSCSI Discovery CHAP authentication is supported.'),
    chapAuthSession: bool('Whether iSCSI Session CHAP authentication is supported.'),
    fsType: fsType(),
    initiatorName: str('Custom iSCSI initiator name.'),
    iqn: str('Target iSCSI Qualified Name.'),
    iscsiInterface: str("iSCSI interface name; defaults to 'default' (tcp)."),
    lun: int32('iSCSI target LUN number.'),
    portals: arr(str(), 'iSCSI target portal list (ip or ip:port).'),
    readOnly: readOnly(),
    secretRef: secretRef('CHAP secret for iSCSI target and initiator authentication'),
    targetPortal: str('iSCSI target portal (ip or ip:port).'),
  }, ['targetPortal', 'iqn', 'lun']),
  [CORE + 'PhotonPersistentDiskVolumeSource']: obj('A Photon Controller persistent disk resource.', {
    fsType: fsType(),
    pdID: str('ID that identifies the Photon Controller persistent disk.'),
  }, ['pdID']),
  [CORE + 'PortworxVolumeSource']: obj('A Portworx volume resource.', {
    fsType: fsType(),
    readOnly: readOnly(),
    volumeID: str('Uniquely identifies a Portworx volume.'),
  }, ['volumeID']),
  [CORE + 'QuobyteVolumeSource']: obj('A Quobyte mount that lasts the lifetime of a pod.', {
    group: str('Group to map volume access to; default is no group.'),
    readOnly: readOnly(),
    registry: str('One or more Quobyte registry services (host:port, comma separated).'),
    tenant: str('Tenant owning the Quobyte volume in the backend.'),
    user: str('User to map volume access to; defaults to the serviceaccount user.'),
    volume: str('Name of an already created Quobyte volume.'),
  }, ['registry', 'volume']),
  [CORE + 'RBDVolumeSource']: obj('A Rados Block Device mount that lasts the lifetime of a pod.', {
    fsType: fsType(),
    image: str('The rados image name.'),
    keyring: str('Path to the key ring for RBDUser; defaults to /etc/ceph/keyring.'),
    monitors: arr(str(), 'Collection of Ceph monitors.'),
    pool: str('The rados pool name; defaults to rbd.'),
    readOnly: readOnly(),
    secretRef: secretRef('Authentication secret for RBDUser'),
    user: str('The rados user name; defaults to admin.'),
  }, ['monitors', 'image']),
  [CORE + 'ScaleIOVolumeSource']: obj('A persistent ScaleIO volume.', {
    fsType: str('Filesystem type to mount; defaults to "xfs".'),
    gateway: str('Host address of the ScaleIO API Gateway.'),
    protectionDomain: str('Name of the ScaleIO Protection Domain for the configured storage.'),
    readOnly: readOnly(),
    secretRef: secretRef('Secret for the ScaleIO user and other sensitive information'),
    sslEnabled: bool('Enable/disable SSL communication with the Gateway; defaults to false.'),
    storageMode: str('ThickProvisioned or ThinProvisioned (default).'),
    storagePool: str('ScaleIO Storage Pool associated with the protection domain.'),
    system: str('Name of the storage system as configured in ScaleIO.'),
    volumeName: str('Name of a volume already created in the ScaleIO system.'),
  }, ['gateway', 'system', 'secretRef']),
  [CORE + 'StorageOSVolumeSource']: obj('A StorageOS persistent volume resource.', {
    fsType: fsType(),
    readOnly: readOnly(),
    secretRef: secretRef('Secret with StorageOS API credentials'),
    volumeName: str('Human-readable name of the StorageOS volume.'),
    volumeNamespace: str("Scope of the volume within StorageOS; defaults to the pod's namespace."),
  }),
  [CORE + 'VsphereVirtualDiskVolumeSource']: obj('A vSphere volume resource.', {
    fsType: fsType(),
    storagePolicyID: str('Storage Policy Based Management (SPBM) profile ID.'),
    storagePolicyName: str('Storage Policy Based Management (SPBM) profile name.'),
    volumePath: str('Path that identifies the vSphere volume vmdk.'),
  }, ['volumePath']),
}
