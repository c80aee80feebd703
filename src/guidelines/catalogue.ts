import {METI_MIC_ITEMS} from './catalogue-meti.js'
import {MHLW_ITEMS} from './catalogue-mhlw.js'
import {FRAMEWORKS, type FrameworkId, type GuidelineItem} from './types.js'

/** Every guideline item this environment can evidence, MHLW first, in document order. */
export const GUIDELINE_ITEMS: readonly GuidelineItem[] = [...MHLW_ITEMS, ...METI_MIC_ITEMS]

/** The publisher's title of each framework's document. */
export const FRAMEWORK_TITLES: Record<FrameworkId, {ja: string; en: string}> = {
  'mhlw-6.0': {
    ja: '医療情報システムの安全管理に関するガイドライン 第6.0版（厚生労働省）',
    en: 'MHLW Guidelines for the Security Management of Medical Information Systems, 6.0',
  },
  'meti-mic-1.1': {
    ja: '医療情報を取り扱う情報システム・サービスの提供事業者における安全管理ガイドライン 第1.1版（経済産業省・総務省）',
    en: 'METI/MIC Security Guidelines for Providers of Systems and Services Handling Medical Information, 1.1',
  },
}

const BY_ID = new Map(GUIDELINE_ITEMS.map((i) => [i.id, i]))

export function guidelineItem(id: string): GuidelineItem | undefined {
  return BY_ID.get(id)
}

export function itemsOfFramework(framework: FrameworkId): GuidelineItem[] {
  return GUIDELINE_ITEMS.filter((i) => i.framework === framework)
}

export function isFramework(s: string): s is FrameworkId {
  return (FRAMEWORKS as readonly string[]).includes(s)
}
