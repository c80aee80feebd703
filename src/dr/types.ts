/**
 * What a DR drill measured, against section 8.1 of the design (RPO 1 h, RTO 4 h) and the
 * backups of 8.3. NOT_MEASURED is never a pass: the drill could not observe the thing at all
 * (an emulator without replication, a canary that S3 did not queue), and says why.
 */
export type DrillStatus = 'PASS' | 'FAIL' | 'NOT_MEASURED'

export interface DrillMeasurement {
  /** rpo, rto, s3-replication:BUCKET, velero-backups, teardown */
  id: string
  requirements: string[]
  status: DrillStatus
  /** The target it is judged against, in words ("<= 3600 s (RPO 1 h, 8.1)"). */
  target: string
  /** The measured duration, when there is one. */
  seconds?: number
  message: string
  details?: Record<string, unknown>
}

export interface RestoreRecord {
  sourceClusterId: string
  clusterId: string
  instanceId: string
  securityGroupId: string
  /** The source cluster's LatestRestorableTime read at the start (ISO). */
  latestRestorableTime: string
  requestedAt: string
  clusterAvailableAt?: string
  instanceAvailableAt?: string
}

export interface DrillResult {
  env: string
  account: string
  callerArn: string
  /** The tag value every resource of this drill carries (platform:drill). */
  drillId: string
  startedAt: string
  finishedAt: string
  /** What earlier drills left behind (a killed run), removed before this one started. */
  cleanedBefore: string[]
  /** What this drill created and removed at its end. */
  removed: string[]
  restore?: RestoreRecord
  measurements: DrillMeasurement[]
  summary: {pass: number; fail: number; notMeasured: number}
  /** PASS only when every measurement passed; FAIL when any failed; otherwise INCOMPLETE. */
  verdict: 'PASS' | 'FAIL' | 'INCOMPLETE'
}
