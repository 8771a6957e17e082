/**
 * The rows of the feature matrix on /compare/: one family version each, drawn from one snapshot
 * model, with the one column no config records, the training tokens, typed here with its source.
 * Every other cell is computed from the model's config (src/lib/features.ts).
 *
 * Training tokens are as the cited source states them, for the size named. Where the source gives
 * no figure the cell says "not stated" and links the report that was checked; nothing is estimated.
 */

/** A citation: the paper, model card or official post a typed fact comes from. */
export interface Citation {
  title: string;
  href: string;
}

export interface TrainingTokens {
  /** `stated`: the source gives a figure; `not stated`: the source was checked and gives none. */
  status: 'stated' | 'not stated';
  /** The figure as the source words it, or what the source says instead of a figure. */
  text: string;
  /** The same in Korean, for the Korean edition. */
  textKo: string;
  source: Citation;
}

export interface FamilyRow {
  /** The family version, as readers name it. */
  family: string;
  /** The snapshot model the row's config-determined cells are computed from. */
  model: string;
  training: TrainingTokens;
}

const GPT2_PAPER =
  'https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf';

export const FAMILY_ROWS: readonly FamilyRow[] = [
  {
    family: 'GPT-2',
    model: 'openai-community/gpt2-xl',
    training: {
      status: 'not stated',
      text: 'not stated; WebText: over 8 million documents, 40 GB of text',
      textKo: '밝히지 않음. WebText: 문서 800만 개 이상, 텍스트 40 GB',
      source: { title: 'Radford et al., 2019', href: GPT2_PAPER },
    },
  },
  {
    family: 'Llama 2',
    model: 'meta-llama/Llama-2-7b-hf',
    training: {
      status: 'stated',
      text: '2T tokens',
      textKo: '2T 토큰',
      source: { title: 'Touvron et al., 2023', href: 'https://arxiv.org/abs/2307.09288' },
    },
  },
  {
    family: 'Llama 3',
    model: 'meta-llama/Meta-Llama-3-8B',
    training: {
      status: 'stated',
      text: 'over 15T tokens',
      textKo: '15T 토큰 이상',
      source: { title: 'Llama 3 model card', href: 'https://github.com/meta-llama/llama3/blob/main/MODEL_CARD.md' },
    },
  },
  {
    family: 'Llama 3.1',
    model: 'meta-llama/Llama-3.1-8B',
    training: {
      status: 'stated',
      text: '~15T tokens',
      textKo: '약 15T 토큰',
      source: {
        title: 'Llama 3.1 model card',
        href: 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/MODEL_CARD.md',
      },
    },
  },
  {
    family: 'Llama 3.2',
    model: 'meta-llama/Llama-3.2-3B-Instruct',
    training: {
      status: 'stated',
      text: 'up to 9T tokens',
      textKo: '최대 9T 토큰',
      source: {
        title: 'Llama 3.2 model card',
        href: 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/MODEL_CARD.md',
      },
    },
  },
  {
    family: 'Mistral 7B',
    model: 'mistralai/Mistral-7B-v0.1',
    training: {
      status: 'not stated',
      text: 'not stated',
      textKo: '밝히지 않음',
      source: { title: 'Jiang et al., 2023', href: 'https://arxiv.org/abs/2310.06825' },
    },
  },
  {
    family: 'Mixtral',
    model: 'mistralai/Mixtral-8x7B-v0.1',
    training: {
      status: 'not stated',
      text: 'not stated',
      textKo: '밝히지 않음',
      source: { title: 'Jiang et al., 2024', href: 'https://arxiv.org/abs/2401.04088' },
    },
  },
  {
    family: 'Mistral NeMo',
    model: 'mistralai/Mistral-Nemo-Base-2407',
    training: {
      status: 'not stated',
      text: 'not stated',
      textKo: '밝히지 않음',
      source: { title: 'Mistral NeMo announcement', href: 'https://mistral.ai/news/mistral-nemo' },
    },
  },
  {
    family: 'Mistral Large',
    model: 'mistralai/Mistral-Large-Instruct-2407',
    training: {
      status: 'not stated',
      text: 'not stated',
      textKo: '밝히지 않음',
      source: { title: 'Mistral Large 2 announcement', href: 'https://mistral.ai/news/mistral-large-2407' },
    },
  },
  {
    family: 'Gemma',
    model: 'google/gemma-2b',
    training: {
      status: 'stated',
      text: '3T tokens (2B; the 7B: 6T)',
      textKo: '3T 토큰 (2B; 7B는 6T)',
      source: { title: 'Gemma Team, 2024', href: 'https://arxiv.org/abs/2403.08295' },
    },
  },
  {
    family: 'Gemma 2',
    model: 'google/gemma-2-9b',
    training: {
      status: 'stated',
      text: '8T tokens (9B)',
      textKo: '8T 토큰 (9B)',
      source: { title: 'Gemma Team, 2024', href: 'https://arxiv.org/abs/2408.00118' },
    },
  },
  {
    family: 'Gemma 3',
    model: 'google/gemma-3-27b-it',
    training: {
      status: 'stated',
      text: '14T tokens (27B)',
      textKo: '14T 토큰 (27B)',
      source: { title: 'Gemma Team, 2025', href: 'https://arxiv.org/abs/2503.19786' },
    },
  },
  {
    family: 'Qwen2',
    model: 'Qwen/Qwen2-7B',
    training: {
      status: 'stated',
      text: 'over 7T tokens',
      textKo: '7T 토큰 이상',
      source: { title: 'Qwen2 technical report', href: 'https://arxiv.org/abs/2407.10671' },
    },
  },
  {
    family: 'Qwen2.5',
    model: 'Qwen/Qwen2.5-7B',
    training: {
      status: 'stated',
      text: '18T tokens',
      textKo: '18T 토큰',
      source: { title: 'Qwen2.5 technical report', href: 'https://arxiv.org/abs/2412.15115' },
    },
  },
  {
    family: 'Qwen3',
    model: 'Qwen/Qwen3-8B',
    training: {
      status: 'stated',
      text: 'about 36T tokens',
      textKo: '약 36T 토큰',
      source: { title: 'Qwen3 technical report', href: 'https://arxiv.org/abs/2505.09388' },
    },
  },
  {
    family: 'DeepSeek-V3',
    model: 'deepseek-ai/DeepSeek-V3',
    training: {
      status: 'stated',
      text: '14.8T tokens',
      textKo: '14.8T 토큰',
      source: { title: 'DeepSeek-V3 technical report', href: 'https://arxiv.org/abs/2412.19437' },
    },
  },
  {
    family: 'gpt-oss',
    model: 'openai/gpt-oss-120b',
    training: {
      status: 'not stated',
      text: 'not stated ("trillions of tokens")',
      textKo: '밝히지 않음 ("수조 토큰")',
      source: { title: 'gpt-oss model card', href: 'https://arxiv.org/abs/2508.10925' },
    },
  },
  {
    family: 'Phi-4',
    model: 'microsoft/phi-4',
    training: {
      status: 'stated',
      text: '9.8T tokens',
      textKo: '9.8T 토큰',
      source: { title: 'phi-4 model card', href: 'https://huggingface.co/microsoft/phi-4' },
    },
  },
];
