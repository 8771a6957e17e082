/**
 * The one vocabulary the library speaks after a config has been parsed.
 *
 * Hugging Face key names (`num_key_value_heads`, `tie_word_embeddings`, …) stop at the parsers in
 * `architectures/`; everything downstream (tensors, counts, KV cache, FLOPs, the site, the CLI)
 * reads a {@link ModelSpec}. A spec is plain data (no classes, no functions): the browser's
 * calculators receive it serialised as JSON and load no zod.
 *
 * Since 2024 layers of one model differ (Gemma 3's 5 local : 1 global, Llama 4's chunked and NoPE
 * layers, DeepSeek-V3's dense prefix before its MoE layers), so what a layer does is described
 * per layer, in {@link ModelSpec.decoderLayers}.
 */

/** How a model normalises. */
export interface NormSpec {
  /** `layernorm` (mean and variance, GPT-2) or `rmsnorm` (root mean square only, Llama and later). */
  kind: 'layernorm' | 'rmsnorm';
  /** The epsilon the config sets (`layer_norm_epsilon` or `rms_norm_eps`). */
  epsilon: number;
  /** LayerNorm with a learned bias (GPT-2); RMSNorm has none. */
  hasBias: boolean;
  /** Gemma scales by (1 + w) rather than w, so its weights are stored zero-centred. */
  unitOffset: boolean;
  /**
   * The norm modules of each decoder layer, by their checkpoint names, in state-dict order:
   * `input_layernorm` and `post_attention_layernorm` for Llama; Gemma 2 adds the two around the MLP.
   */
  layerNorms: string[];
  /** Whether each layer normalises queries and keys per head (Qwen3, Gemma 3: `q_norm`, `k_norm` of width head_dim). */
  qkNorm: boolean;
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

/** Where a model gets its position information from (the model-wide scheme; layers may differ, see {@link LayerPositionSpec}). */
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
      /** The base θ of the rotary frequencies of the global layers (`rope_theta`). */
      theta: number;
      /** Context extension, or null when the config has none. */
      scaling: RopeScalingSpec | null;
      /**
       * The fraction of each head's features that rotate (`partial_rotary_factor`, Phi-3), present
       * only when a config sets it below 1; the rest of the head carries no position.
       */
      rotaryFraction?: number;
    };

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
 * What one layer's attention computes and caches.
 * - `gqa`: grouped-query attention; MHA when kvHeads = heads, MQA when kvHeads = 1.
 * - `mla`: multi-head latent attention (DeepSeek-V2/V3): keys and values are decompressed from one
 *   latent of `kvLoraRank` features per token, plus a shared `qkRopeHeadDim`-wide rotary key.
 */
export type AttentionSpec =
  | {
      kind: 'gqa';
      /** Query heads. */
      heads: number;
      /** Key/value heads: = heads for MHA, 1 for MQA, in between for GQA. */
      kvHeads: number;
      /** Features per head: the config's `head_dim` when set, else hiddenSize / heads. */
      headDim: number;
      /**
       * Whether each query head has a learned sink logit (`self_attn.sinks`, gpt-oss): an extra
       * softmax column that takes attention mass without contributing a value. One scalar per head:
       * parameters, but no cached keys or values.
       */
      sinks: boolean;
    }
  | {
      kind: 'mla';
      /** Query heads (each also gets its own decompressed key and value head). */
      heads: number;
      /** Width of the compressed KV latent (`kv_lora_rank`). */
      kvLoraRank: number;
      /** Width of the rotary part of each query/key head, shared by all heads for keys (`qk_rope_head_dim`). */
      qkRopeHeadDim: number;
      /** Width of the position-free part of each query/key head (`qk_nope_head_dim`). */
      qkNopeHeadDim: number;
      /** Width of each value head (`v_head_dim`). */
      vHeadDim: number;
      /** Width of the compressed query latent (`q_lora_rank`), or null when queries are projected directly. */
      qLoraRank: number | null;
    };

/**
 * Which earlier tokens a layer's query can see.
 * - `global`: every earlier token and itself.
 * - `sliding`: the `windowTokens` most recent tokens, itself included (Mistral, Gemma 2 local layers).
 * - `chunked`: only the tokens of its own chunk of `chunkTokens` (Llama 4's local layers).
 */
export type AttentionReach =
  { kind: 'global' } | { kind: 'sliding'; windowTokens: number } | { kind: 'chunked'; chunkTokens: number };

/** A layer's position encoding: rotary with its own base θ (Gemma 3's local layers differ), or none (NoPE). */
export type LayerPositionSpec =
  | { kind: 'rope'; theta: number; scaling: RopeScalingSpec | null; rotaryFraction?: number }
  | { kind: 'learned' }
  | { kind: 'none' };

/**
 * What one layer's MLP is.
 * - `dense`: one (gated) MLP of `ffnSize` hidden features.
 * - `moe`: a router picks `topK` of `experts` routed experts, each an MLP of `expertFfnSize`; shared
 *   experts, when present, see every token.
 */
export type MlpSpec =
  | { kind: 'dense'; ffnSize: number }
  | {
      kind: 'moe';
      /** Routed experts in this layer. */
      experts: number;
      /** Experts each token is routed to. */
      topK: number;
      /** Hidden width of one routed expert's MLP. */
      expertFfnSize: number;
      /** Always-on shared experts (0 when there are none). */
      sharedExperts: number;
      /** Hidden width of the shared expert MLP (all shared experts together), or null when there are none. */
      sharedExpertFfnSize: number | null;
      /** Whether a sigmoid gate (a [1, hidden] matrix) scales the shared expert's output (Qwen2-MoE). */
      sharedExpertGate: boolean;
      /**
       * Whether the router carries a bias vector: gpt-oss's learned bias, or DeepSeek-V3's
       * `e_score_correction_bias` (auxiliary-loss-free balancing: added to the scores only to pick
       * the top-k, adjusted during training rather than learned by gradient).
       */
      routerBias: boolean;
      /** Whether the top-k routing weights are renormalised to sum to 1 (`norm_topk_prob`). */
      normalizeTopK: boolean;
    };

/** One decoder layer: its attention, what it can see, its position encoding and its MLP. */
export interface LayerSpec {
  attention: AttentionSpec;
  reach: AttentionReach;
  position: LayerPositionSpec;
  mlp: MlpSpec;
}

/**
 * Checkpoint names an architecture gives its MoE blocks, where they differ from the common ones.
 * `projections` lists the expert MLP's matrices in state-dict (registration) order, each with its role.
 */
export interface MoeNaming {
  /** The MoE block under each layer: `mlp` (Qwen), `block_sparse_moe` (Mixtral). */
  block: string;
  /** The router module: `gate` (most), `router` (gpt-oss). */
  router: string;
  /** The router's bias parameter: `bias`, or DeepSeek-V3's `e_score_correction_bias`. */
  routerBias: string;
  /**
   * How experts are stored: `separate` (one module per expert, `experts.E.gate_proj.weight`) or
   * `stacked` (gpt-oss: one [experts, …] tensor per matrix, gate and up fused as `gate_up_proj`
   * of [experts, hidden, 2·width], each with a bias of its own).
   */
  experts: 'separate' | 'stacked';
  /** The expert matrices in registration order: Mixtral registers w1 (gate), w2 (down), w3 (up). */
  projections: ['gate' | 'up' | 'down', string][];
  /** The shared expert module's name (`shared_expert`, `shared_experts`). */
  sharedExpert: string;
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
  /** Width of the residual stream (`hidden_size`, `n_embd`). */
  hiddenSize: number;
  /** The config's `intermediate_size`: the dense MLP width (for Mixtral, each expert's). Per-layer widths are in decoderLayers. */
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
  softCapping: SoftCappingSpec;
  /** Gemma 2 scales queries by 1/√query_pre_attn_scalar instead of 1/√headDim; null elsewhere. */
  queryPreAttnScalar: number | null;
  /** Every decoder layer, in order. */
  decoderLayers: LayerSpec[];
  /** MoE checkpoint names, or null for the common ones (`mlp.experts.E.gate_proj`, `mlp.gate`). */
  moeNaming: MoeNaming | null;
  /**
   * The vision tower a multimodal checkpoint holds next to the language model (Gemma 3's SigLIP),
   * or null for text-only models. Its parameters count in `params.total` (the checkpoint's model
   * holds them) and in `params.vision`; KV cache and FLOPs are the language model's.
   */
  vision: VisionSpec | null;
  /**
   * Where the language model's tensors live: `model` (`model.layers.N…`), or `language_model.model`
   * in a multimodal checkpoint (Gemma 3). The output head is `lm_head` or `language_model.lm_head`.
   */
  tensorPrefix: 'model' | 'language_model.model';
  /**
   * Multi-token-prediction modules the checkpoint stores after the decoder layers
   * (`num_nextn_predict_layers`; DeepSeek-V3: 1, as `model.layers.61`). transformers does not load
   * them, so they are not parameters of the model, but they are elements of the checkpoint.
   */
  multiTokenPredictionLayers: number;
  /**
   * How the checkpoint stores quantized weights (`quantization_config`), or null for unquantized
   * checkpoints. Block-wise FP8 (`quant_method: "fp8"` with `weight_block_size`) stores each quantized
   * linear weight [out, in] with a `weight_scale_inv` of [⌈out/b₀⌉, ⌈in/b₁⌉].
   */
  quantization: {
    method: string;
    weightBlockSize: [number, number] | null;
    /** `dynamic` (no stored activation scales) or `static`; null when the config does not say. */
    activationScheme: string | null;
    /** Modules the config leaves unquantized (`modules_to_not_convert`). */
    modulesNotConverted: string[];
  } | null;
}

/**
 * A SigLIP vision tower (a ViT: patch embedding, learned position table, pre-norm encoder layers
 * with biased q/k/v/out projections and a GELU MLP, a final LayerNorm) plus the projector that maps
 * its output into the language model's embedding space.
 */
export interface VisionSpec {
  /** The vision config's `model_type` (`siglip_vision_model`). */
  modelType: string;
  /** Width of the vision encoder (`vision_config.hidden_size`). */
  hiddenSize: number;
  /** Width of each encoder layer's MLP (`vision_config.intermediate_size`). */
  ffnSize: number;
  /** Encoder layers. */
  layers: number;
  /** Attention heads per encoder layer. */
  heads: number;
  /** Input channels (3 for RGB). */
  channels: number;
  /** Side of the square input image, in pixels. */
  imageSize: number;
  /** Side of a square patch, in pixels: the image is (imageSize / patchSize)² patches, one position each. */
  patchSize: number;
  /** Whether the tower ends in SigLIP's attention-pooling head (`vision_use_head`). */
  poolingHead: boolean;
  /** Image tokens each image becomes in the language model (`mm_tokens_per_image`), or null. */
  tokensPerImage: number | null;
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
  | 'lmHead'
  /** The vision tower and the projector into the language model (multimodal checkpoints). */
  | 'vision';

/**
 * One parameter tensor as stored in the checkpoint, or, for a routed expert's matrix, one record
 * standing for the same tensor in each of the layer's `experts` experts (names `…experts.{expert}…`).
 * Keeping experts as one record is what keeps a 256-expert model a few thousand records long.
 */
export interface TensorInfo {
  /** The transformers state-dict name, e.g. `model.layers.31.self_attn.k_proj.weight`; routed experts hold `{expert}`. */
  name: string;
  /** The stored shape (PyTorch `[out, in]` for nn.Linear; GPT-2's Conv1D stores `[in, out]`). */
  shape: number[];
  /** Elements in one tensor: the product of its shape. */
  parameters: number;
  role: TensorRole;
  /** 0-based decoder layer, or null for tensors outside the layer stack. */
  layer: number | null;
  /** For routed-expert records, how many experts hold this tensor (indices 0 … experts − 1); null otherwise. */
  experts: number | null;
  /**
   * For routed-expert records: true when the checkpoint stores the experts stacked in one tensor of
   * [experts, …shape] under this record's name (gpt-oss), false when each expert has its own tensor.
   */
  stacked: boolean;
  /** 0-based layer of the vision encoder, or null for tensors outside it. */
  encoderLayer: number | null;
  /**
   * Whether every token is multiplied by this matrix in a forward pass (a weight matrix of a
   * linear layer); false for embedding lookups, norms and biases, which cost no FLOPs here.
   */
  isMatmul: boolean;
}
