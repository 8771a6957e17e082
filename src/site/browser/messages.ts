/**
 * The strings the browser islands write (copy status, the KV chart's titles, the model filter's
 * count), in both languages. Kept apart from the rest of src/site/i18n.ts, which merges them into
 * the one dictionary, so an island ships only these. The page's language is `<html lang>`.
 */
export const BROWSER_MESSAGES = {
  en: {
    'share.copied': 'Copied.',
    'share.selected': 'Selected: press Ctrl+C (⌘C) to copy.',
    'chart.xTitle': 'Context (tokens, log scale) →',
    'chart.yTitle': '↑ KV cache ({unit}, {dtype}, batch {batch})',
    'chart.title': 'KV cache against context length on a log scale ({dtype}, batch {batch})',
    'chart.point': '{label}: {tokens} tokens, {bytes}',
    'compare.pastContext': ' (past its context)',
  },
  ko: {
    'share.copied': '복사했습니다.',
    'share.selected': '선택했습니다. Ctrl+C (⌘C)로 복사하세요.',
    'chart.xTitle': '컨텍스트 (토큰, 로그 눈금) →',
    'chart.yTitle': '↑ KV 캐시 ({unit}, {dtype}, 배치 {batch})',
    'chart.title': '컨텍스트 길이(로그 눈금)에 따른 KV 캐시 ({dtype}, 배치 {batch})',
    'chart.point': '{label}: {tokens} 토큰, {bytes}',
    'compare.pastContext': ' (최대 컨텍스트 초과)',
  },
} as const;

export type BrowserLang = keyof typeof BROWSER_MESSAGES;
export type BrowserMessageKey = keyof (typeof BROWSER_MESSAGES)['en'];

/** The language of a page or element: Korean when its `lang` is `ko…`, English otherwise. */
export function langOf(element: Element | null | undefined): BrowserLang {
  const lang = element?.closest('[lang]')?.getAttribute('lang') ?? '';
  return lang.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** The number locale of a language, for src/lib/units.ts. */
export function numberLocale(lang: BrowserLang): string {
  return lang === 'ko' ? 'ko-KR' : 'en-US';
}

/** A browser string with `{name}` placeholders filled. */
export function tb(lang: BrowserLang, key: BrowserMessageKey, vars: Record<string, string | number> = {}): string {
  const text: string = BROWSER_MESSAGES[lang][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
