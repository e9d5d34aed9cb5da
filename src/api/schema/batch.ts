/**
 * batch/v1 Job and CronJob.
 */
import {arr, BATCH, bool, core, int32, int64, kind, list, meta, obj, oneOf, ref, set, str, time, typeMeta, type Schema, type SchemaTable} from './dsl.js'

const batch = (name: string, description?: string): Schema => ref(BATCH + name, description)

export const batchSchemas: SchemaTable = {
  [BATCH + 'CronJob']: kind({group: 'batch', version: 'v1', kind: 'CronJob'}, 'CronJob represents the configuration of a single cron job.', {
    ...typeMeta(),
    spec: batch('CronJobSpec', 'Specification of the desired behavior of a cron job, including the schedule.'),
    status: batch('CronJobStatus', 'Current status of a cron job.'),
  }),
  [BATCH + 'CronJobSpec']: obj('How the job execution will look like and when it will actually run.', {
    concurrencyPolicy: oneOf(['Allow', 'Forbid', 'Replace'], 'How to treat concurrent executions of a Job: Allow (default), Forbid or Replace.'),
    failedJobsHistoryLimit: int32('The number of failed finished jobs to retain; defaults to 1.'),
    jobTemplate: batch('JobTemplateSpec', 'The job that will be created when executing a CronJob.'),
    schedule: str('The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    startingDeadlineSeconds: int64('Deadline in seconds for starting the job if it misses scheduled time for any reason.'),
    successfulJobsHistoryLimit: int32('The number of successful finished jobs to retain; defaults to 3.'),
    suspend: bool('Tells the controller to suspend subsequent executions; defaults to false.'),
    timeZone: str('The time zone name for the given schedule (IANA); the controller manager\'s local time zone when unset.'),
  }, ['schedule', 'jobTemplate']),
  [BATCH + 'JobTemplateSpec']: obj('Describes the data a Job should have when created from a template.', {
    metadata: meta('ObjectMeta', 'Standard object\'s metadata of the jobs created from this template.'),
    spec: batch('JobSpec', 'Specification of the desired behavior of the job.'),
  }),
  [BATCH + 'CronJobStatus']: obj('The current state of a cron job.', {
    active: {...arr(core('ObjectReference'), 'A list of pointers to currently running jobs.'), 'x-kubernetes-list-type': 'atomic'},
    lastScheduleTime: time('Information when was the last time the job was successfully scheduled.'),
    lastSuccessfulTime: time('Information when was the last time the job successfully completed.'),
  }),
  [BATCH + 'Job']: kind({group: 'batch', version: 'v1', kind: 'Job'}, 'Job represents the configuration of a single job.', {
    ...typeMeta(),
    spec: batch('JobSpec', 'Specification of the desired behavior of a job.'),
    status: batch('JobStatus', 'Current status of a job.'),
  }),
  [BATCH + 'JobSpec']: obj('How the job execution will look like.', {
    activeDeadlineSeconds: int64('Seconds the job may be continuously active before the system tries to terminate it.'),
    backoffLimit: int32('Retries before marking the job failed; defaults to 6.'),
    backoffLimitPerIndex: int32('Retries within an index before marking it failed (Indexed jobs).'),
    completionMode: oneOf(['Indexed', 'NonIndexed'], 'NonIndexed (default) or Indexed: how pod completions are tracked.'),
    completions: int32('Desired number of successfully finished pods.'),
    managedBy: str('Controller that manages the job; job-controller.k8s.io (the built-in controller) when unset.'),
    manualSelector: bool('Whether the selector is given by the user instead of generated.'),
    maxFailedIndexes: int32('Maximal number of failed indexes before the job is marked failed (Indexed jobs).'),
    parallelism: int32('Maximum number of pods the job should run at any given time; defaults to 1.'),
    podFailurePolicy: batch('PodFailurePolicy', 'How failed pods influence the backoffLimit.'),
    podReplacementPolicy: oneOf(['Failed', 'TerminatingOrFailed'], 'When replacement pods are created: TerminatingOrFailed or Failed.'),
    selector: meta('LabelSelector', 'Label query over pods; generated from the job uid unless manualSelector is true.'),
    successPolicy: batch('SuccessPolicy', 'When the job can be declared succeeded based on succeeded pods.'),
    suspend: bool('Whether the job controller should create pods; defaults to false.'),
    template: core('PodTemplateSpec', 'The pod that will be created when executing a job (restartPolicy Never or OnFailure).'),
    ttlSecondsAfterFinished: int32('Seconds after the job finishes before it is automatically deleted.'),
  }, ['template']),
  [BATCH + 'PodFailurePolicy']: obj('How failed pods influence the backoffLimit.', {
    rules: arr(batch('PodFailurePolicyRule'), 'Pod failure policy rules, evaluated in order (at most 20).'),
  }, ['rules']),
  [BATCH + 'PodFailurePolicyRule']: obj('How a pod failure is handled when its requirements are met.', {
    action: oneOf(['Count', 'FailIndex', 'FailJob', 'Ignore'], 'FailJob, FailIndex, Ignore or Count.'),
    onExitCodes: batch('PodFailurePolicyOnExitCodesRequirement', 'Requirement on the container exit codes.'),
    onPodConditions: arr(batch('PodFailurePolicyOnPodConditionsPattern'), 'Requirements on the pod conditions (ORed).'),
  }, ['action']),
  [BATCH + 'PodFailurePolicyOnExitCodesRequirement']: obj('Handling of a failed pod based on its container exit codes.', {
    containerName: str('Restricts the check to the container with this name.'),
    operator: oneOf(['In', 'NotIn'], 'In or NotIn: relationship between the exit codes and the values.'),
    values: set(int32(), 'Exit codes to check (at most 255).'),
  }, ['operator', 'values']),
  [BATCH + 'PodFailurePolicyOnPodConditionsPattern']: obj('A pattern matching an actual pod condition type.', {
    status: str('Required pod condition status; defaults to True.'),
    type: str('Required pod condition type.'),
  }, ['type']),
  [BATCH + 'SuccessPolicy']: obj('When a Job can be declared succeeded based on its succeeded pods.', {
    rules: arr(batch('SuccessPolicyRule'), 'Success criteria, ORed (at most 20).'),
  }, ['rules']),
  [BATCH + 'SuccessPolicyRule']: obj('A rule for declaring a Job succeeded.', {
    succeededCount: int32('Minimal number of succeeded indexes required.'),
    succeededIndexes: str('Set of indexes, e.g. "1,3-5", that must be in the succeeded set.'),
  }),
  [BATCH + 'JobStatus']: obj('The current state of a Job.', {
    active: int32('The number of pending and running pods that are not terminating.'),
    completedIndexes: str('Completed indexes in text format (Indexed jobs), e.g. "1,3-5,7".'),
    completionTime: time('When the job was completed.'),
    conditions: {...list(batch('JobCondition'), "Latest available observations of the job's state."), 'x-kubernetes-list-type': 'atomic', 'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-patch-strategy': 'merge'},
    failed: int32('The number of pods which reached phase Failed.'),
    failedIndexes: str('Failed indexes in text format (Indexed jobs with backoffLimitPerIndex).'),
    ready: int32('The number of active pods with a Ready condition.'),
    startTime: time('When the job controller started processing the job.'),
    succeeded: int32('The number of pods which reached phase Succeeded.'),
    terminating: int32('The number of terminating pods.'),
    uncountedTerminatedPods: batch('UncountedTerminatedPods', 'UIDs of finished pods not yet accounted for in the counters.'),
  }),
  [BATCH + 'JobCondition']: obj('The current state of a job.', {
    lastProbeTime: time('Last time the condition was checked.'),
    lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
    message: str('Human readable message indicating details about the last transition.'),
    reason: str("(brief) reason for the condition's last transition."),
    status: str('True, False or Unknown.'),
    type: str('Type of job condition: Complete, Failed, Suspended, FailureTarget, SuccessCriteriaMet.'),
  }, ['type', 'status']),
  [BATCH + 'UncountedTerminatedPods']: obj('UIDs of pods that terminated but are not yet counted in the job status counters.', {
    failed: set(str(), 'UIDs of failed pods.'),
    succeeded: set(str(), 'UIDs of succeeded pods.'),
  }),
}
