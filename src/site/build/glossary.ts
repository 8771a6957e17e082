/**
 * The glossary, both languages in one list: each term in English and in Korean (the Korean
 * edition's term choices), a one-line definition in each, and the articles that explain it.
 * `/glossary/` and `/ko/glossary/` render it (components/Glossary.astro); article links are site
 * paths and follow the page's language. A site test checks every link resolves.
 */
import type { Lang } from '../i18n.ts';

export interface GlossaryTerm {
  /** The anchor of the term on both pages. */
  id: string;
  en: string;
  ko: string;
  definition: Record<Lang, string>;
  /** Site paths of the articles that explain it, first the main one. */
  articles: string[];
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  {
    id: 'mha',
    en: 'multi-head attention (MHA)',
    ko: '멀티 헤드 어텐션 (MHA)',
    definition: {
      en: 'Attention with one key/value head per query head.',
      ko: '쿼리 헤드마다 키/값 헤드를 하나씩 두는 어텐션.',
    },
    articles: ['/concepts/attention-heads/', '/families/gpt-2/'],
  },
  {
    id: 'mqa',
    en: 'multi-query attention (MQA)',
    ko: '멀티 쿼리 어텐션 (MQA)',
    definition: {
      en: 'Attention in which all query heads share a single key/value head.',
      ko: '모든 쿼리 헤드가 키/값 헤드 하나를 공유하는 어텐션.',
    },
    articles: ['/concepts/attention-heads/', '/families/gemma/'],
  },
  {
    id: 'gqa',
    en: 'grouped-query attention (GQA)',
    ko: '그룹 쿼리 어텐션 (GQA)',
    definition: {
      en: 'Attention in which each group of query heads shares one key/value head, shrinking the KV cache.',
      ko: '쿼리 헤드를 그룹으로 묶어 그룹마다 키/값 헤드 하나를 공유하게 해 KV 캐시를 줄이는 어텐션.',
    },
    articles: ['/concepts/attention-heads/', '/families/llama/'],
  },
  {
    id: 'mla',
    en: 'multi-head latent attention (MLA)',
    ko: '멀티 헤드 잠재 어텐션 (MLA)',
    definition: {
      en: 'Attention that caches one compressed latent per token and rebuilds keys and values from it.',
      ko: '토큰마다 압축된 잠재 벡터 하나만 캐시하고 거기서 키와 값을 복원하는 어텐션.',
    },
    articles: ['/concepts/mla/', '/families/deepseek-v3/'],
  },
  {
    id: 'latent',
    en: 'latent',
    ko: '잠재 벡터',
    definition: {
      en: 'The low-rank vector MLA stores in place of full keys and values.',
      ko: 'MLA가 전체 키와 값 대신 저장하는 저차원 벡터.',
    },
    articles: ['/concepts/mla/'],
  },
  {
    id: 'sliding-window',
    en: 'sliding-window attention',
    ko: '슬라이딩 윈도 어텐션',
    definition: {
      en: 'Attention in which each token sees only the most recent w tokens (the window).',
      ko: '각 토큰이 가장 최근 토큰 w개(윈도)만 보는 어텐션.',
    },
    articles: ['/concepts/sliding-window/', '/families/mistral/'],
  },
  {
    id: 'window',
    en: 'window',
    ko: '윈도',
    definition: {
      en: 'The number of most recent tokens a sliding-window layer attends to and caches.',
      ko: '슬라이딩 윈도 레이어가 어텐션하고 캐시하는 최근 토큰의 수.',
    },
    articles: ['/concepts/sliding-window/'],
  },
  {
    id: 'local-global',
    en: 'local/global attention',
    ko: '로컬/글로벌 어텐션',
    definition: {
      en: 'Alternating sliding-window (local) layers with full-attention (global) layers.',
      ko: '슬라이딩 윈도(로컬) 레이어와 전체 어텐션(글로벌) 레이어를 번갈아 쓰는 구성.',
    },
    articles: ['/concepts/local-global/', '/families/gemma-3/'],
  },
  {
    id: 'layer-pattern',
    en: 'layer pattern',
    ko: '레이어 패턴',
    definition: {
      en: 'The repeating sequence of layer types, such as five local layers then one global.',
      ko: '로컬 다섯 개 뒤에 글로벌 하나처럼 반복되는 레이어 종류의 순서.',
    },
    articles: ['/concepts/local-global/'],
  },
  {
    id: 'moe',
    en: 'mixture of experts (MoE)',
    ko: '전문가 혼합 (MoE)',
    definition: {
      en: 'A feed-forward layer made of many experts of which a router picks a few per token.',
      ko: '여러 전문가로 이루어져 라우터가 토큰마다 몇 개만 고르는 피드포워드 레이어.',
    },
    articles: ['/concepts/mixture-of-experts/', '/families/mistral/', '/families/deepseek-v3/'],
  },
  {
    id: 'expert',
    en: 'expert',
    ko: '전문가',
    definition: {
      en: 'One of the feed-forward networks of an MoE layer.',
      ko: 'MoE 레이어를 이루는 피드포워드 네트워크 하나.',
    },
    articles: ['/concepts/mixture-of-experts/'],
  },
  {
    id: 'router',
    en: 'router',
    ko: '라우터',
    definition: {
      en: 'The small linear layer that scores the experts and selects the top-k for each token.',
      ko: '전문가마다 점수를 매겨 토큰마다 상위 k개를 고르는 작은 선형 레이어.',
    },
    articles: ['/concepts/mixture-of-experts/'],
  },
  {
    id: 'shared-expert',
    en: 'shared expert',
    ko: '공유 전문가',
    definition: {
      en: 'An expert every token passes through, beside the routed ones.',
      ko: '라우팅 전문가와 별도로 모든 토큰이 거치는 전문가.',
    },
    articles: ['/concepts/mixture-of-experts/', '/families/deepseek-v3/'],
  },
  {
    id: 'routed-expert',
    en: 'routed expert',
    ko: '라우팅 전문가',
    definition: {
      en: 'An expert that only the tokens the router sends to it pass through.',
      ko: '라우터가 보낸 토큰만 거치는 전문가.',
    },
    articles: ['/concepts/mixture-of-experts/'],
  },
  {
    id: 'kv-cache',
    en: 'KV cache',
    ko: 'KV 캐시',
    definition: {
      en: 'The keys and values of past tokens kept in memory so decoding does not recompute them.',
      ko: '디코딩 때 다시 계산하지 않도록 지난 토큰의 키와 값을 메모리에 보관한 것.',
    },
    articles: ['/guides/how-we-count/', '/concepts/attention-heads/'],
  },
  {
    id: 'context-length',
    en: 'context length',
    ko: '컨텍스트 길이',
    definition: {
      en: 'The number of tokens in a sequence: the prompt plus what has been generated.',
      ko: '시퀀스의 토큰 수. 프롬프트와 지금까지 생성한 토큰을 합한 값.',
    },
    articles: ['/guides/how-we-count/', '/concepts/rope/'],
  },
  {
    id: 'batch',
    en: 'batch',
    ko: '배치',
    definition: {
      en: 'The number of sequences processed together.',
      ko: '함께 처리하는 시퀀스의 수.',
    },
    articles: ['/guides/how-we-count/'],
  },
  {
    id: 'rope',
    en: 'rotary position embedding (RoPE)',
    ko: '회전 위치 임베딩 (RoPE)',
    definition: {
      en: 'Position encoding that rotates query and key features by an angle proportional to the position.',
      ko: '위치에 비례하는 각도로 쿼리와 키의 특징을 회전시키는 위치 인코딩.',
    },
    articles: ['/concepts/rope/', '/families/llama/'],
  },
  {
    id: 'rope-theta',
    en: 'RoPE base (theta)',
    ko: 'RoPE 기저 주파수 (rope_theta)',
    definition: {
      en: 'The base from which RoPE derives its rotation frequencies; larger bases rotate more slowly.',
      ko: 'RoPE가 회전 주파수를 만드는 기저 값. 클수록 천천히 회전합니다.',
    },
    articles: ['/concepts/rope/'],
  },
  {
    id: 'glu',
    en: 'gated linear unit (GLU)',
    ko: '게이트 선형 유닛 (GLU)',
    definition: {
      en: 'A feed-forward layer whose activation is multiplied by a second, gating projection.',
      ko: '활성화 값에 두 번째 게이트 프로젝션을 곱하는 피드포워드 레이어.',
    },
    articles: ['/concepts/glu/'],
  },
  {
    id: 'swiglu',
    en: 'SwiGLU, GeGLU',
    ko: 'SwiGLU, GeGLU',
    definition: {
      en: 'GLUs with a SiLU (Swish) or a GELU activation.',
      ko: 'SiLU(Swish) 또는 GELU 활성화를 쓰는 GLU.',
    },
    articles: ['/concepts/glu/', '/families/gemma/'],
  },
  {
    id: 'mlp',
    en: 'feed-forward (MLP)',
    ko: '피드포워드 (MLP)',
    definition: {
      en: 'The per-token network of each layer, after attention.',
      ko: '각 레이어에서 어텐션 다음에 토큰마다 적용하는 네트워크.',
    },
    articles: ['/concepts/glu/', '/concepts/where-the-parameters-are/'],
  },
  {
    id: 'rmsnorm',
    en: 'RMSNorm',
    ko: 'RMS 정규화 (RMSNorm)',
    definition: {
      en: 'Normalisation by the root mean square, without subtracting the mean or adding a bias.',
      ko: '평균을 빼거나 바이어스를 더하지 않고 제곱평균제곱근으로 나누는 정규화.',
    },
    articles: ['/concepts/normalization/'],
  },
  {
    id: 'layernorm',
    en: 'LayerNorm',
    ko: '레이어 정규화 (LayerNorm)',
    definition: {
      en: 'Normalisation to zero mean and unit variance, then a learned scale and bias.',
      ko: '평균 0, 분산 1로 맞춘 뒤 학습된 스케일과 바이어스를 적용하는 정규화.',
    },
    articles: ['/concepts/normalization/', '/families/gpt-2/'],
  },
  {
    id: 'pre-norm',
    en: 'pre-norm / post-norm',
    ko: '프리 노름 / 포스트 노름 (pre-norm/post-norm)',
    definition: {
      en: 'Normalising the input of each sub-layer, or its output after the residual addition.',
      ko: '각 하위 레이어의 입력을 정규화하느냐, 잔차 덧셈 뒤의 출력을 정규화하느냐의 차이.',
    },
    articles: ['/concepts/normalization/'],
  },
  {
    id: 'qk-norm',
    en: 'QK-norm',
    ko: 'QK 정규화 (QK-norm)',
    definition: {
      en: 'Normalising queries and keys per head before the attention scores.',
      ko: '어텐션 점수를 계산하기 전에 헤드마다 쿼리와 키를 정규화하는 것.',
    },
    articles: ['/concepts/qk-norm/', '/families/qwen3/'],
  },
  {
    id: 'soft-capping',
    en: 'logit soft-capping',
    ko: '로짓 소프트 캡핑 (soft-capping)',
    definition: {
      en: 'Bounding logits smoothly with c · tanh(x / c).',
      ko: 'c · tanh(x / c)로 로짓을 부드럽게 제한하는 것.',
    },
    articles: ['/concepts/soft-capping/', '/families/gemma/'],
  },
  {
    id: 'attention-sinks',
    en: 'attention sinks',
    ko: '어텐션 싱크 (attention sinks)',
    definition: {
      en: 'Where attention puts the weight it does not need: here, a learned logit per head.',
      ko: '어텐션이 쓸 데 없는 가중치를 보내는 곳. 여기서는 헤드마다 학습된 로짓 하나.',
    },
    articles: ['/concepts/attention-sinks/', '/families/gpt-oss/'],
  },
  {
    id: 'mtp',
    en: 'multi-token prediction (MTP)',
    ko: '다중 토큰 예측 (MTP)',
    definition: {
      en: 'Extra layers trained to predict tokens further ahead than the next one.',
      ko: '다음 토큰보다 더 뒤의 토큰을 예측하도록 학습한 추가 레이어.',
    },
    articles: ['/concepts/multi-token-prediction/', '/families/deepseek-v3/'],
  },
  {
    id: 'tied-embeddings',
    en: 'tied embeddings',
    ko: '임베딩 공유 (tied embeddings)',
    definition: {
      en: 'Using the input embedding table as the output head too.',
      ko: '입력 임베딩 테이블을 출력 헤드로도 쓰는 것.',
    },
    articles: ['/concepts/tied-embeddings/'],
  },
  {
    id: 'embedding',
    en: 'embedding',
    ko: '임베딩',
    definition: {
      en: 'The table that maps each token id to a vector of the hidden size.',
      ko: '토큰 id마다 히든 크기의 벡터를 대응시키는 테이블.',
    },
    articles: ['/concepts/tied-embeddings/', '/concepts/where-the-parameters-are/'],
  },
  {
    id: 'lm-head',
    en: 'output head / lm_head',
    ko: '출력 헤드 (lm_head)',
    definition: {
      en: 'The final projection from the hidden size to one logit per vocabulary entry.',
      ko: '히든 크기에서 어휘 항목마다 로짓 하나로 가는 마지막 프로젝션.',
    },
    articles: ['/concepts/tied-embeddings/'],
  },
  {
    id: 'parameters',
    en: 'parameters',
    ko: '파라미터',
    definition: {
      en: 'The learned numbers of a model, counted element by element over its tensors.',
      ko: '모델이 학습한 수. 텐서의 원소를 하나하나 센 값.',
    },
    articles: ['/concepts/where-the-parameters-are/', '/guides/how-we-count/'],
  },
  {
    id: 'active-parameters',
    en: 'active parameters',
    ko: '활성 파라미터',
    definition: {
      en: 'The parameters one token actually uses: in an MoE, only its selected experts.',
      ko: '토큰 하나가 실제로 쓰는 파라미터. MoE에서는 선택된 전문가만 셉니다.',
    },
    articles: ['/concepts/mixture-of-experts/', '/families/mistral/'],
  },
  {
    id: 'checkpoint',
    en: 'checkpoint',
    ko: '체크포인트',
    definition: {
      en: 'The stored weight files of a model, which may hold more than its parameters (scales, buffers).',
      ko: '모델의 가중치를 저장한 파일. 파라미터 외에 스케일이나 버퍼가 더 들어 있기도 합니다.',
    },
    articles: ['/guides/how-we-count/'],
  },
  {
    id: 'tensor',
    en: 'tensor',
    ko: '텐서',
    definition: {
      en: 'A named array of the checkpoint, such as model.layers.0.mlp.down_proj.weight.',
      ko: 'model.layers.0.mlp.down_proj.weight처럼 이름이 붙은 체크포인트의 배열.',
    },
    articles: ['/concepts/where-the-parameters-are/'],
  },
  {
    id: 'head-dim',
    en: 'head dimension (head_dim)',
    ko: '헤드 차원 (head_dim)',
    definition: {
      en: 'The width of one attention head’s queries, keys and values.',
      ko: '어텐션 헤드 하나의 쿼리, 키, 값의 너비.',
    },
    articles: ['/concepts/attention-heads/'],
  },
  {
    id: 'hidden-size',
    en: 'hidden size (hidden_size)',
    ko: '히든 크기 (hidden_size)',
    definition: {
      en: 'The width of the residual stream every layer reads and writes.',
      ko: '모든 레이어가 읽고 쓰는 잔차 스트림의 너비.',
    },
    articles: ['/concepts/where-the-parameters-are/'],
  },
  {
    id: 'vocabulary',
    en: 'vocabulary (vocab_size)',
    ko: '어휘 (vocab_size)',
    definition: {
      en: 'The number of token ids the embedding table and output head cover.',
      ko: '임베딩 테이블과 출력 헤드가 다루는 토큰 id의 수.',
    },
    articles: ['/concepts/tied-embeddings/'],
  },
  {
    id: 'prefill',
    en: 'prefill',
    ko: '프리필',
    definition: {
      en: 'Processing the whole prompt at once, filling the KV cache.',
      ko: '프롬프트 전체를 한 번에 처리하며 KV 캐시를 채우는 단계.',
    },
    articles: ['/guides/how-we-count/'],
  },
  {
    id: 'decode',
    en: 'decode',
    ko: '디코드',
    definition: {
      en: 'Generating one token at a time, each attending to the cache.',
      ko: '캐시를 참조하며 토큰을 하나씩 생성하는 단계.',
    },
    articles: ['/guides/how-we-count/'],
  },
  {
    id: 'flops',
    en: 'FLOPs',
    ko: 'FLOPs (부동소수점 연산 수)',
    definition: {
      en: 'Floating-point operations; a multiply-add counts as two.',
      ko: '부동소수점 연산의 수. 곱셈-덧셈 하나를 둘로 셉니다.',
    },
    articles: ['/guides/how-we-count/'],
  },
  {
    id: 'quantization',
    en: 'quantization',
    ko: '양자화',
    definition: {
      en: 'Storing weights or the KV cache in fewer bits per element (fp8, int8, int4).',
      ko: '가중치나 KV 캐시를 원소당 더 적은 비트(fp8, int8, int4)로 저장하는 것.',
    },
    articles: ['/guides/how-we-count/', '/families/gpt-oss/'],
  },
  {
    id: 'weights',
    en: 'weights',
    ko: '가중치',
    definition: {
      en: 'The parameter tensors as stored, in their element type.',
      ko: '저장된 그대로의 자료형으로 본 파라미터 텐서.',
    },
    articles: ['/concepts/where-the-parameters-are/'],
  },
  {
    id: 'memory-planner',
    en: 'memory planner / “Will it fit?”',
    ko: '메모리 계획 / “GPU에 들어갈까?”',
    definition: {
      en: 'Adding up weights and KV cache per GPU against a GPU’s memory less a reserve.',
      ko: 'GPU당 가중치와 KV 캐시를 더해 예비분을 뺀 GPU 메모리와 견주어 보는 것.',
    },
    articles: ['/guides/will-it-fit/'],
  },
  {
    id: 'gib',
    en: 'GiB',
    ko: 'GiB (이진 단위, 2^30 바이트)',
    definition: {
      en: 'Gibibyte: 2^30 bytes, the unit every byte count on this site uses.',
      ko: '기비바이트. 2^30 바이트로, 이 사이트의 모든 바이트 수는 이 이진 단위로 씁니다.',
    },
    articles: ['/guides/how-we-count/'],
  },
];
