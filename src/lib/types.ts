/**
 * The one vocabulary the library speaks after a config has been parsed.
 *
 * Hugging Face key names (`num_key_value_heads`, `tie_word_embeddings`, …) stop at the parsers in
 * `architectures/`; everything downstream (tensors, counts, KV cache, FLOPs, the site, the CLI)
 * reads a {@link ModelSpec}.
 */

/** How a layer normalises its input. */
export interface NormSpec {
  /** `layernorm` (mean and variance, GPT-2) or `rmsnorm` (root mean square only, Llama and later). */
  kind: 'layernorm' | 'rmsnorm';
  /** The epsilon the config sets (`layer_norm_epsilon` or `rms_norm_eps`). */
  epsilon: number;
  /** LayerNorm with a learned bias (GPT-2); RMSNorm has none. */
  hasBias: boolean;
  /** Gemma scales by (1 + w) rather than w, so its weights are stored zero-centred. */
  unitOffset: boolean;
  /** Norm modules per decoder layer: 2 (pre-attention, pre-MLP), 4 for Gemma 2 (pre and post each). */
  perLayer: number;
}

/** The MLP's nonlinearity, and whether it is gated (GLU: gate ⊙ act(up)). */
export interface ActivationSpec {
  /** The config's name for it, as transformers' ACT2FN spells it (`silu`, `gelu_pytorch_tanh`, `gelu_new`). */
  name: string;
  /** Gated MLPs have three matrices (gate, up, down); plain ones have two. */
  gated: boolean;
  /** Readable name of the MLP: `SwiGLU`, `GeGLU`, `GELU`. */
  label: string;
}

/** The rope_scaling block of a config, kept as data: context extension is a fact a page shows. */
export interface RopeScalingSpec {
  /** `rope_type` (or the older `type`): `llama3`, `linear`, `dynamic`, `yarn`, … */
  type: string;
  /** The scaling factor, when the config gives one. */
  factor: number | null;
  /** The context the model was trained at before the extension, when the config gives it. */
  originalMaxPositionEmbeddings: number | null;
  /** Every other numeric or string field of the block, verbatim (e.g. `low_freq_factor`). */
  parameters: Record<string, number | string | boolean>;
}

/** Where a model gets its position information from. */
export type PositionSpec =
  | {
      /** A learned absolute position table (`wpe`), GPT-2. */
      kind: 'learned';
      /** Rows in the table: the longest sequence the model can see. */
      maxPositions: number;
    }
  | {
      /** Rotary position embedding applied to queries and keys. */
      kind: 'rope';
      /** The base θ of the rotary frequencies (`rope_theta`). */
      theta: number;
      /** Context extension, or null when the config has none. */
      scaling: RopeScalingSpec | null;
    };

/** Mixture of experts: which layers route, and how big each expert is. */
export interface MoeSpec {
  /** Routed experts per MoE layer (`num_local_experts`, `num_experts`). */
  experts: number;
  /** Experts each token is routed to (`num_experts_per_tok`). */
  topK: number;
  /** Hidden width of one routed expert's MLP. */
  expertFfnSize: number;
  /** Width of the always-on shared expert (Qwen2-MoE), or null when there is none. */
  sharedExpertFfnSize: number | null;
  /** Whether a sigmoid gate (a [1, hidden] matrix) scales the shared expert's output. */
  sharedExpertGate: boolean;
  /** Per layer: true where the MLP is the routed mixture, false where it is a dense MLP. */
  moeLayers: boolean[];
  /** Whether the top-k routing weights are renormalised to sum to 1 (`norm_topk_prob`). */
  normalizeTopK: boolean;
}

/** Gemma 2's tanh soft-capping: logits become cap · tanh(logits / cap). */
export interface SoftCappingSpec {
  /** Cap on attention scores (`attn_logit_softcapping`), or null when off. */
  attentionLogits: number | null;
  /** Cap on the output logits (`final_logit_softcapping`), or null when off. */
  finalLogits: number | null;
}

/** Which linear layers carry a bias vector. */
export interface BiasSpec {
  /** Bias on the q, k and v projections (Qwen2; Llama/Gemma with `attention_bias`). */
  qkv: boolean;
  /** Bias on the attention output projection. */
  attentionOutput: boolean;
  /** Bias on the MLP matrices (GPT-2; Llama with `mlp_bias`). */
  mlp: boolean;
}

/**
 * One architecture description, normalised from any supported config.
 * Every size is a count (of layers, heads, features or tokens), never bytes.
 */
export interface ModelSpec {
  /** The config's `model_type` (`llama`, `gemma2`, …). */
  modelType: string;
  /** The transformers class the config names (`architectures[0]`), or the family's causal-LM class. */
  architectureClass: string;
  /** Decoder layers (`num_hidden_layers`, `n_layer`). */
  layers: number;
  /** Width of the residual stream (`hidden_size`, `n_embd`). */
  hiddenSize: number;
  /** Query heads per layer. */
  heads: number;
  /** Key/value heads per layer: = heads for MHA, 1 for MQA, in between for GQA. */
  kvHeads: number;
  /** Features per head: the config's `head_dim` when set, else hiddenSize / heads. */
  headDim: number;
  /** Hidden width of the dense MLP (`intermediate_size`, `n_inner`). */
  ffnSize: number;
  /** Rows of the token embedding (`vocab_size`). */
  vocabSize: number;
  /** The longest context the config declares (`max_position_embeddings`, `n_positions`). */
  maxContextTokens: number;
  norm: NormSpec;
  activation: ActivationSpec;
  bias: BiasSpec;
  /** Whether the output head reuses the token embedding matrix (no separate `lm_head.weight`). */
  tiedEmbeddings: boolean;
  position: PositionSpec;
  /**
   * Per layer, the attention window in tokens (a layer attends to at most this many most recent
   * tokens, itself included), or null for full (global) attention.
   */
  layerWindows: (number | null)[];
  /** Mixture-of-experts structure, or null for a dense model. */
  moe: MoeSpec | null;
  softCapping: SoftCappingSpec;
  /** Gemma 2 scales queries by 1/√query_pre_attn_scalar instead of 1/√headDim; null elsewhere. */
  queryPreAttnScalar: number | null;
}

/** What a parameter tensor is for: drives the embedding/non-embedding split and the FLOP count. */
export type TensorRole =
  | 'tokenEmbedding'
  | 'positionEmbedding'
  | 'attention'
  | 'mlp'
  | 'router'
  | 'routedExpert'
  | 'sharedExpert'
  | 'sharedExpertGate'
  | 'norm'
  | 'lmHead';

/** One parameter tensor as stored in the checkpoint. */
export interface TensorInfo {
  /** The transformers state-dict name, e.g. `model.layers.31.self_attn.k_proj.weight`. */
  name: string;
  /** The stored shape (PyTorch `[out, in]` for nn.Linear; GPT-2's Conv1D stores `[in, out]`). */
  shape: number[];
  /** Elements in the tensor: the product of its shape. */
  parameters: number;
  role: TensorRole;
  /** 0-based decoder layer, or null for tensors outside the layer stack. */
  layer: number | null;
  /** 0-based routed expert index, or null. */
  expert: number | null;
  /**
   * Whether every token is multiplied by this matrix in a forward pass (a weight matrix of a
   * linear layer); false for embedding lookups, norms and biases, which cost no FLOPs here.
   */
  isMatmul: boolean;
}
