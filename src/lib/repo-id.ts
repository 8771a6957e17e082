/** Hub repo ids (`org/name`), checked as the Hub checks them. */

/** The longest repo name the Hub accepts (the part after the slash). */
export const MAX_REPO_NAME_LENGTH = 96;

/**
 * Why `id` is not a Hub model id of the form `org/name`, or null when it is one. The rules are
 * huggingface_hub's `validate_repo_id` (github.com/huggingface/huggingface_hub,
 * src/huggingface_hub/utils/_validators.py), which mirrors
 * the Hub's own check: `REPO_ID_REGEX` is `^(\b[\w\-.]+\b/)?\b[\w\-.]{1,96}\b$` with ASCII `\w`, so
 * each part holds only letters, digits, `-`, `_` and `.`, starts and ends with a letter, digit or
 * `_` (the `\b`s), and the name has at most 96 characters; then `--` and `..` are refused
 * anywhere and so is a trailing `.git`. The namespace, optional there, is required here: every
 * model of the snapshot lives in `content/configs/<org>/<name>/`. These rules also keep an id from
 * naming any other folder: no part can be empty, `.` or `..`, hold a slash or a backslash, or be
 * absolute.
 *
 * @example repoIdProblem('openai-community/gpt2') //=> null
 * @example repoIdProblem('Qwen/..') //=> 'neither org nor name may be "." or ".."'
 */
export function repoIdProblem(id: string): string | null {
  const parts = id.split('/');
  if (parts.length !== 2) return 'must be exactly org/name, with one slash';
  const [org = '', name = ''] = parts;
  if (org === '' || name === '') return 'must be exactly org/name, neither part empty';
  if (['.', '..'].includes(org) || ['.', '..'].includes(name)) return 'neither org nor name may be "." or ".."';
  if (!/^[A-Za-z0-9_.-]+$/.test(org) || !/^[A-Za-z0-9_.-]+$/.test(name)) {
    return 'org and name may hold only letters, digits, "-", "_" and "."';
  }
  if (!/^\w(?:.*\w)?$/.test(org) || !/^\w(?:.*\w)?$/.test(name)) {
    return 'org and name must each start and end with a letter, a digit or "_"';
  }
  if (name.length > MAX_REPO_NAME_LENGTH) return `the name may have at most ${MAX_REPO_NAME_LENGTH} characters`;
  if (id.includes('--') || id.includes('..')) return 'may not contain "--" or ".."';
  if (id.endsWith('.git')) return 'may not end in ".git"';
  return null;
}
