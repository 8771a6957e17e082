/**
 * The weight-drift tool's strings (status, errors, the heatmap's words), in both languages: apart
 * from messages.ts so that only the tool's page and <WeightDrift> carry them (the embed bundle does
 * not). src/site/i18n.ts merges them into the one dictionary; the page's language is `<html lang>`.
 */
import type { HeatmapText } from '../../lib/drift-heatmap.ts';
import type { BrowserLang } from './messages.ts';

export const DRIFT_MESSAGES = {
  en: {
    'drift.checkpointA': 'Checkpoint A',
    'drift.checkpointB': 'Checkpoint B',
    'drift.badRepo': '{label}: "{repo}" is not a Hub repo id ({problem}).',
    'drift.badRows': 'Rows per tensor: a whole number from 1 to 100000.',
    'drift.badSeed': 'Seed: a whole number from 0 to 4294967295.',
    'drift.readingHeaders': 'Reading the checkpoints’ headers…',
    'drift.workerFailed': 'The worker failed to start.',
    'drift.cancelled': 'Cancelled.',
    'drift.planned':
      '{tensors} tensors in each checkpoint. Headers read ({headerBytes}); measuring will read {bytes} of tensor rows from {hub}.',
    'drift.readingRows': 'Reading rows: {done} of {total} tensors.',
    'drift.done': 'Done: {count} tensors measured.',
    'drift.heatmapTitle': '{b} against {a}: median relative change per tensor ({count} tensors so far)',
    'drift.error.unauthorized':
      '{what}: {status}, the repo is gated or private: accept its licence on the Hub and give an access token (HF_TOKEN)',
    'drift.error.refused':
      '{what}: {status}, the token was refused or has no access to this repo (accept its licence on the Hub first)',
    'drift.error.notFound': '{what}: not found (404)',
    'drift.error.truncated': '{what}: truncated, received {received} of {expected} bytes',
    'drift.error.broken': '{what}: truncated, the connection broke after {received} bytes',
    'drift.error.mismatch': 'the checkpoints differ in {count} tensors:',
    'drift.error.onlyIn': '{name}: only in {repo}',
    'drift.error.shapes': '{name}: shape {shapeA} in {a}, {shapeB} in {b}',
    'drift.error.more': '… and {count} more',
    'drift.error.dtype':
      '{where}: tensor "{tensor}" is {dtype}; only BF16, F16 and F32 can be compared (quantized or integer weights are not decoded)',
    'drift.error.other': '{message}',
    'drift.heat.layer': 'Layer →',
    'drift.heat.outside': 'Outside the layers',
    'drift.heat.legend': 'median change',
    'drift.heat.undefinedNorm': 'undefined (‖a‖ = 0)',
    'drift.heat.exactEveryRow': 'exact: every row read',
    'drift.heat.interval': '{level} bootstrap interval {lo} to {hi}',
    'drift.heat.median': 'median |b − a| / (|a| + {epsilon}): {value} ({percent} %); {interval}',
    'drift.heat.rowsRead': 'rows read: {rows} of {total}{sampling}',
    'drift.heat.sampling': ' (seed {seed}, {resamples} resamples)',
  },
  ko: {
    'drift.checkpointA': '체크포인트 A',
    'drift.checkpointB': '체크포인트 B',
    'drift.badRepo': '{label}: "{repo}"은(는) Hub 저장소 id가 아닙니다 ({problem}).',
    'drift.badRows': '텐서당 행 수: 1부터 100000까지의 정수여야 합니다.',
    'drift.badSeed': '시드: 0부터 4294967295까지의 정수여야 합니다.',
    'drift.readingHeaders': '체크포인트의 헤더를 읽는 중…',
    'drift.workerFailed': '워커(Web Worker)를 시작하지 못했습니다.',
    'drift.cancelled': '취소했습니다.',
    'drift.planned':
      '체크포인트마다 텐서 {tensors}개. 헤더를 읽었습니다 ({headerBytes}). 측정을 시작하면 {hub}에서 텐서 행 {bytes}를 읽습니다.',
    'drift.readingRows': '행을 읽는 중: 텐서 {total}개 중 {done}개 완료.',
    'drift.done': '완료: 텐서 {count}개를 측정했습니다.',
    'drift.heatmapTitle': '{a} 대비 {b}: 텐서별 상대 변화량의 중앙값 (지금까지 텐서 {count}개)',
    'drift.error.unauthorized':
      '{what}: {status}, 게이트 또는 비공개 저장소입니다. Hub에서 라이선스에 동의한 뒤 액세스 토큰(HF_TOKEN)을 입력하세요.',
    'drift.error.refused':
      '{what}: {status}, 토큰이 거부되었거나 이 저장소에 접근할 권한이 없습니다 (먼저 Hub에서 라이선스에 동의하세요).',
    'drift.error.notFound': '{what}: 찾을 수 없습니다 (404). 저장소 id와 리비전을 확인하세요.',
    'drift.error.truncated': '{what}: 응답이 잘렸습니다. {expected}바이트 중 {received}바이트만 받았습니다.',
    'drift.error.broken': '{what}: 응답이 잘렸습니다. {received}바이트를 받은 뒤 연결이 끊겼습니다.',
    'drift.error.mismatch': '두 체크포인트는 텐서 {count}개의 이름이나 형태가 다릅니다:',
    'drift.error.onlyIn': '{name}: {repo}에만 있음',
    'drift.error.shapes': '{name}: {a}에서는 형태 {shapeA}, {b}에서는 {shapeB}',
    'drift.error.more': '… 외 {count}개',
    'drift.error.dtype':
      '{where}: 텐서 "{tensor}"의 자료형이 {dtype}입니다. BF16, F16, F32만 비교할 수 있습니다 (양자화된 가중치나 정수 가중치는 디코딩하지 않습니다).',
    'drift.error.other': '체크포인트를 읽지 못했습니다: {message}',
    'drift.heat.layer': '레이어 →',
    'drift.heat.outside': '레이어 밖의 텐서',
    'drift.heat.legend': '변화량 중앙값',
    'drift.heat.undefinedNorm': '정의되지 않음 (‖a‖ = 0)',
    'drift.heat.exactEveryRow': '정확한 값: 모든 행을 읽음',
    'drift.heat.interval': '{level} 부트스트랩 구간 {lo}~{hi}',
    'drift.heat.median': '|b − a| / (|a| + {epsilon})의 중앙값: {value} ({percent} %); {interval}',
    'drift.heat.rowsRead': '읽은 행: {total}개 중 {rows}개{sampling}',
    'drift.heat.sampling': ' (시드 {seed}, 재표본 {resamples}회)',
  },
} as const satisfies Record<BrowserLang, Record<string, string>>;

export type DriftMessageKey = keyof (typeof DRIFT_MESSAGES)['en'];

/** A drift string with `{name}` placeholders filled. */
export function td(lang: BrowserLang, key: DriftMessageKey, vars: Record<string, string | number> = {}): string {
  const text: string = DRIFT_MESSAGES[lang][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The heatmap's words in a language (src/lib/drift-heatmap.ts fills their placeholders). */
export function heatmapText(lang: BrowserLang): HeatmapText {
  const m = DRIFT_MESSAGES[lang];
  return {
    layer: m['drift.heat.layer'],
    outside: m['drift.heat.outside'],
    legend: m['drift.heat.legend'],
    undefinedNorm: m['drift.heat.undefinedNorm'],
    exactEveryRow: m['drift.heat.exactEveryRow'],
    interval: m['drift.heat.interval'],
    median: m['drift.heat.median'],
    rowsRead: m['drift.heat.rowsRead'],
    sampling: m['drift.heat.sampling'],
  };
}
