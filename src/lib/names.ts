/**
 * Tensor names for display. No imports: the browser's lightest islands use it.
 */

/**
 * A tensor name cut after each dot: where a long name may wrap on a phone. Pages keep each segment
 * whole, so a range like `[0–255]` never splits.
 *
 * @example nameSegments('model.layers.[0–31].mlp.up_proj.weight') //=> ['model.', 'layers.', '[0–31].', 'mlp.', 'up_proj.', 'weight']
 */
export function nameSegments(name: string): string[] {
  return name.split(/(?<=\.)/);
}
