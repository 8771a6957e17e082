/**
 * Plain-language provenance for a model page: where its config.json and its Hub parameter count were recorded
 * from (hub.json's `configSource`, `configStatus`, `parametersSource`), with a link where the source names one.
 */
import type { HubRecord } from '../../lib/hub-record.ts';

/** How faithful the stored config.json is to the Hub file, as a phrase that precedes "from <source>". */
export const CONFIG_STATUS: Record<HubRecord['configStatus'], string> = {
  verbatim: 'A byte-for-byte copy of the Hub file',
  transcribed: 'Every key and value of the Hub file, transcribed',
  partial: 'The Hub file’s values as a loader printed them',
};

/** CONFIG_STATUS in Korean, for the Korean model pages. */
export const CONFIG_STATUS_KO: Record<HubRecord['configStatus'], string> = {
  verbatim: 'Hub 파일을 바이트 단위까지 그대로 복사한 것',
  transcribed: 'Hub 파일의 모든 키와 값을 옮겨 적은 것',
  partial: '로더가 출력한 Hub 파일의 값',
};

/**
 * A URL for a source: the source itself when it is one, or a GitHub file at a pinned commit when the source reads
 * "owner/repo path/to/file, commit <sha>"; null otherwise.
 */
export function sourceUrl(source: string): string | null {
  const url = /^https?:\/\/\S+$/.exec(source.trim());
  if (url) return url[0];
  const github = /^([\w.-]+\/[\w.-]+) ([\w./-]+?)[,;] commit ([0-9a-f]{40})\b/.exec(source);
  if (github) return `https://github.com/${github[1]}/blob/${github[3]}/${github[2]}`;
  return null;
}
