/** The embeddable calculators' words in Korean (`lang="ko"`), loaded on demand. */
import type { EmbedWords } from './words.ts';

export const KO_WORDS: EmbedWords = {
  headings: { params: '파라미터', kvCache: 'KV 캐시', flops: 'FLOPs', tensors: '텐서', memory: '메모리에 들어갈까?' },
  loading: '불러오는 중…',
  parts: {
    total: '전체',
    embedding: '임베딩',
    nonEmbedding: '임베딩 제외',
    activePerToken: '토큰당 활성',
    vision: '비전 타워',
    checkpoint: '체크포인트 (Hub 집계)',
  },
  exactly: ['체크포인트의 모든 텐서를 센 파라미터는 정확히 ', '개입니다.'],
  kvNote: (dtype, batch) => `${dtype}, 배치 ${batch}. 1 GiB = 2³⁰ 바이트.`,
  perToken: '토큰당',
  atTokens: (tokens) => `${tokens} 토큰`,
  flopsNote: (tokens, attention) =>
    `시퀀스 하나, ${tokens} 토큰, 어텐션 계산 방식 ${attention}. 곱셈-덧셈 하나는 2 FLOPs입니다.`,
  prefill: '프리필',
  decode: '디코드 (다음 토큰)',
  training: '학습 (프리필의 3배)',
  tensorColumns: ['텐서', '형태', '파라미터', '×', '비중'],
  tensorGroups: '텐서 그룹',
  tensorsNote: ['개 텐서, 파라미터 ', '개'],
  failed: (name) => `이 모델을 계산할 수 없습니다 (${name})`,
  locale: 'ko-KR',
};
