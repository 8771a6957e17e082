/** The embeddable calculators' words in Korean (`lang="ko"`), loaded on demand. */
import type { EmbedWords } from './words.ts';

export const KO_WORDS: EmbedWords = {
  headings: { params: '파라미터', kvCache: 'KV 캐시', flops: 'FLOPs', tensors: '텐서', memory: 'GPU에 들어갈까?' },
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
  memory: {
    lang: 'ko',
    labels: { weights: '가중치', gpu: 'GPU', gpus: 'GPU 수 (텐서 병렬)', reserve: '예비분 (비율)' },
    verdict: [': GPU당 ', ', GPU 하나가 내줄 수 있는 메모리는 ', ' (메모리 ', '에서 예비분 ', '을 뺀 값), GPU ', '개.'],
    legend: ['파랑: GPU당 가중치 ', ', 주황: GPU당 KV 캐시 ', ', 테두리: 빈 공간, 회색: 예비분, 세로선: GPU 메모리.'],
    rows: [
      '가중치, 전체 GPU',
      'KV 캐시, 전체 GPU',
      '들어가는 최장 컨텍스트 (토큰)',
      '들어가는 최대 배치',
      '디코드, 최대',
      '프리필, 최소',
    ],
    gpuColumn: 'GPU',
    note: 'GPU 메모리에서 예비분을 뺀 만큼에 가중치와 KV 캐시를 견줍니다. 활성값과 프레임워크는 모델링하지 않습니다. 속도는 루프라인 상한입니다(MoE: 배치 1일 때처럼 top-k 전문가). 1 GiB = 2³⁰ 바이트.',
  },
};
