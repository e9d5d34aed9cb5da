/** The CronJob controller and its pure plan. */
export {CronJobController, cronJobsRef, type CronJobControllerOptions} from './controller.js'
export {jobFromTemplate, jobNameFor, jobRef, maxMissedTimes, planCronJob, scheduledTimestampAnnotation, type CronJobPlan, type PlannedEvent} from './plan.js'
