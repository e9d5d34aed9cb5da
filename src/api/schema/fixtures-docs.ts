/**
 * Test fixtures: realistic, complete manifests of every kind mkube serves, in the style of the
 * kubernetes.io documentation examples. They must have zero unknown fields. Not used at runtime.
 */

/** Examples in the style of the kubernetes.io documentation, one or more per served kind. */
export const docsExamples: Record<string, unknown> = {
  nginxDeployment: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'nginx-deployment', labels: {app: 'nginx'}},
    spec: {replicas: 3, selector: {matchLabels: {app: 'nginx'}}, template: {metadata: {labels: {app: 'nginx'}}, spec: {containers: [{name: 'nginx', image: 'nginx:1.14.2', ports: [{containerPort: 80}]}]}}},
  },
  recreateDeployment: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'db'},
    spec: {strategy: {type: 'Recreate'}, selector: {matchLabels: {app: 'db'}}, template: {metadata: {labels: {app: 'db'}}, spec: {containers: [{name: 'postgres', image: 'postgres:16', env: [{name: 'POSTGRES_PASSWORD', valueFrom: {secretKeyRef: {name: 'pg', key: 'password'}}}]}]}}},
  },
  myappPod: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name: 'myapp-pod', labels: {'app.kubernetes.io/name': 'MyApp'}},
    spec: {
      containers: [{name: 'myapp-container', image: 'busybox:1.28', command: ['sh', '-c', 'echo The app is running! && sleep 3600']}],
      initContainers: [
        {name: 'init-myservice', image: 'busybox:1.28', command: ['sh', '-c', 'until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done']},
      ],
    },
  },
  schedulingGatedPod: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name: 'test-pod'},
    spec: {schedulingGates: [{name: 'example.com/foo'}, {name: 'example.com/bar'}], containers: [{name: 'pause', image: 'registry.k8s.io/pause:3.6'}], nodeName: '', hostNetwork: false, hostPID: false, hostIPC: false, hostUsers: true, setHostnameAsFQDN: false, activeDeadlineSeconds: 600, preemptionPolicy: 'Never', schedulerName: 'default-scheduler', overhead: {cpu: '10m'}},
  },
  service: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name: 'my-service'},
    spec: {selector: {'app.kubernetes.io/name': 'MyApp'}, ports: [{name: 'http', protocol: 'TCP', port: 80, targetPort: 'http-web-svc', appProtocol: 'http'}], sessionAffinity: 'ClientIP', sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}},
  },
  loadBalancer: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name: 'lb'},
    spec: {
      type: 'LoadBalancer', selector: {app: 'lb'}, ports: [{port: 443, targetPort: 8443, nodePort: 30443}], externalTrafficPolicy: 'Local', loadBalancerSourceRanges: ['203.0.113.0/24'],
      allocateLoadBalancerNodePorts: true, loadBalancerClass: 'example.com/lb', ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'], internalTrafficPolicy: 'Cluster', publishNotReadyAddresses: false,
      externalIPs: ['198.51.100.7'], trafficDistribution: 'PreferClose',
    },
    status: {loadBalancer: {ingress: [{ip: '192.0.2.127', ipMode: 'VIP', ports: [{port: 443, protocol: 'TCP'}]}, {hostname: 'lb.example.com'}]}, conditions: [{type: 'Ready', status: 'True', lastTransitionTime: '2024-05-01T12:00:00Z', reason: 'Provisioned', message: 'ok', observedGeneration: 1}]},
  },
  externalName: {apiVersion: 'v1', kind: 'Service', metadata: {name: 'my-database'}, spec: {type: 'ExternalName', externalName: 'db.example.com'}},
  manualEndpoints: {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {name: 'my-service'},
    subsets: [{addresses: [{ip: '192.0.2.42', hostname: 'db-0', nodeName: 'worker-1', targetRef: {kind: 'Pod', name: 'db-0', namespace: 'default', uid: 'u1', resourceVersion: '5'}}], ports: [{name: 'pg', port: 5432, protocol: 'TCP', appProtocol: 'postgresql'}]}],
  },
  configMap: {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {name: 'game-demo'},
    data: {player_initial_lives: '3', ui_properties_file_name: 'user-interface.properties', 'game.properties': 'enemy.types=aliens,monsters\nplayer.maximum-lives=5\n'},
    binaryData: {'logo.png': 'iVBORw0KGgo='},
    immutable: true,
  },
  tlsSecret: {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {name: 'secret-tls'},
    type: 'kubernetes.io/tls',
    data: {'tls.crt': 'LS0tLS1CRUdJTi==', 'tls.key': 'LS0tLS1CRUdJTi=='},
    stringData: {'ca.crt': '-----BEGIN CERTIFICATE-----'},
    immutable: false,
  },
  serviceAccount: {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'build-robot'}, automountServiceAccountToken: false, imagePullSecrets: [{name: 'myregistrykey'}], secrets: [{name: 'build-robot-token'}]},
  namespace: {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'development', labels: {name: 'development'}}, spec: {finalizers: ['kubernetes']}, status: {phase: 'Active', conditions: [{type: 'NamespaceContentRemaining', status: 'False', lastTransitionTime: '2024-05-01T12:00:00Z'}]}},
  piJob: {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {name: 'pi'},
    spec: {backoffLimit: 4, ttlSecondsAfterFinished: 100, template: {spec: {containers: [{name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)']}], restartPolicy: 'Never'}}},
  },
  indexedJob: {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {name: 'job-pod-failure-policy-example'},
    spec: {
      completions: 12, parallelism: 3, completionMode: 'Indexed', backoffLimitPerIndex: 1, maxFailedIndexes: 5, activeDeadlineSeconds: 3600, suspend: false, podReplacementPolicy: 'Failed',
      manualSelector: false, managedBy: 'kubernetes.io/job-controller',
      podFailurePolicy: {rules: [{action: 'FailJob', onExitCodes: {containerName: 'main', operator: 'In', values: [42]}}, {action: 'Ignore', onPodConditions: [{type: 'DisruptionTarget', status: 'True'}]}]},
      successPolicy: {rules: [{succeededIndexes: '0,2-3', succeededCount: 1}]},
      template: {spec: {restartPolicy: 'Never', containers: [{name: 'main', image: 'docker.io/library/bash:5', command: ['bash', '-c', 'exit $((JOB_COMPLETION_INDEX % 2))']}]}},
    },
    status: {
      startTime: '2024-05-01T12:00:00Z', active: 3, succeeded: 2, failed: 1, ready: 2, terminating: 0, completedIndexes: '0,2', failedIndexes: '1',
      uncountedTerminatedPods: {succeeded: ['uid-a'], failed: []}, conditions: [{type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: '2024-05-01T12:05:00Z', lastTransitionTime: '2024-05-01T12:05:00Z', reason: 'SuccessPolicy', message: 'Matched rules at index 0'}],
    },
  },
  fluentdDaemonSet: {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {name: 'fluentd-elasticsearch', namespace: 'kube-system', labels: {'k8s-app': 'fluentd-logging'}},
    spec: {
      selector: {matchLabels: {name: 'fluentd-elasticsearch'}},
      updateStrategy: {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 1, maxSurge: 0}},
      template: {
        metadata: {labels: {name: 'fluentd-elasticsearch'}},
        spec: {
          tolerations: [{key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule'}],
          containers: [{name: 'fluentd-elasticsearch', image: 'quay.io/fluentd_elasticsearch/fluentd:v2.5.2', resources: {limits: {memory: '200Mi'}, requests: {cpu: '100m', memory: '200Mi'}}, volumeMounts: [{name: 'varlog', mountPath: '/var/log'}]}],
          terminationGracePeriodSeconds: 30,
          volumes: [{name: 'varlog', hostPath: {path: '/var/log'}}],
        },
      },
    },
    status: {currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 3, numberAvailable: 3, updatedNumberScheduled: 3, observedGeneration: 1},
  },
  frontendReplicaSet: {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {name: 'frontend', labels: {app: 'guestbook', tier: 'frontend'}},
    spec: {replicas: 3, selector: {matchLabels: {tier: 'frontend'}}, template: {metadata: {labels: {tier: 'frontend'}}, spec: {containers: [{name: 'php-redis', image: 'us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5'}]}}},
  },
  lease: {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {name: 'kube-scheduler', namespace: 'kube-system'},
    spec: {holderIdentity: 'master_1234', leaseDurationSeconds: 15, acquireTime: '2024-05-01T12:00:00.000000Z', renewTime: '2024-05-01T12:05:00.123456Z', leaseTransitions: 2},
  },
  event: {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {name: 'web.17c1', namespace: 'default'},
    involvedObject: {kind: 'Pod', name: 'web', namespace: 'default', apiVersion: 'v1', fieldPath: 'spec.containers{web}'},
    reason: 'Pulled', message: 'Successfully pulled image', type: 'Normal', count: 1, firstTimestamp: '2024-05-01T12:00:00Z', lastTimestamp: '2024-05-01T12:00:00Z',
    source: {component: 'kubelet', host: 'worker-1'}, reportingComponent: 'kubelet', reportingInstance: 'worker-1', action: 'Pull',
    eventTime: '2024-05-01T12:00:00.000000Z', series: {count: 2, lastObservedTime: '2024-05-01T12:01:00.000000Z'}, related: {kind: 'Node', name: 'worker-1'},
  },
  node: {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {name: 'worker-1', labels: {'kubernetes.io/hostname': 'worker-1'}},
    spec: {podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'], providerID: 'mkube://worker-1', unschedulable: false, taints: [{key: 'gpu', value: 'true', effect: 'NoSchedule'}]},
    status: {
      capacity: {cpu: '4', memory: '8Gi', pods: '110'},
      allocatable: {cpu: '3800m', memory: '7Gi', pods: '110'},
      conditions: [{type: 'Ready', status: 'True', lastHeartbeatTime: '2024-05-01T12:00:00Z', lastTransitionTime: '2024-04-01T12:00:00Z', reason: 'KubeletReady', message: 'kubelet is posting ready status'}],
      addresses: [{type: 'InternalIP', address: '192.168.1.11'}, {type: 'Hostname', address: 'worker-1'}],
      daemonEndpoints: {kubeletEndpoint: {Port: 10250}},
      nodeInfo: {
        machineID: 'm', systemUUID: 's', bootID: 'b', kernelVersion: '6.8.0', osImage: 'Ubuntu 24.04 LTS', containerRuntimeVersion: 'podman://5.0.2', kubeletVersion: 'v1.32.0-mkube',
        kubeProxyVersion: 'v1.32.0-mkube', operatingSystem: 'linux', architecture: 'amd64', swap: {capacity: 0},
      },
      images: [{names: ['docker.io/library/nginx:1.25'], sizeBytes: 187000000}],
      volumesInUse: [], volumesAttached: [{name: 'kubernetes.io/csi/x', devicePath: '/dev/sdb'}],
      runtimeHandlers: [{name: '', features: {recursiveReadOnlyMounts: true, userNamespaces: false}}],
      features: {supplementalGroupsPolicy: true},
    },
  },
  scale: {apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: {name: 'web', namespace: 'default'}, spec: {replicas: 5}, status: {replicas: 3, selector: 'app=web'}},
  binding: {apiVersion: 'v1', kind: 'Binding', metadata: {name: 'web', namespace: 'default'}, target: {apiVersion: 'v1', kind: 'Node', name: 'worker-1'}},
  eviction: {apiVersion: 'policy/v1', kind: 'Eviction', metadata: {name: 'web', namespace: 'default'}, deleteOptions: {gracePeriodSeconds: 0, preconditions: {uid: 'u'}, propagationPolicy: 'Background', dryRun: ['All']}},
}
