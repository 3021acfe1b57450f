/**
 * Whether the terminal report is coloured. --color always / never decide; auto colours a terminal, unless
 * NO_COLOR is set; FORCE_COLOR (any value but 0 or false) forces colour in auto mode, so
 * `FORCE_COLOR=1 aws-tips audit | less -R` works like `--color always`.
 */
export type ColorWhen = 'auto' | 'always' | 'never';

export function useColor(when: ColorWhen | undefined, isTTY: boolean, env: Record<string, string | undefined>): boolean {
  if (when === 'always') return true;
  if (when === 'never') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if (env.NO_COLOR) return false;
  return isTTY;
}
