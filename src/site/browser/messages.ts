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
    'models.noMatch': 'No model matches.',
    'models.match': '{shown} of {total} models match.',
    'try.results': 'Results for {name}.',
    'try.cannotCompute': '{name} cannot be computed: {errors}',
    'try.cannotLoad': '{name} cannot be loaded: {error}',
    'try.unpacking': 'Unpacking the config in the link…',
    'try.badBase': 'The Hub base URL must be an http(s) URL without ? or #, e.g. https://huggingface.co.',
    'try.credentials': ' The user name and password in the Hub base URL were removed: they are never sent.',
    'try.fetching': 'Fetching {url}…',
    'try.computing': 'Computing {name}…',
    'try.pasteFirst': 'Paste a config.json first.',
    'memory.fits': 'Fits',
    'memory.doesNotFit': 'Does not fit',
    'memory.fitsCell': 'fits',
    'memory.barOver': 'Weights and KV cache per GPU overflow the memory the GPU offers after the reserve',
    'memory.bar': 'Weights, KV cache, free space and reserve of one GPU',
    'memory.barWeights': 'weights',
    'memory.barKv': 'KV cache',
    'memory.barFree': 'free',
    'memory.barReserve': 'reserve',
  },
  ko: {
    'share.copied': '복사했습니다.',
    'share.selected': '선택했습니다. Ctrl+C (⌘C)로 복사하세요.',
    'chart.xTitle': '컨텍스트 (토큰, 로그 눈금) →',
    'chart.yTitle': '↑ KV 캐시 ({unit}, {dtype}, 배치 {batch})',
    'chart.title': '컨텍스트 길이(로그 눈금)에 따른 KV 캐시 ({dtype}, 배치 {batch})',
    'chart.point': '{label}: {tokens} 토큰, {bytes}',
    'compare.pastContext': ' (최대 컨텍스트 초과)',
    'models.noMatch': '일치하는 모델이 없습니다.',
    'models.match': '모델 {total}개 중 {shown}개가 일치합니다.',
    'try.results': '{name}의 결과입니다.',
    'try.cannotCompute': '{name}을(를) 계산할 수 없습니다: {errors}',
    'try.cannotLoad': '{name}을(를) 불러올 수 없습니다: {error}',
    'try.unpacking': '링크에 담긴 config를 푸는 중…',
    'try.badBase': 'Hub 기본 URL은 ?나 #이 없는 http(s) URL이어야 합니다. 예: https://huggingface.co',
    'try.credentials': ' Hub 기본 URL의 사용자 이름과 비밀번호는 지웠습니다. 절대 전송하지 않습니다.',
    'try.fetching': '{url} 가져오는 중…',
    'try.computing': '{name} 계산 중…',
    'try.pasteFirst': '먼저 config.json을 붙여 넣으세요.',
    'memory.fits': '들어감',
    'memory.doesNotFit': '들어가지 않음',
    'memory.fitsCell': '들어감',
    'memory.barOver': 'GPU당 가중치와 KV 캐시가 예비분을 뺀 GPU 메모리를 넘칩니다',
    'memory.bar': 'GPU 하나의 가중치, KV 캐시, 빈 공간, 예비분',
    'memory.barWeights': '가중치',
    'memory.barKv': 'KV 캐시',
    'memory.barFree': '빈 공간',
    'memory.barReserve': '예비분',
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
