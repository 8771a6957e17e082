/**
 * Families as the site groups them: by the Hub organisation that publishes the checkpoints, in
 * the order the architectures appeared.
 */
export const FAMILIES = [
  { org: 'openai-community', label: 'GPT-2' },
  { org: 'meta-llama', label: 'Llama' },
  { org: 'mistralai', label: 'Mistral' },
  { org: 'google', label: 'Gemma' },
  { org: 'Qwen', label: 'Qwen' },
] as const;

/** The family label of a Hub organisation, or the organisation itself for one not listed. */
export function familyLabel(org: string): string {
  return FAMILIES.find((family) => family.org === org)?.label ?? org;
}

/** Sort key of an organisation: listed families first, in order, then the rest. */
export function familyRank(org: string): number {
  const index = FAMILIES.findIndex((family) => family.org === org);
  return index === -1 ? FAMILIES.length : index;
}
