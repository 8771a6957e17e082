/**
 * The site's two languages: English at the root, Korean under /ko/. One dictionary of the UI
 * strings our own components, pages and islands show (Starlight translates its own chrome), keyed
 * by name, with a Korean string for every English one (the type makes a missing key a compile
 * error). Pure: the build, the browser islands and content.config.ts (which hands the strings to
 * Starlight's i18n collection) all import it.
 *
 * Numbers are formatted by src/lib/units.ts with a locale parameter; byte units stay binary (GiB)
 * in both languages. Terms follow the project's Korean glossary (/ko/glossary/).
 */

import type { BrowserMessageKey } from './browser/messages.ts';
import { BROWSER_MESSAGES } from './browser/messages.ts';
import type { DriftMessageKey } from './browser/drift-messages.ts';
import { DRIFT_MESSAGES } from './browser/drift-messages.ts';
import type { WeightFormat } from '../lib/weight-formats.ts';
import { WEIGHT_FORMAT_LABELS } from '../lib/weight-formats.ts';

export type { Lang } from './locale-path.ts';
export {
  LANGS,
  LOCALE_TAGS,
  counterpartPath,
  langOfPath,
  localizeLinks,
  localizedPath,
  unlocalizedPath,
} from './locale-path.ts';
import type { Lang } from './locale-path.ts';
import { LANGS } from './locale-path.ts';

/** The `[...locale]` route parameter of each language (src/pages/[...locale]/…): none for English. */
export function localeParam(lang: Lang): string | undefined {
  return lang === 'en' ? undefined : lang;
}

/** getStaticPaths of a page under src/pages/[...locale]/: the page once per language. */
export function localeStaticPaths(): { params: { locale: string | undefined }; props: { lang: Lang } }[] {
  return LANGS.map((lang) => ({ params: { locale: localeParam(lang) }, props: { lang } }));
}

const en = {
  // Language switch in the page chrome
  'lang.counterpart': '한국어판',

  // Calculator controls
  'controls.context': 'Context (tokens)',
  'controls.contextSlider': 'Context length on a log scale, from {min} to {max} tokens',
  'controls.batch': 'Batch (sequences)',
  'controls.dtype': 'KV dtype',
  'controls.attention': 'Attention counting',
  'controls.causal': 'causal (what kernels compute)',
  'controls.full': 'full T×T (PaLM, profilers)',
  'controls.tokensTimesBatch': 'tokens × batch',

  // Share / Embed
  'share.summary': 'Share / Embed',
  'share.link': 'Link to this state',
  'share.copyLink': 'Copy link',
  'share.iframe': 'Embed with an iframe',
  'share.copyIframe': 'Copy iframe',
  'share.element': 'Embed as an element',
  'share.copyElement': 'Copy element',

  // Model pages
  'model.headline': 'Headline numbers',
  'model.architecture': 'Architecture',
  'model.layerByLayer': 'Layer by layer',
  'model.oneLayer': 'One layer, tensor by tensor',
  'model.kvCache': 'KV cache',
  'model.flops': 'FLOPs',
  'model.family': 'Other {family} models',
  'model.tensors': 'Tensors',
  'model.checkpoint': 'Parameters and the checkpoint',
  'model.provenance': 'Provenance',
  'model.familyLine': '{family} family',
  'model.onHub': '{id} on the Hugging Face Hub',
  'model.verifiedTitle': 'The parameter count computed from config.json equals the count recorded from the Hub',
  'model.verified': '✓ matches the Hub’s count',
  'model.verifiedTerms': '✓ matches the Hub’s count, term by term',
  'model.total': 'Total parameters',
  'model.embedding': 'Embedding',
  'model.nonEmbedding': 'Non-embedding',
  'model.active': 'Active per token',
  'model.kvPerToken': 'KV cache per token (bf16)',
  'model.kvAtMaxBefore': 'KV cache at',
  'model.kvAtMaxAfter': 'tokens (bf16)',
  'model.tensorsNote':
    'Names and shapes as stored in the checkpoint (transformers state-dict names; nn.Linear weights are [out, in]).',
  'model.hubRepo': 'Hub repo',
  'model.revision': 'Revision',
  'model.pulled': 'pulled',
  'model.licence': 'Licence',
  'model.gated': ' (gated: accept it on the Hub to download)',
  'model.hubCount': 'Hub parameter count',
  'model.from': 'from',
  'model.description':
    '{id}: {layers} layers, {attention}, {activation}; parameter count, KV cache, FLOPs and every tensor, computed from its config.json.',

  // /models/
  'models.title': 'All models',
  'models.description':
    'Headline numbers of the {count} models in the snapshot, computed from their config.json files.',
  'models.col.model': 'Model',
  'models.col.family': 'Family',
  'models.col.parameters': 'Parameters',
  'models.col.active': 'Active / token',
  'models.col.nonEmbedding': 'Non-embedding',
  'models.col.attention': 'Attention',
  'models.col.kvPerToken': 'KV / token',
  'models.col.kvAtMax': 'KV at max context',
  'models.col.context': 'Context',
  'models.col.vocabulary': 'Vocabulary',
  'models.filter': 'Filter models',
  'models.filterPlaceholder': 'e.g. gemma, MoE, GQA',

  // /compare/
  'compare.title': 'Compare models',
  'compare.modelN': 'Model {n}',
  'compare.none': '(none)',

  // /try/
  'try.title': 'Try any model',

  // Glossary
  'glossary.title': 'Glossary',
  'glossary.articles': 'Explained in',

  // Sidebar
  'sidebar.guides': 'Start here',
  'sidebar.families': 'Families',
  'sidebar.concepts': 'Concepts',
  'sidebar.models': 'Models',
  'sidebar.allModels': 'All models',
  'sidebar.compare': 'Compare models',
  'sidebar.try': 'Try any model',
  'sidebar.embed': 'Embed the calculators',
  'sidebar.weightDrift': 'Weight drift between checkpoints',
  'sidebar.glossary': 'Glossary',

  // Model pages: the memory planner's section
  'model.willItFit': 'Will it fit?',

  // <WeightDrift> in an article
  'drift.summary':
    "{b} ({revisionB}) against {a} ({revisionA}): median relative change of each tensor's weights, {how}.",
  'drift.full': 'every element read',
  'drift.sampled': 'up to {rows} rows per tensor drawn with seed {seed}',
  'drift.caption':
    'Each cell is the median over the elements read of |b − a| / (|a| + ε), ε = {epsilon}, in percent; hover a cell for its exact values, its {level} % bootstrap interval over rows ({resamples} resamples) and the rows read. Produced by',
  'drift.from': 'from',
  'drift.everyTensor': "Every tensor's values",
  'drift.col.tensor': 'Tensor',
  'drift.col.shape': 'Shape',
  'drift.col.median': 'Median change',
  'drift.col.interval': '{level} % interval',
  'drift.col.rows': 'Rows read',
  'drift.exact': 'exact',
  'drift.undefined': 'undefined',
  'drift.rowsOf': '{rows} of {total}',
  // The memory planner (MemoryPlanner, ParamBar)
  'memory.weights': 'Weights',
  'memory.gpu': 'GPU',
  'memory.gpus': 'GPUs (tensor parallel)',
  'memory.reserve': 'Reserve (fraction kept free)',
  'memory.noscript':
    'JavaScript is off, so these controls do nothing: the numbers shown are for {defaults}. Settings in a link (the part of the address after ?) need JavaScript too.',
  'memory.defaults':
    '{weights} weights, a {dtype} KV cache, a context of {context} tokens, batch {batch}, {gpus} × {gpu} and a reserve of {reserve}',
  'memory.legendWeights': 'weights per GPU',
  'memory.legendKv': 'KV cache per GPU',
  'memory.legendFree': 'free',
  'memory.legendReserve': 'reserve',
  'memory.legendLimit': 'GPU memory',
  'memory.kvAll': 'KV cache (whole batch, all GPUs)',
  'memory.maxContext': 'Longest context that fits at this batch',
  'memory.tokens': 'tokens',
  'memory.capped': "(the calculators' cap: the cache stops growing)",
  'memory.maxBatch': 'Largest batch that fits at this context',
  'memory.fitsColumn': 'GPU',
  'memory.howComputed': 'How it is computed',
  'params.where': 'Where the parameters are',
  'params.whereOf': 'Where the parameters of {model} are',
  'params.part.embedding': 'Embedding',
  'params.part.attention': 'Attention',
  'params.part.denseMlp': 'MLP',
  'params.part.routedExperts': 'Routed experts and router',
  'params.part.sharedExperts': 'Shared experts',
  'params.part.norm': 'Norms',
  'params.part.lmHead': 'Output head',
  'params.part.vision': 'Vision tower',
  'params.segment': '{label}: {count} parameters, {share}',
} as const;

const ko: Record<keyof typeof en, string> = {
  'lang.counterpart': 'English version',

  'controls.context': '컨텍스트 (토큰)',
  'controls.contextSlider': '컨텍스트 길이 (로그 눈금, {min}~{max} 토큰)',
  'controls.batch': '배치 (시퀀스 수)',
  'controls.dtype': 'KV 자료형',
  'controls.attention': '어텐션 연산 계산 방식',
  'controls.causal': '인과 (커널이 실제로 계산하는 양)',
  'controls.full': '전체 T×T (PaLM, 프로파일러)',
  'controls.tokensTimesBatch': '토큰 × 배치',

  'share.summary': '공유 / 임베드',
  'share.link': '현재 상태 링크',
  'share.copyLink': '링크 복사',
  'share.iframe': 'iframe으로 임베드',
  'share.copyIframe': 'iframe 복사',
  'share.element': '요소로 임베드',
  'share.copyElement': '요소 복사',

  'model.headline': '핵심 수치',
  'model.architecture': '아키텍처',
  'model.layerByLayer': '레이어별 구성',
  'model.oneLayer': '레이어 하나, 텐서 단위로',
  'model.kvCache': 'KV 캐시',
  'model.flops': 'FLOPs',
  'model.family': '{family}의 다른 모델',
  'model.tensors': '텐서',
  'model.checkpoint': '파라미터와 체크포인트',
  'model.provenance': '출처',
  'model.familyLine': '{family} 계열',
  'model.onHub': 'Hugging Face Hub의 {id}',
  'model.verifiedTitle': 'config.json으로 계산한 파라미터 수가 Hub에서 기록한 수와 같습니다',
  'model.verified': '✓ Hub 집계와 일치',
  'model.verifiedTerms': '✓ Hub 집계와 항목별로 일치',
  'model.total': '전체 파라미터',
  'model.embedding': '임베딩',
  'model.nonEmbedding': '임베딩 제외',
  'model.active': '토큰당 활성 파라미터',
  'model.kvPerToken': '토큰당 KV 캐시 (bf16)',
  'model.kvAtMaxBefore': 'KV 캐시:',
  'model.kvAtMaxAfter': '토큰 (bf16)',
  'model.tensorsNote':
    '체크포인트에 저장된 그대로의 이름과 형태입니다 (transformers state-dict 이름, nn.Linear 가중치는 [out, in]).',
  'model.hubRepo': 'Hub 저장소',
  'model.revision': '리비전',
  'model.pulled': '가져온 날짜',
  'model.licence': '라이선스',
  'model.gated': ' (게이트: Hub에서 라이선스에 동의해야 내려받을 수 있음)',
  'model.hubCount': 'Hub 파라미터 수',
  'model.from': '출처',
  'model.description':
    '{id}: 레이어 {layers}개, {attention}, {activation}. config.json으로 계산한 파라미터 수, KV 캐시, FLOPs와 모든 텐서.',

  'models.title': '모든 모델',
  'models.description': '스냅샷에 있는 모델 {count}개의 핵심 수치. 각 모델의 config.json으로 계산했습니다.',
  'models.col.model': '모델',
  'models.col.family': '계열',
  'models.col.parameters': '파라미터',
  'models.col.active': '활성 / 토큰',
  'models.col.nonEmbedding': '임베딩 제외',
  'models.col.attention': '어텐션',
  'models.col.kvPerToken': 'KV / 토큰',
  'models.col.kvAtMax': '최대 컨텍스트 KV',
  'models.col.context': '컨텍스트',
  'models.col.vocabulary': '어휘',
  'models.filter': '모델 필터',
  'models.filterPlaceholder': '예: gemma, MoE, GQA',

  'compare.title': '모델 비교',
  'compare.modelN': '모델 {n}',
  'compare.none': '(없음)',

  'try.title': '아무 모델이나 계산하기',

  'glossary.title': '용어집',
  'glossary.articles': '설명하는 글',

  'sidebar.guides': '시작하기',
  'sidebar.families': '모델 계열',
  'sidebar.concepts': '개념',
  'sidebar.models': '모델',
  'sidebar.allModels': '모든 모델',
  'sidebar.compare': '모델 비교',
  'sidebar.try': '아무 모델이나 계산하기',
  'sidebar.embed': '계산기 임베드하기',
  'sidebar.weightDrift': '체크포인트 간 가중치 변화',
  'sidebar.glossary': '용어집',

  'model.willItFit': 'GPU에 들어갈까?',

  'drift.summary': '{a} ({revisionA}) 대비 {b} ({revisionB}): 텐서별 가중치의 상대 변화량 중앙값, {how}.',
  'drift.full': '모든 원소를 읽음',
  'drift.sampled': '텐서마다 최대 {rows}개 행을 시드 {seed}로 추출',
  'drift.caption':
    '각 칸은 읽은 원소에 대한 |b − a| / (|a| + ε)의 중앙값(ε = {epsilon})을 백분율로 나타냅니다. 칸에 마우스를 올리면 정확한 값, 행에 대한 {level} % 부트스트랩 구간(재표본 {resamples}회), 읽은 행 수가 보입니다. 다음 명령으로 만들었습니다:',
  'drift.from': '→',
  'drift.everyTensor': '텐서별 전체 값',
  'drift.col.tensor': '텐서',
  'drift.col.shape': '형태',
  'drift.col.median': '변화량 중앙값',
  'drift.col.interval': '{level} % 구간',
  'drift.col.rows': '읽은 행',
  'drift.exact': '정확한 값',
  'drift.undefined': '정의되지 않음',
  'drift.rowsOf': '{total}개 중 {rows}개',
  'memory.weights': '가중치',
  'memory.gpu': 'GPU',
  'memory.gpus': 'GPU 수 (텐서 병렬)',
  'memory.reserve': '예비분 (비워 두는 비율)',
  'memory.noscript':
    '자바스크립트가 꺼져 있어 이 컨트롤은 동작하지 않습니다. 표시된 숫자는 {defaults} 기준입니다. 링크에 담긴 설정(주소의 ? 뒤)도 자바스크립트가 있어야 적용됩니다.',
  'memory.defaults':
    '가중치 {weights}, {dtype} KV 캐시, 컨텍스트 {context} 토큰, 배치 {batch}, {gpu} {gpus}개, 예비분 {reserve}',
  'memory.legendWeights': 'GPU당 가중치',
  'memory.legendKv': 'GPU당 KV 캐시',
  'memory.legendFree': '빈 공간',
  'memory.legendReserve': '예비분',
  'memory.legendLimit': 'GPU 메모리',
  'memory.kvAll': 'KV 캐시 (배치 전체, 전체 GPU)',
  'memory.maxContext': '이 배치에서 들어가는 최장 컨텍스트',
  'memory.tokens': '토큰',
  'memory.capped': '(계산기의 상한: 캐시가 더 자라지 않음)',
  'memory.maxBatch': '이 컨텍스트에서 들어가는 최대 배치',
  'memory.fitsColumn': 'GPU',
  'memory.howComputed': '계산 방법',
  'params.where': '파라미터는 어디에 있나',
  'params.whereOf': '{model}의 파라미터는 어디에 있나',
  'params.part.embedding': '임베딩',
  'params.part.attention': '어텐션',
  'params.part.denseMlp': 'MLP',
  'params.part.routedExperts': '라우팅 전문가와 라우터',
  'params.part.sharedExperts': '공유 전문가',
  'params.part.norm': '정규화',
  'params.part.lmHead': '출력 헤드',
  'params.part.vision': '비전 타워',
  'params.segment': '{label}: 파라미터 {count}개, {share}',
};

export type MessageKey = keyof typeof en | BrowserMessageKey | DriftMessageKey;

export const MESSAGES: Record<Lang, Record<MessageKey, string>> = {
  en: { ...en, ...BROWSER_MESSAGES.en, ...DRIFT_MESSAGES.en },
  ko: { ...ko, ...BROWSER_MESSAGES.ko, ...DRIFT_MESSAGES.ko },
};

/**
 * The string for `key` in `lang`, with `{name}` placeholders filled from `vars`.
 * @example t('ko', 'compare.modelN', { n: 2 }) //=> '모델 2'
 */
export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/**
 * Component labels (table headers, definition terms, captions), keyed by their English text so a
 * component reads as before: `{l('Attention')}`. The Korean for each; the type rejects an
 * English label that has none.
 */
const LABELS_KO = {
  'Prefill: a prompt of': '프리필: 프롬프트',
  tokens: '토큰',
  'tokens × batch': '토큰 × 배치',
  'Per token, all': '토큰 하나, 레이어',
  layers: '개 전체',
  'KV cache': 'KV 캐시',
  FLOPs: 'FLOPs',
  'MHA, GQA and MQA': 'MHA, GQA, MQA',
  Attention: '어텐션',
  'KV heads': 'KV 헤드',
  Parameters: '파라미터',
  'KV cache / token': '토큰당 KV 캐시',
  'Decode FLOPs': '디코드 FLOPs',
  Model: '모델',
  'Active / token': '활성 / 토큰',
  Key: '키',
  Metric: '지표',
  'As released': '공개된 그대로',
  Difference: '차이',
  Ratio: '비율',
  Family: '계열',
  'Training tokens (cited)': '학습 토큰 (인용)',
  Total: '합계',
  'Attention share': '어텐션 비중',
  'Decode: the next token after them': '디코드: 그다음 토큰 하나',
  'Training on the prompt (3 × prefill)': '프롬프트로 학습 (프리필의 3배)',
  "Without MLA's compression (transformers' eager cache)": 'MLA 압축 없이 (transformers의 eager 캐시)',
  'attn: attention reach': 'attn: 어텐션 범위',
  'pos: position encoding': 'pos: 위치 인코딩',
  'MLP: feed-forward': 'MLP: 피드포워드',
  Change: '변경',
  'What changed': '바뀐 점',
  Source: '출처',
  'Attention reach': '어텐션 범위',
  'Attention sinks': '어텐션 싱크 (attention sinks)',
  'Layers and widths': '레이어와 너비',
  'Fused projections': '합쳐진 프로젝션',
  'Mixture of experts': '전문가 혼합 (MoE)',
  Normalisation: '정규화',
  Positions: '위치 인코딩',
  Embeddings: '임베딩',
  Biases: '바이어스',
  'Logit soft-capping': '로짓 소프트 캡핑 (soft-capping)',
  'Vision tower': '비전 타워',
  'Multi-token prediction': '다중 토큰 예측 (MTP)',
  Class: '클래스',
  Tensor: '텐서',
  Shape: '형태',
  Share: '비중',
  "From parameters to the checkpoint's count": '파라미터에서 체크포인트 집계까지',
  'What that changes': '그래서 달라지는 것',
  'What the configs do not record': 'config에 기록되지 않은 것',
  // kostr: component labels of the Korean model pages and articles
  Embedding: '임베딩',
  'MLP / experts': 'MLP / 전문가',
  Norms: '정규화',
  'Output head': '출력 헤드 (lm_head)',
  'KV cache per token (bf16)': '토큰당 KV 캐시 (bf16)',
  'Context (tokens)': '컨텍스트 (토큰)',
  'KV cache at full context (bf16)': '최대 컨텍스트의 KV 캐시 (bf16)',
} as const;

export type Label = keyof typeof LABELS_KO;

/** The label function of a language: `labeler('ko')('Attention')` → '어텐션'. */
export function labeler(lang: Lang): (label: Label) => string {
  return (label) => (lang === 'ko' ? LABELS_KO[label] : label);
}

/** The weight formats' names in Korean (src/lib/weight-formats.ts has the English ones). */
const WEIGHT_FORMAT_LABELS_KO: Record<WeightFormat, string> = {
  fp32: 'fp32 (32비트, 모든 텐서)',
  bf16: 'bf16 (16비트, 모든 텐서)',
  fp16: 'fp16 (16비트, 모든 텐서)',
  fp8: 'fp8 (8비트, 디코더 선형 가중치)',
  int8: 'int8 (8비트, 디코더 선형 가중치)',
  int4: 'int4 AWQ/GPTQ (4.15625비트, 디코더 선형 가중치)',
  mxfp4: 'mxfp4 (4.25비트, 디코더 선형 가중치)',
  q8_0: 'GGUF Q8_0 (8.5비트)',
  q4_0: 'GGUF Q4_0 (4.5비트, 헤드 Q6_K)',
  q4_k_m: 'GGUF Q4_K_M (llama.cpp의 텐서별 혼합)',
};

/** A weight format's name in the page's language, as the memory planner's control lists it. */
export function weightFormatLabel(lang: Lang, format: WeightFormat): string {
  return lang === 'ko' ? WEIGHT_FORMAT_LABELS_KO[format] : WEIGHT_FORMAT_LABELS[format];
}
