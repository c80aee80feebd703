import i18next, {type i18n} from 'i18next'
import {DESIGN_SECTIONS} from './design-sections.js'
import {MESSAGES, type Namespace} from './messages/index.js'

/** Languages of the reports people read. English is the default; Japanese is the design's own language. */
export const LANGS = ['en', 'ja'] as const
export type Lang = (typeof LANGS)[number]

/** "ns:key" for every key of every namespace, taken from the English messages: an unknown key does not compile. */
export type MessageKey = {
  [N in Namespace]: `${N}:${Extract<keyof (typeof MESSAGES)[N]['en'], string>}`
}[Namespace]

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

const instances = new Map<Lang, i18n>()

/**
 * i18next (https://www.i18next.com) with every message bundled: initialised synchronously
 * (initAsync: false) because the resources are in memory, no fallback language (a missing
 * Japanese message must show, not quietly turn English), and no HTML escaping here: every
 * renderer escapes for its own format (HTML, CSV, terminal).
 */
function instance(lang: Lang): i18n {
  let it = instances.get(lang)
  if (!it) {
    it = i18next.createInstance()
    void it.init({
      lng: lang,
      fallbackLng: false,
      initAsync: false,
      ns: Object.keys(MESSAGES),
      defaultNS: 'common',
      keySeparator: false,
      nsSeparator: ':',
      interpolation: {escapeValue: false},
      returnEmptyString: false,
      resources: Object.fromEntries(
        LANGS.map((l) => [l, Object.fromEntries(Object.entries(MESSAGES).map(([ns, m]) => [ns, m[l]]))]),
      ),
    })
    instances.set(lang, it)
  }
  return it
}

/** The message function for one language. A key missing in that language throws: no report shows a raw key. */
export function translator(lang: Lang): Translate {
  const it = instance(lang)
  return (key, vars) => {
    if (!it.exists(key)) throw new Error(`No ${lang} message for ${key}`)
    return it.t(key, vars ?? {})
  }
}

/** `--lang` first, then the configuration's `lang`, then English. */
export function resolveLang(flag: string | undefined, configured: string | undefined): Lang {
  const lang = flag ?? configured ?? 'en'
  return (LANGS as readonly string[]).includes(lang) ? (lang as Lang) : 'en'
}

/** "3.2 サブネット設計" / "3.2 Subnet design": a design section as the document names it. */
export function sectionName(section: string, lang: Lang): string {
  if (section === 'baseline') return translator(lang)('common:section.baseline')
  const name = DESIGN_SECTIONS[section]
  if (!name) return section === 'other' ? translator(lang)('common:section.other') : section
  return `${section} ${name[lang]}`
}

const JST = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

/**
 * A moment as its reader expects it: UTC ISO 8601 in English, Japan Standard Time (UTC+9, no
 * daylight saving) in Japanese. Machine outputs (JSON, SARIF, manifests) keep UTC whatever the language.
 */
export function formatTime(iso: string, lang: Lang): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  if (lang === 'en') return d.toISOString().replace(/\.\d{3}Z$/, 'Z')
  return `${JST.format(d)} JST`
}
