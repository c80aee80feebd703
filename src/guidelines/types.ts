/**
 * The Japanese medical-information guidelines (3省2ガイドライン) as data: the items this
 * environment can evidence, each traced to the public document it comes from.
 */

/** mhlw-6.0: 厚生労働省「医療情報システムの安全管理に関するガイドライン 第6.0版」.
 * meti-mic-1.1: 経済産業省・総務省「医療情報を取り扱う情報システム・サービスの提供事業者における安全管理ガイドライン 第1.1版」. */
export const FRAMEWORKS = ['mhlw-6.0', 'meti-mic-1.1'] as const
export type FrameworkId = (typeof FRAMEWORKS)[number]

export interface GuidelineSource {
  /** The publisher's title of the document, as published. */
  title: string
  /** Where it is published (the publisher's page or PDF). */
  url: string
  /** Where the item's number and wording were confirmed (a page found with `search`), when not the URL itself. */
  seenAt?: string
}

export interface GuidelineItem {
  /** Stable id: `${framework}:${volume}:${number}`, e.g. "mhlw-6.0:system-operation:13". */
  id: string
  framework: FrameworkId
  /** e.g. 'system-operation' (システム運用編), 'planning' (企画管理編), 'overview' (概説編), 'qa' (Q&A). */
  volume: string
  volumeTitle: {ja: string; en: string}
  /** Section / item number as the document prints it, e.g. "13", "12.②", "Q&A 運-12". */
  number: string
  title: {ja: string; en: string}
  source: GuidelineSource
  /** False when the number could not be confirmed against a source: shown as unconfirmed, never as fact. */
  confirmed: boolean
  /**
   * auto: live AWS state evidences it (checks map to it).
   * manual: it needs people or paper (policies, training, contracts); `evidence` says what an auditor expects.
   */
  kind: 'auto' | 'manual'
  /** For manual items: the evidence expected (documents, records), in both languages. */
  evidence?: {ja: string; en: string}
}
